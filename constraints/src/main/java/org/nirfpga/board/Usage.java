package org.nirfpga.board;

/** How much of one resource a design uses against what the device has (-1: not known). */
public record Usage(long used, long available) {
  /** Whether the use exceeds a known total. */
  public boolean exceeds() {
    return available >= 0 && used > available;
  }
}
