package org.nirfpga.hdl.eval;

import java.math.BigInteger;
import java.util.function.Function;
import org.nirfpga.hdl.Binary;
import org.nirfpga.hdl.Concat;
import org.nirfpga.hdl.Const;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Mux;
import org.nirfpga.hdl.Resize;
import org.nirfpga.hdl.Shape;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.Slice;
import org.nirfpga.hdl.Unary;

/**
 * Computes the value of an expression from the values of its signals, using the width rules of
 * the HDL directly on integers (not the Verilog text), so it can check the emitter. Values are
 * the numbers a shape denotes: negative for signed values with the top bit set.
 */
public final class Evaluator {
  private Evaluator() {
  }

  /** Bits of {@code v} in two's complement, {@code width} of them, as a non-negative number. */
  public static BigInteger bits(BigInteger v, int width) {
    return v.mod(BigInteger.ONE.shiftLeft(width));
  }

  /** The number that {@code bits} denote in {@code shape}. */
  public static BigInteger fromBits(BigInteger bits, Shape shape) {
    BigInteger b = bits(bits, shape.width());
    if (shape.signed() && b.testBit(shape.width() - 1)) {
      return b.subtract(BigInteger.ONE.shiftLeft(shape.width()));
    }
    return b;
  }

  /** {@code v} wrapped into {@code shape} (keeps the low bits). */
  public static BigInteger wrap(BigInteger v, Shape shape) {
    return fromBits(bits(v, shape.width()), shape);
  }

  /** Value of {@code e}, reading signals through {@code values}. */
  public static BigInteger eval(Expr e, Function<Signal, BigInteger> values) {
    if (e instanceof Const) {
      return BigInteger.valueOf(((Const) e).value());
    }
    if (e instanceof Signal) {
      return values.apply((Signal) e);
    }
    if (e instanceof Unary) {
      Unary u = (Unary) e;
      BigInteger a = eval(u.operand(), values);
      int w = u.operand().width();
      BigInteger b = bits(a, w);
      switch (u.op()) {
        case NOT:
          return fromBits(b.xor(BigInteger.ONE.shiftLeft(w).subtract(BigInteger.ONE)),
              u.shape());
        case NEG:
          return a.negate();
        case REDUCE_AND:
          return b.bitCount() == w ? BigInteger.ONE : BigInteger.ZERO;
        case REDUCE_OR:
          return b.signum() != 0 ? BigInteger.ONE : BigInteger.ZERO;
        default:
          return BigInteger.valueOf(b.bitCount() & 1);
      }
    }
    if (e instanceof Binary) {
      return binary((Binary) e, values);
    }
    if (e instanceof Slice) {
      Slice s = (Slice) e;
      BigInteger b = bits(eval(s.value(), values), s.value().width());
      return bits(b.shiftRight(s.lo()), s.hi() - s.lo() + 1);
    }
    if (e instanceof Concat) {
      BigInteger acc = BigInteger.ZERO;
      for (Expr p : ((Concat) e).parts()) {
        acc = acc.shiftLeft(p.width()).or(bits(eval(p, values), p.width()));
      }
      return acc;
    }
    if (e instanceof Mux) {
      Mux m = (Mux) e;
      return eval(m.select(), values).signum() != 0 ? eval(m.whenTrue(), values)
          : eval(m.whenFalse(), values);
    }
    Resize r = (Resize) e;
    return wrap(eval(r.value(), values), r.shape());
  }

  private static BigInteger binary(Binary b, Function<Signal, BigInteger> values) {
    BigInteger l = eval(b.left(), values);
    BigInteger r = eval(b.right(), values);
    Shape s = b.shape();
    switch (b.op()) {
      case ADD:
        return wrap(l.add(r), s);
      case SUB:
        return wrap(l.subtract(r), s);
      case MUL:
        return wrap(l.multiply(r), s);
      case AND:
        return fromBits(bits(l, s.width()).and(bits(r, s.width())), s);
      case OR:
        return fromBits(bits(l, s.width()).or(bits(r, s.width())), s);
      case XOR:
        return fromBits(bits(l, s.width()).xor(bits(r, s.width())), s);
      case EQ:
        return bool(l.compareTo(r) == 0);
      case NE:
        return bool(l.compareTo(r) != 0);
      case LT:
        return bool(l.compareTo(r) < 0);
      case LE:
        return bool(l.compareTo(r) <= 0);
      case GT:
        return bool(l.compareTo(r) > 0);
      case GE:
        return bool(l.compareTo(r) >= 0);
      case SHL:
        return wrap(l.shiftLeft(r.intValueExact()), s);
      default:
        return wrap(l.shiftRight(r.intValueExact()), s);
    }
  }

  private static BigInteger bool(boolean b) {
    return b ? BigInteger.ONE : BigInteger.ZERO;
  }
}
