package org.nirfpga.fixed;

/**
 * The integer codes an input port's events may carry and what a code is worth: value = code /
 * 2^fracBits. [0, 1] with 0 fractional bits are spikes, [0, 8] event counts; graded real inputs
 * use fractional bits. Accumulators are sized for this range and the golden model rejects inputs
 * outside it.
 */
public record EventRange(long min, long max, int fracBits) {
  /** Largest code magnitude; keeps every weight-times-event product far inside 64 bits. */
  public static final long LIMIT = 1L << 20;

  public EventRange {
    if (min > max) {
      throw new IllegalArgumentException("event range [" + min + ", " + max + "] is empty");
    }
    if (Math.abs(min) > LIMIT || Math.abs(max) > LIMIT) {
      throw new IllegalArgumentException("event range [" + min + ", " + max
          + "] exceeds +-2^20");
    }
    if (fracBits < 0 || fracBits > 20) {
      throw new IllegalArgumentException("event fractional bits " + fracBits + " outside 0..20");
    }
  }

  /** Integer events in [min, max]. */
  public EventRange(long min, long max) {
    this(min, max, 0);
  }

  /** Binary spikes. */
  public static final EventRange SPIKES = new EventRange(0, 1);

  /** The value of one code step, {@code 2^-fracBits}. */
  public double lsb() {
    return Math.scalb(1.0, -fracBits);
  }

  /**
   * The range that holds every value of {@code input} ([step][element]): whole numbers give
   * integer events from min(0, lowest) to max(1, highest); other values get the most fractional
   * bits (at most 16) that keep the codes within +-2^20.
   */
  public static EventRange covering(double[][] input) {
    double lo = 0;
    double hi = 1;
    boolean whole = true;
    for (double[] row : input) {
      for (double x : row) {
        if (!Double.isFinite(x)) {
          throw new IllegalArgumentException("input value " + x + " is not finite");
        }
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
        whole &= x == Math.rint(x);
      }
    }
    int frac = 0;
    if (!whole) {
      frac = 16;
      while (frac > 0 && Math.max(-lo, hi) * Math.scalb(1.0, frac) > LIMIT) {
        frac--;
      }
    }
    long min = (long) Math.floor(Math.scalb(lo, frac));
    long max = (long) Math.ceil(Math.scalb(hi, frac));
    if (Math.abs(min) > LIMIT || Math.abs(max) > LIMIT) {
      throw new IllegalArgumentException("input values " + lo + ".." + hi
          + " exceed the +-2^20 event codes");
    }
    return new EventRange(min, max, frac);
  }
}
