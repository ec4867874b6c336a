package org.nirfpga.hdl;

/** Operators of {@link Unary} expressions. */
public enum UnaryOp {
  /** Bitwise complement; same shape. */
  NOT,
  /** Two's complement negation; signed, one bit wider so {@code -min} fits. */
  NEG,
  /** AND of all bits; {@code bool()}. */
  REDUCE_AND,
  /** OR of all bits; {@code bool()}. */
  REDUCE_OR,
  /** XOR of all bits (parity); {@code bool()}. */
  REDUCE_XOR;

  /** Result shape of this operator applied to a value of shape {@code a}. */
  public Shape resultShape(Shape a) {
    switch (this) {
      case NOT:
        return a;
      case NEG:
        return Shape.sint(a.width() + 1);
      default:
        return Shape.bool();
    }
  }
}
