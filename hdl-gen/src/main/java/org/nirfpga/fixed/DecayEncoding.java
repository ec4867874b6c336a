package org.nirfpga.fixed;

import java.util.Locale;

/** How a layer's per-step decay {@code alpha} is built in hardware. */
public enum DecayEncoding {
  /** {@code (alphaQ * v) >> F}: one constant multiplier, alpha to F fractional bits. */
  MULTIPLY("multiply"),
  /** {@code v - (v >> k)}: no multiplier, alpha rounded to {@code 1 - 2^-k}. */
  SHIFT("shift");

  private final String key;

  DecayEncoding(String key) {
    this.key = key;
  }

  /** The name used in quantization JSON. */
  public String key() {
    return key;
  }

  /** The encoding whose {@link #key()} is {@code key}, or null. */
  public static DecayEncoding ofKey(String key) {
    for (DecayEncoding d : values()) {
      if (d.key.equals(key.toLowerCase(Locale.ROOT))) {
        return d;
      }
    }
    return null;
  }
}
