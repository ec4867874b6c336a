package org.nirfpga.hdl;

import java.util.Objects;

/** A binary operator applied to two expressions; see {@link BinaryOp} for the width rules. */
public record Binary(BinaryOp op, Expr left, Expr right, Shape shape) implements Expr {
  public Binary {
    Objects.requireNonNull(op);
    Objects.requireNonNull(left);
    Objects.requireNonNull(right);
    Shape expected = op.resultShape(left.shape(), right.shape());
    if (!expected.equals(shape)) {
      throw new IllegalArgumentException(op + " of " + left.shape() + " and " + right.shape()
          + " has shape " + expected + ", not " + shape);
    }
  }

  public Binary(BinaryOp op, Expr left, Expr right) {
    this(op, left, right, op.resultShape(left.shape(), right.shape()));
  }
}
