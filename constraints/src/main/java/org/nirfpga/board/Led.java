package org.nirfpga.board;

/** One board LED: the package pin (site) it sits on and whether it lights when driven low. */
public record Led(String site, boolean activeLow) {
  public Led {
    if (site == null || site.isBlank()) {
      throw new IllegalArgumentException("LED site must not be blank");
    }
  }
}
