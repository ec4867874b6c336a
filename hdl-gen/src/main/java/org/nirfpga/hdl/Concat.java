package org.nirfpga.hdl;

import java.util.List;

/** Concatenation, most significant part first (as in Verilog); always unsigned. */
public record Concat(List<Expr> parts) implements Expr {
  public Concat {
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("concatenation of nothing");
    }
  }

  @Override
  public Shape shape() {
    int w = 0;
    for (Expr p : parts) {
      w += p.shape().width();
    }
    return Shape.uint(w);
  }
}
