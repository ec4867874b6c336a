package org.nirfpga.fixed;

/**
 * A signed two's-complement fixed-point format: {@code totalBits} wide, value = code / 2^fracBits.
 *
 * <p>{@code fracBits} may exceed {@code totalBits} or be negative: a format for values well below
 * 1 (or well above) keeps all its bits useful. Widths stay at or below 48 bits so that every
 * product the golden model forms fits a Java {@code long} exactly.
 */
public record FixedFormat(int totalBits, int fracBits) {
  /** Widest format the golden model accepts. */
  public static final int MAX_BITS = 48;
  /** Fractional bits are kept within this distance of zero. */
  public static final int MAX_FRAC = 60;

  public FixedFormat {
    if (totalBits < 2 || totalBits > MAX_BITS) {
      throw new IllegalArgumentException(
          "width " + totalBits + " bits outside 2.." + MAX_BITS);
    }
    if (Math.abs(fracBits) > MAX_FRAC) {
      throw new IllegalArgumentException(
          "fractional bits " + fracBits + " outside -" + MAX_FRAC + ".." + MAX_FRAC);
    }
  }

  /** Smallest code, {@code -2^(totalBits-1)}. */
  public long minCode() {
    return -(1L << (totalBits - 1));
  }

  /** Largest code, {@code 2^(totalBits-1) - 1}. */
  public long maxCode() {
    return (1L << (totalBits - 1)) - 1;
  }

  /** The weight of one code step, {@code 2^-fracBits}. */
  public double lsb() {
    return Math.scalb(1.0, -fracBits);
  }

  /** The value a code stands for (for reports only, never inside a step). */
  public double decode(long code) {
    return Math.scalb((double) code, -fracBits);
  }

  /**
   * The code nearest to {@code value} under {@code rounding} (FLOOR rounds down), unclamped; used
   * when constants are quantized, never inside a step.
   */
  public long encodeUnclamped(double value, Rounding rounding) {
    double scaled = Math.scalb(value, fracBits);
    if (!Double.isFinite(scaled) || Math.abs(scaled) > 0x1p62) {
      throw new IllegalArgumentException(value + " does not fit any code of " + this);
    }
    double fl = Math.floor(scaled);
    double rem = scaled - fl;
    long f = (long) fl;
    if (rounding == Rounding.FLOOR || rem < 0.5) {
      return f;
    }
    if (rem > 0.5 || rounding == Rounding.HALF_UP) {
      return f + 1;
    }
    return (f & 1L) == 0 ? f : f + 1;
  }

  /** True when {@code code} lies in [{@link #minCode()}, {@link #maxCode()}]. */
  public boolean holds(long code) {
    return code >= minCode() && code <= maxCode();
  }

  /** Compact text such as {@code s16.12} (16 bits, 12 of them fractional). */
  @Override
  public String toString() {
    return "s" + totalBits + "." + fracBits;
  }
}
