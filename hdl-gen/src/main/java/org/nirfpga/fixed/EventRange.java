package org.nirfpga.fixed;

/**
 * The integer values an input port's events may carry, e.g. [0, 1] for spikes or [0, 8] for event
 * counts; the accumulator sizing assumes it and the golden model rejects inputs outside it.
 */
public record EventRange(long min, long max) {
  public EventRange {
    if (min > max) {
      throw new IllegalArgumentException("event range [" + min + ", " + max + "] is empty");
    }
    if (Math.abs(min) > (1L << 20) || Math.abs(max) > (1L << 20)) {
      throw new IllegalArgumentException("event range [" + min + ", " + max
          + "] exceeds +-2^20");
    }
  }

  /** Binary spikes. */
  public static final EventRange SPIKES = new EventRange(0, 1);
}
