package org.nirfpga.hdl;

/** A sized constant; the value must fit its shape. */
public record Const(long value, Shape shape) implements Expr {
  public Const {
    if (shape.width() > 64) {
      throw new IllegalArgumentException("constants are limited to 64 bits, got " + shape);
    }
    if (!shape.holds(value)) {
      throw new IllegalArgumentException("constant " + value + " does not fit " + shape);
    }
  }

  /** The value as an unsigned bit pattern of {@code shape().width()} bits. */
  public long bits() {
    return shape.width() == 64 ? value : value & ((1L << shape.width()) - 1);
  }
}
