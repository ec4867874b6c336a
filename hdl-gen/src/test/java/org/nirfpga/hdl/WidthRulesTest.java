package org.nirfpga.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.cat;
import static org.nirfpga.hdl.Hdl.lit;
import static org.nirfpga.hdl.Hdl.mux;
import static org.nirfpga.hdl.Hdl.sint;
import static org.nirfpga.hdl.Hdl.uint;

import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nirfpga.hdl.eval.Evaluator;

class WidthRulesTest {
  private final Module m = new Module("widths");
  private final Signal u8 = m.input("u8_i", uint(8));
  private final Signal u4 = m.input("u4_i", uint(4));
  private final Signal s8 = m.input("s8_i", sint(8));
  private final Signal s4 = m.input("s4_i", sint(4));
  private final Signal u3 = m.input("u3_i", uint(3));

  private static long eval(Expr e, Map<Signal, Long> values) {
    return Evaluator.eval(e, s -> BigInteger.valueOf(values.get(s))).longValueExact();
  }

  @Test
  void additionAndSubtractionGrowByOneBitBeyondTheWiderOperand() {
    assertEquals(uint(9), u8.add(u4).shape());
    assertEquals(uint(9), u8.sub(u4).shape());
    assertEquals(sint(9), s8.add(s4).shape());
    // Mixed: the unsigned operand counts one bit wider, the result is signed.
    assertEquals(sint(10), s8.add(u8).shape());
    assertEquals(sint(6), s4.sub(u4).shape());
  }

  @Test
  void unsignedSubtractionWrapsBelowZeroAndSignedSubtractionDoesNot() {
    assertEquals(30, eval(u4.sub(u4.add(2).truncate(4)), Map.of(u4, 3L)));
    assertEquals(-2, eval(u4.asSigned().resize(5).sub(lit(5, sint(5))), Map.of(u4, 3L)));
    assertEquals(-128 - 7, eval(s8.add(s4), Map.of(s8, -128L, s4, -7L)));
  }

  @Test
  void productsHaveTheSumOfTheWidths() {
    assertEquals(uint(12), u8.mul(u4).shape());
    assertEquals(sint(12), s8.mul(s4).shape());
    assertEquals(sint(12), u8.mul(s4).shape());
    assertEquals(255 * -8, eval(u8.mul(s4), Map.of(u8, 255L, s4, -8L)));
    assertEquals(16384, eval(s8.mul(s8), Map.of(s8, -128L)));
  }

  @Test
  void comparisonsAndReductionsGiveBool() {
    assertEquals(bool(), u8.lt(s8).shape());
    assertEquals(bool(), u8.all().shape());
    assertEquals(bool(), s8.parity().shape());
    assertEquals(1, eval(s8.lt(u8), Map.of(s8, -1L, u8, 0L)), "signed -1 < unsigned 0");
    assertEquals(0, eval(s8.ge(u8), Map.of(s8, -1L, u8, 255L)));
  }

  @Test
  void bitwiseOperatorsTakeTheCommonShape() {
    assertEquals(uint(8), u8.and(u4).shape());
    assertEquals(sint(9), u8.or(s4).shape());
    assertEquals(sint(8), s8.not().shape());
    assertEquals(-1, eval(s4.or(u4), Map.of(s4, -1L, u4, 0L)));
  }

  @Test
  void constantShiftsGrowOrShrinkAndKeepSignedness() {
    assertEquals(sint(11), s8.shl(3).shape());
    assertEquals(uint(5), u8.shr(3).shape());
    assertEquals(sint(5), s8.shr(3).shape());
    assertEquals(-16, eval(s8.shr(3), Map.of(s8, -128L)));
    assertEquals(-13, eval(s8.shr(3), Map.of(s8, -100L)), "arithmetic shift floors");
    assertEquals(-800, eval(s8.shl(3), Map.of(s8, -100L)));
  }

  @Test
  void signalShiftsGrowLeftAndKeepTheShapeRight() {
    assertEquals(uint(15), u8.shl(u3).shape());
    assertEquals(sint(8), s8.shr(u3).shape());
    assertEquals(255 << 7, eval(u8.shl(u3), Map.of(u8, 255L, u3, 7L)));
    assertEquals(-1, eval(s8.shr(u3), Map.of(s8, -100L, u3, 7L)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> u8.shl(s4));
    assertTrue(e.getMessage().contains("shift amount must be unsigned"), e.getMessage());
  }

  @Test
  void slicesAndConcatenationsAreUnsignedMostSignificantFirst() {
    assertEquals(uint(4), s8.slice(7, 4).shape());
    assertEquals(uint(12), cat(u8, u4).shape());
    assertEquals(0xab5, eval(cat(u8, u4), Map.of(u8, 0xabL, u4, 5L)));
    assertEquals(0xf, eval(s8.slice(7, 4), Map.of(s8, -1L)));
    assertThrows(IllegalArgumentException.class, () -> u8.slice(8, 0));
  }

  @Test
  void muxTakesTheCommonShapeOfItsArms() {
    Signal c = m.input("c_i", bool());
    assertEquals(sint(9), mux(c, u8, s4).shape());
    assertEquals(-3, eval(mux(c, u8, s4), Map.of(c, 0L, u8, 1L, s4, -3L)));
    assertThrows(IllegalArgumentException.class, () -> mux(u4, u8, u8));
  }

  @Test
  void narrowingIsExplicitAndSignAware() {
    assertEquals(sint(5), s8.truncate(5).shape());
    assertEquals(sint(12), s8.resize(12).shape());
    assertEquals(-100, eval(s8.resize(12), Map.of(s8, -100L)));
    assertEquals(-4, eval(s8.truncate(5), Map.of(s8, -100L)), "-100 = 0x9c; low 5 bits 11100");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> u4.truncate(8));
    assertTrue(e.getMessage().contains("use .resize(8)"), e.getMessage());
  }

  @Test
  void saturateClampsToTheNarrowerRange() {
    assertEquals(sint(5), s8.saturate(5).shape());
    assertEquals(15, eval(s8.saturate(5), Map.of(s8, 100L)));
    assertEquals(-16, eval(s8.saturate(5), Map.of(s8, -100L)));
    assertEquals(-7, eval(s8.saturate(5), Map.of(s8, -7L)));
    assertEquals(15, eval(u8.saturate(4), Map.of(u8, 200L)));
    assertEquals(9, eval(u8.saturate(4), Map.of(u8, 9L)));
  }

  @Test
  void roundingShiftsMatchTheirDefinitionsForEveryInput() {
    for (int n = 1; n <= 4; n++) {
      for (long x = -128; x <= 127; x++) {
        Map<Signal, Long> v = Map.of(s8, x);
        double q = x / (double) (1 << n);
        assertEquals(sint(9 - n), s8.shiftRightRound(n, Rounding.FLOOR).shape());
        assertEquals((long) Math.floor(q), eval(s8.shiftRightRound(n, Rounding.FLOOR), v));
        assertEquals((long) Math.floor(q + 0.5),
            eval(s8.shiftRightRound(n, Rounding.HALF_UP), v), "HALF_UP " + x + ">>" + n);
        assertEquals((long) Math.rint(q), eval(s8.shiftRightRound(n, Rounding.HALF_EVEN), v),
            "HALF_EVEN " + x + ">>" + n);
      }
      for (long x = 0; x <= 255; x++) {
        Map<Signal, Long> v = Map.of(u8, x);
        double q = x / (double) (1 << n);
        assertEquals(uint(9 - n), u8.shiftRightRound(n, Rounding.HALF_EVEN).shape());
        assertEquals((long) Math.floor(q + 0.5),
            eval(u8.shiftRightRound(n, Rounding.HALF_UP), v));
        assertEquals((long) Math.rint(q), eval(u8.shiftRightRound(n, Rounding.HALF_EVEN), v));
      }
    }
  }

  @Test
  void constantsTakeTheSmallestShapeOfTheSameSignedness() {
    assertEquals(uint(8), Shape.fit(255, false));
    assertEquals(sint(9), Shape.fit(255, true));
    assertEquals(sint(8), Shape.fit(-128, false));
    assertEquals(bool(), Shape.fit(0, false));
    assertEquals(sint(10), u8.add(-1).shape(), "a negative constant makes the sum signed");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> lit(256, uint(8)));
    assertTrue(e.getMessage().contains("constant 256 does not fit uint(8)"), e.getMessage());
  }
}
