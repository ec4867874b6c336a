package org.nirfpga.fixed;

import java.util.Locale;

/** What happens when a result does not fit its width: clamp (and count) or keep the low bits. */
public enum Overflow {
  /** Clamp to the format's minimum or maximum; every clamp is counted as a saturation event. */
  SATURATE("saturate"),
  /** Keep the low bits (two's complement wrap), as a bare adder does; wraps are counted too. */
  WRAP("wrap");

  private final String key;

  Overflow(String key) {
    this.key = key;
  }

  /** The name used in quantization JSON. */
  public String key() {
    return key;
  }

  /** The mode whose {@link #key()} is {@code key}, or null. */
  public static Overflow ofKey(String key) {
    for (Overflow o : values()) {
      if (o.key.equals(key.toLowerCase(Locale.ROOT))) {
        return o;
      }
    }
    return null;
  }
}
