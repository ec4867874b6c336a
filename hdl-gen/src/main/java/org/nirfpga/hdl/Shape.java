package org.nirfpga.hdl;

/** The bit width and signedness of a value: {@code uint(8)}, {@code sint(16)} or {@code bool()}. */
public record Shape(int width, boolean signed) {
  /** Widths above this are almost surely a runaway shift or product, not a design. */
  public static final int MAX_WIDTH = 4096;

  public Shape {
    if (width < 1 || width > MAX_WIDTH) {
      throw new IllegalArgumentException(
          "shape width " + width + " is outside 1.." + MAX_WIDTH);
    }
    if (signed && width < 2) {
      throw new IllegalArgumentException("sint(" + width + ") has no room for a sign and a value");
    }
  }

  public static Shape uint(int width) {
    return new Shape(width, false);
  }

  public static Shape sint(int width) {
    return new Shape(width, true);
  }

  public static Shape bool() {
    return new Shape(1, false);
  }

  /** Smallest value representable in this shape (shapes up to 63 bits, or sint(64)). */
  public long min() {
    checkLongRange();
    return signed ? -(1L << (width - 1)) : 0L;
  }

  /** Largest value representable in this shape (shapes up to 63 bits, or sint(64)). */
  public long max() {
    checkLongRange();
    return signed ? (1L << (width - 1)) - 1 : (1L << width) - 1;
  }

  /** Whether {@code value} lies inside this shape's range. */
  public boolean holds(long value) {
    if (signed) {
      return width >= 64 || (value >= min() && value <= max());
    }
    return value >= 0 && (width >= 63 || value <= max());
  }

  /**
   * Width this shape needs to be held exactly in a signed shape: an unsigned value gains one bit
   * for the sign, a signed one keeps its width.
   */
  public int widthAsSigned() {
    return signed ? width : width + 1;
  }

  /** Smallest shape of the given signedness that holds {@code value}. */
  public static Shape fit(long value, boolean signed) {
    if (!signed && value < 0) {
      signed = true;
    }
    int bits;
    if (signed) {
      long v = value < 0 ? ~value : value;
      bits = 64 - Long.numberOfLeadingZeros(v) + 1;
      bits = Math.max(bits, 2);
    } else {
      bits = Math.max(1, 64 - Long.numberOfLeadingZeros(value));
    }
    return new Shape(bits, signed);
  }

  private void checkLongRange() {
    if (width > 64 || (width == 64 && !signed)) {
      throw new IllegalStateException(this + " has a range outside a Java long");
    }
  }

  @Override
  public String toString() {
    if (!signed && width == 1) {
      return "bool()";
    }
    return (signed ? "sint(" : "uint(") + width + ")";
  }
}
