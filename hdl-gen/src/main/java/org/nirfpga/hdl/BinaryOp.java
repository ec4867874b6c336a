package org.nirfpga.hdl;

/**
 * Operators of {@link Binary} expressions with their width rules. When one operand is signed and
 * the other unsigned, the unsigned one counts one bit wider (it gains a zero sign bit), and the
 * result is signed.
 */
public enum BinaryOp {
  ADD, SUB, MUL, AND, OR, XOR, EQ, NE, LT, LE, GT, GE,
  /** Left shift by an unsigned signal: grows by {@code 2^w(b) - 1} bits. */
  SHL,
  /** Right shift by an unsigned signal: same shape; arithmetic when the left side is signed. */
  SHR;

  /** Whether the result is {@code bool()}. */
  public boolean isComparison() {
    return this == EQ || this == NE || this == LT || this == LE || this == GT || this == GE;
  }

  /** Whether the operator is a shift by a signal. */
  public boolean isShift() {
    return this == SHL || this == SHR;
  }

  /** Result shape, or an IllegalArgumentException naming the rule that is broken. */
  public Shape resultShape(Shape a, Shape b) {
    boolean signed = a.signed() || b.signed();
    int wa = signed ? a.widthAsSigned() : a.width();
    int wb = signed ? b.widthAsSigned() : b.width();
    switch (this) {
      case ADD:
      case SUB:
        return new Shape(Math.max(wa, wb) + 1, signed);
      case MUL:
        return new Shape(a.width() + b.width(), signed);
      case AND:
      case OR:
      case XOR:
        return new Shape(Math.max(wa, wb), signed);
      case SHL:
        checkAmount(b);
        if (b.width() > 12) {
          throw new IllegalArgumentException("shift amount " + b + " would grow the result by 2^"
              + b.width() + " bits; truncate the amount first");
        }
        return new Shape(a.width() + (1 << b.width()) - 1, a.signed());
      case SHR:
        checkAmount(b);
        return a;
      default:
        return Shape.bool();
    }
  }

  /** Common shape both operands are extended to before the operator is applied. */
  public static Shape commonShape(Shape a, Shape b) {
    boolean signed = a.signed() || b.signed();
    int wa = signed ? a.widthAsSigned() : a.width();
    int wb = signed ? b.widthAsSigned() : b.width();
    return new Shape(Math.max(wa, wb), signed);
  }

  private static void checkAmount(Shape b) {
    if (b.signed()) {
      throw new IllegalArgumentException("shift amount must be unsigned, got " + b
          + "; use .asUnsigned() if it is never negative");
    }
  }
}
