package org.nirfpga.fixed;

/**
 * Exact integer operations that mirror hardware: shift with named rounding, saturation or wrap to a
 * width, and the signed width needed for a range. Nothing here uses floating point.
 */
public final class FixedMath {
  private FixedMath() {}

  /**
   * Aligns {@code x} from {@code fromFrac} to {@code toFrac} fractional bits: a left shift (exact)
   * when gaining bits, else a right shift rounded by {@code rounding}.
   */
  public static long align(long x, int fromFrac, int toFrac, Rounding rounding) {
    int k = fromFrac - toFrac;
    if (k <= 0) {
      return shiftLeftExact(x, -k);
    }
    return rounding.shiftRight(x, k);
  }

  /** {@code x << k}; an internal bug if the result would not fit 64 bits. */
  public static long shiftLeftExact(long x, int k) {
    if (k == 0) {
      return x;
    }
    if (k < 0 || k > 62) {
      throw new IllegalArgumentException("shift " + k + " outside 0..62");
    }
    long r = x << k;
    if ((r >> k) != x) {
      throw new IllegalStateException("left shift of " + x + " by " + k + " overflows 64 bits");
    }
    return r;
  }

  /** {@code x} clamped to the signed range of {@code bits} bits. */
  public static long saturate(long x, int bits) {
    long max = (1L << (bits - 1)) - 1;
    long min = -(1L << (bits - 1));
    return x > max ? max : (x < min ? min : x);
  }

  /** The low {@code bits} bits of {@code x}, sign-extended (two's complement wrap). */
  public static long wrap(long x, int bits) {
    int s = 64 - bits;
    return (x << s) >> s;
  }

  /**
   * {@code x} narrowed to {@code bits} under {@code overflow}; when it did not fit, one event is
   * counted at {@code site}.
   */
  public static long narrow(long x, int bits, Overflow overflow, SaturationCounter counter,
      String site) {
    long r = overflow == Overflow.SATURATE ? saturate(x, bits) : wrap(x, bits);
    if (r != x) {
      counter.count(site);
    }
    return r;
  }

  /** Signed width (at least 2) holding every integer in [{@code lo}, {@code hi}]. */
  public static int signedBitsFor(long lo, long hi) {
    int bits = 2;
    while (bits < 64 && (lo < -(1L << (bits - 1)) || hi > (1L << (bits - 1)) - 1)) {
      bits++;
    }
    return bits;
  }
}
