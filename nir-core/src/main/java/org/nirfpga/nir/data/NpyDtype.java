package org.nirfpga.nir.data;

/** The element types the {@code .npy} reader and writer support, with their numpy descriptors. */
public enum NpyDtype {
  FLOAT32("<f4", 4),
  FLOAT64("<f8", 8),
  INT16("<i2", 2),
  INT32("<i4", 4),
  UINT8("|u1", 1),
  BOOL("|b1", 1);

  private final String descr;
  private final int bytes;

  NpyDtype(String descr, int bytes) {
    this.descr = descr;
    this.bytes = bytes;
  }

  /** The numpy {@code descr} string, e.g. {@code <f4}. */
  public String descr() {
    return descr;
  }

  public int bytesPerElement() {
    return bytes;
  }

  /** The dtype for a numpy descriptor, or null when unsupported ('=' counts as little-endian). */
  static NpyDtype fromDescr(String d) {
    String norm = d;
    if (d.length() == 3 && (d.charAt(0) == '=' || d.charAt(0) == '|' || d.charAt(0) == '<')) {
      norm = d.substring(1);
    }
    for (NpyDtype t : values()) {
      if (t.descr.substring(1).equals(norm) && d.charAt(0) != '>') {
        return t;
      }
    }
    return null;
  }

  /** The numpy name, e.g. {@code float32}, for messages. */
  public String numpyName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
