package org.nirfpga.hdl;

import java.util.Objects;

/** {@code select ? whenTrue : whenFalse}; the result has the common shape of both arms. */
public record Mux(Expr select, Expr whenTrue, Expr whenFalse) implements Expr {
  public Mux {
    Objects.requireNonNull(select);
    Objects.requireNonNull(whenTrue);
    Objects.requireNonNull(whenFalse);
    if (select.shape().width() != 1) {
      throw new IllegalArgumentException("mux select must be bool(), got " + select.shape()
          + "; compare it, e.g. .ne(0)");
    }
  }

  @Override
  public Shape shape() {
    return BinaryOp.commonShape(whenTrue.shape(), whenFalse.shape());
  }
}
