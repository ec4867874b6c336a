package org.nirfpga.hdl;

import java.util.Objects;

/**
 * A value brought to another shape: narrower keeps the low bits, wider extends by the value's own
 * signedness (sign or zero), then the bits are read with the target's signedness.
 */
public record Resize(Expr value, Shape shape) implements Expr {
  public Resize {
    Objects.requireNonNull(value);
    Objects.requireNonNull(shape);
  }
}
