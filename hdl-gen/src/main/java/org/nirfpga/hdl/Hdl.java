package org.nirfpga.hdl;

import java.util.List;

/** Static helpers meant for {@code import static org.nirfpga.hdl.Hdl.*}. */
public final class Hdl {
  private Hdl() {
  }

  public static Shape uint(int width) {
    return Shape.uint(width);
  }

  public static Shape sint(int width) {
    return Shape.sint(width);
  }

  public static Shape bool() {
    return Shape.bool();
  }

  /** A constant of an explicit shape. */
  public static Const lit(long value, Shape shape) {
    return new Const(value, shape);
  }

  /** The smallest unsigned (or, if negative, signed) constant holding {@code value}. */
  public static Const lit(long value) {
    return new Const(value, Shape.fit(value, false));
  }

  public static Const high() {
    return new Const(1, Shape.bool());
  }

  public static Const low() {
    return new Const(0, Shape.bool());
  }

  /** Concatenation, most significant part first. */
  public static Expr cat(Expr... parts) {
    return new Concat(List.of(parts));
  }

  /** {@code select ? whenTrue : whenFalse}. */
  public static Expr mux(Expr select, Expr whenTrue, Expr whenFalse) {
    return new Mux(select, whenTrue, whenFalse);
  }

  /** {@code count} copies of {@code part}, concatenated. */
  public static Expr repeat(Expr part, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("repeat count " + count + " must be positive");
    }
    Expr[] parts = new Expr[count];
    java.util.Arrays.fill(parts, part);
    return cat(parts);
  }
}
