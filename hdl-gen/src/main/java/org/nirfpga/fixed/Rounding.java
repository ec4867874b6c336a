package org.nirfpga.fixed;

import java.util.Locale;

/**
 * How an arithmetic right shift by {@code k} bits rounds; each mode is a few gates in hardware.
 */
public enum Rounding {
  /** Toward minus infinity: the plain arithmetic shift {@code x >> k}. */
  FLOOR("floor"),
  /** To nearest, ties toward plus infinity: {@code (x + 2^(k-1)) >> k}. */
  HALF_UP("half-up"),
  /** To nearest, ties to the even result (convergent rounding): unbiased on average. */
  HALF_EVEN("half-even");

  private final String key;

  Rounding(String key) {
    this.key = key;
  }

  /** The name used in quantization JSON, e.g. {@code half-even}. */
  public String key() {
    return key;
  }

  /** The mode whose {@link #key()} is {@code key}, or null. */
  public static Rounding ofKey(String key) {
    for (Rounding r : values()) {
      if (r.key.equals(key.toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    return null;
  }

  /**
   * {@code x / 2^k} rounded by this mode, for {@code 0 <= k <= 62}; exact integer arithmetic.
   */
  public long shiftRight(long x, int k) {
    if (k < 0 || k > 62) {
      throw new IllegalArgumentException("shift " + k + " outside 0..62");
    }
    if (k == 0) {
      return x;
    }
    long floor = x >> k;
    if (this == FLOOR) {
      return floor;
    }
    long rem = x - (floor << k); // 0 <= rem < 2^k: the bits shifted out
    long half = 1L << (k - 1);
    if (rem > half) {
      return floor + 1;
    }
    if (rem < half) {
      return floor;
    }
    if (this == HALF_UP) {
      return floor + 1;
    }
    return (floor & 1L) == 0 ? floor : floor + 1;
  }
}
