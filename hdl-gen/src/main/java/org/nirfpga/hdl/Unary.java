package org.nirfpga.hdl;

import java.util.Objects;

/** A unary operator applied to one expression. */
public record Unary(UnaryOp op, Expr operand) implements Expr {
  public Unary {
    Objects.requireNonNull(op);
    Objects.requireNonNull(operand);
  }

  @Override
  public Shape shape() {
    return op.resultShape(operand.shape());
  }
}
