package org.nirfpga.hdl;

import java.util.Objects;

/** {@code target = value} in the enclosing scope; for a register it sets the next value. */
public record Assign(Signal target, Expr value, SourceLocation at) implements Stmt {
  public Assign {
    Objects.requireNonNull(target);
    Objects.requireNonNull(value);
    Objects.requireNonNull(at);
  }
}
