package org.nirfpga.hdl;

import java.util.Objects;

/** Bits {@code hi..lo} (inclusive) of an expression, always unsigned. */
public record Slice(Expr value, int hi, int lo) implements Expr {
  public Slice {
    Objects.requireNonNull(value);
    if (lo < 0 || hi < lo || hi >= value.shape().width()) {
      throw new IllegalArgumentException("slice [" + hi + ":" + lo + "] is outside "
          + value.shape());
    }
  }

  @Override
  public Shape shape() {
    return Shape.uint(hi - lo + 1);
  }
}
