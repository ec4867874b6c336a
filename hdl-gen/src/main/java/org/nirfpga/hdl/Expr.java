package org.nirfpga.hdl;

import java.util.List;

/**
 * A value in hardware with a known {@link Shape}. Arithmetic grows and never truncates by itself;
 * narrowing is always explicit ({@link #truncate}, {@link #saturate}, {@link #resize},
 * {@link #shiftRightRound}). Methods taking a {@code long} use the smallest constant of this
 * value's signedness that holds it (a negative constant is signed).
 */
public sealed interface Expr permits Const, Signal, Unary, Binary, Slice, Concat, Mux, Resize {
  /** Shape of the value. */
  Shape shape();

  /** Width in bits. */
  default int width() {
    return shape().width();
  }

  private Const lit(long value) {
    return new Const(value, Shape.fit(value, shape().signed()));
  }

  // ---- arithmetic: grows ----

  /** Sum; {@code max(w) + 1} bits. */
  default Expr add(Expr other) {
    return new Binary(BinaryOp.ADD, this, other);
  }

  default Expr add(long other) {
    return add(lit(other));
  }

  /**
   * Difference; {@code max(w) + 1} bits. Two unsigned operands give an unsigned result that wraps
   * below zero; call {@link #asSigned()} on an operand first for a signed difference.
   */
  default Expr sub(Expr other) {
    return new Binary(BinaryOp.SUB, this, other);
  }

  default Expr sub(long other) {
    return sub(lit(other));
  }

  /** Product; {@code w(a) + w(b)} bits, signed if either operand is. */
  default Expr mul(Expr other) {
    return new Binary(BinaryOp.MUL, this, other);
  }

  default Expr mul(long other) {
    return mul(lit(other));
  }

  /** Negation; signed, one bit wider. */
  default Expr neg() {
    return new Unary(UnaryOp.NEG, this);
  }

  // ---- bitwise ----

  default Expr and(Expr other) {
    return new Binary(BinaryOp.AND, this, other);
  }

  default Expr and(long other) {
    return and(lit(other));
  }

  default Expr or(Expr other) {
    return new Binary(BinaryOp.OR, this, other);
  }

  default Expr or(long other) {
    return or(lit(other));
  }

  default Expr xor(Expr other) {
    return new Binary(BinaryOp.XOR, this, other);
  }

  default Expr xor(long other) {
    return xor(lit(other));
  }

  default Expr not() {
    return new Unary(UnaryOp.NOT, this);
  }

  /** AND of all bits. */
  default Expr all() {
    return new Unary(UnaryOp.REDUCE_AND, this);
  }

  /** OR of all bits. */
  default Expr any() {
    return new Unary(UnaryOp.REDUCE_OR, this);
  }

  /** XOR of all bits. */
  default Expr parity() {
    return new Unary(UnaryOp.REDUCE_XOR, this);
  }

  // ---- comparisons: bool() ----

  default Expr eq(Expr other) {
    return new Binary(BinaryOp.EQ, this, other);
  }

  default Expr eq(long other) {
    return eq(lit(other));
  }

  default Expr ne(Expr other) {
    return new Binary(BinaryOp.NE, this, other);
  }

  default Expr ne(long other) {
    return ne(lit(other));
  }

  default Expr lt(Expr other) {
    return new Binary(BinaryOp.LT, this, other);
  }

  default Expr lt(long other) {
    return lt(lit(other));
  }

  default Expr le(Expr other) {
    return new Binary(BinaryOp.LE, this, other);
  }

  default Expr le(long other) {
    return le(lit(other));
  }

  default Expr gt(Expr other) {
    return new Binary(BinaryOp.GT, this, other);
  }

  default Expr gt(long other) {
    return gt(lit(other));
  }

  default Expr ge(Expr other) {
    return new Binary(BinaryOp.GE, this, other);
  }

  default Expr ge(long other) {
    return ge(lit(other));
  }

  // ---- shifts ----

  /** Left shift by a constant; grows by {@code n} bits, keeps signedness. */
  default Expr shl(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("shift by " + n + "; use shr for right shifts");
    }
    if (n == 0) {
      return this;
    }
    return new Resize(new Concat(List.of(this, new Const(0, Shape.uint(n)))),
        new Shape(width() + n, shape().signed()));
  }

  /**
   * Right shift by a constant, dropping {@code n} low bits (arithmetic for signed values, so it
   * rounds toward minus infinity); {@code w - n} bits.
   */
  default Expr shr(int n) {
    if (n < 0 || n >= width() - (shape().signed() ? 1 : 0)) {
      throw new IllegalArgumentException("shift right by " + n + " leaves no bits of "
          + shape());
    }
    if (n == 0) {
      return this;
    }
    Expr kept = new Slice(this, width() - 1, n);
    return shape().signed() ? new Resize(kept, Shape.sint(width() - n)) : kept;
  }

  /** Left shift by an unsigned signal; grows by {@code 2^w(amount) - 1} bits. */
  default Expr shl(Expr amount) {
    return new Binary(BinaryOp.SHL, this, amount);
  }

  /** Right shift by an unsigned signal; same shape (arithmetic for signed values). */
  default Expr shr(Expr amount) {
    return new Binary(BinaryOp.SHR, this, amount);
  }

  // ---- bits ----

  /** Bits {@code hi..lo} inclusive, unsigned. */
  default Expr slice(int hi, int lo) {
    return new Slice(this, hi, lo);
  }

  /** One bit, as {@code bool()}. */
  default Expr bit(int i) {
    return new Slice(this, i, i);
  }

  /** The most significant bit (the sign of a signed value). */
  default Expr msb() {
    return bit(width() - 1);
  }

  /** The same bits read as signed. */
  default Expr asSigned() {
    if (shape().signed()) {
      return this;
    }
    if (width() < 2) {
      throw new IllegalArgumentException("a single bit cannot be read as signed; resize first");
    }
    return new Resize(this, Shape.sint(width()));
  }

  /** The same bits read as unsigned. */
  default Expr asUnsigned() {
    return shape().signed() ? new Resize(this, Shape.uint(width())) : this;
  }

  // ---- narrowing, only on request ----

  /** Keeps the low {@code w} bits and the signedness; the value wraps. */
  default Expr truncate(int w) {
    if (w > width()) {
      throw new IllegalArgumentException("truncate(" + w + ") of " + shape()
          + " would widen; use .resize(" + w + ")");
    }
    return w == width() ? this : new Resize(this, new Shape(w, shape().signed()));
  }

  /** Sign-aware change of width: extends with sign or zero bits, or keeps the low bits. */
  default Expr resize(int w) {
    return w == width() ? this : new Resize(this, new Shape(w, shape().signed()));
  }

  /** Clamps to the range of {@code w} bits of the same signedness. */
  default Expr saturate(int w) {
    if (w > width()) {
      throw new IllegalArgumentException("saturate(" + w + ") of " + shape()
          + " would widen; use .resize(" + w + ")");
    }
    if (w == width()) {
      return this;
    }
    Shape target = new Shape(w, shape().signed());
    Expr kept = new Resize(this, target);
    Expr high = new Mux(gt(new Const(target.max(), target)), new Const(target.max(), target),
        kept);
    if (!shape().signed()) {
      return high;
    }
    return new Mux(lt(new Const(target.min(), target)), new Const(target.min(), target), high);
  }

  /**
   * Divides by {@code 2^n} with the given rounding. The result has {@code w - n + 1} bits for
   * every rounding so that modes are interchangeable (rounding up can carry into the extra bit).
   */
  default Expr shiftRightRound(int n, Rounding rounding) {
    if (n < 0 || n >= width()) {
      throw new IllegalArgumentException("shiftRightRound(" + n + ") of " + shape()
          + " needs 0 <= n < " + width());
    }
    int w = width() - n + 1;
    if (n == 0) {
      return resize(w);
    }
    boolean s = shape().signed();
    Expr sum;
    switch (rounding) {
      case FLOOR:
        sum = resize(width() + 1);
        break;
      case HALF_UP:
        sum = add(new Const(1L << (n - 1), Shape.fit(1L << (n - 1), s)));
        break;
      case HALF_EVEN:
        Expr bias = bit(n);
        if (n > 1) {
          sum = add(new Const((1L << (n - 1)) - 1, Shape.fit((1L << (n - 1)) - 1, s))).add(bias);
        } else {
          sum = add(bias);
        }
        break;
      default:
        throw new IllegalStateException("rounding " + rounding);
    }
    return sum.shr(n).truncate(w);
  }
}
