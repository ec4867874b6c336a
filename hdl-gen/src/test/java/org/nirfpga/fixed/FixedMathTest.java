package org.nirfpga.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FixedMathTest {
  @Test
  void floorShiftRoundsTowardMinusInfinity() {
    assertEquals(1, Rounding.FLOOR.shiftRight(6, 2)); // 1.5
    assertEquals(-2, Rounding.FLOOR.shiftRight(-6, 2)); // -1.5
    assertEquals(-1, Rounding.FLOOR.shiftRight(-1, 4));
  }

  @Test
  void halfUpShiftBreaksTiesTowardPlusInfinity() {
    assertEquals(2, Rounding.HALF_UP.shiftRight(6, 2)); // 1.5
    assertEquals(-1, Rounding.HALF_UP.shiftRight(-6, 2)); // -1.5
    assertEquals(-2, Rounding.HALF_UP.shiftRight(-10, 2)); // -2.5
    assertEquals(1, Rounding.HALF_UP.shiftRight(5, 2)); // 1.25
    assertEquals(2, Rounding.HALF_UP.shiftRight(7, 2)); // 1.75
  }

  @Test
  void halfEvenShiftBreaksTiesToTheEvenNeighbour() {
    assertEquals(2, Rounding.HALF_EVEN.shiftRight(6, 2)); // 1.5
    assertEquals(2, Rounding.HALF_EVEN.shiftRight(10, 2)); // 2.5
    assertEquals(-2, Rounding.HALF_EVEN.shiftRight(-6, 2)); // -1.5
    assertEquals(-2, Rounding.HALF_EVEN.shiftRight(-10, 2)); // -2.5
    assertEquals(-3, Rounding.HALF_EVEN.shiftRight(-11, 2)); // -2.75
    assertEquals(3, Rounding.HALF_EVEN.shiftRight(11, 2)); // 2.75
  }

  @Test
  void shiftByZeroIsTheIdentityAndOutOfRangeShiftsAreRefused() {
    for (Rounding r : Rounding.values()) {
      assertEquals(-7, r.shiftRight(-7, 0));
      assertThrows(IllegalArgumentException.class, () -> r.shiftRight(1, 63));
    }
  }

  @Test
  void everyRoundingAgreesWithRealDivisionOnRandomValues() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
    for (int n = 0; n < 20000; n++) {
      long x = rnd.nextLong(-1_000_000, 1_000_000);
      int k = rnd.nextInt(1, 12);
      double q = x / (double) (1L << k);
      assertEquals((long) Math.floor(q), Rounding.FLOOR.shiftRight(x, k));
      assertEquals((long) Math.floor(q + 0.5), Rounding.HALF_UP.shiftRight(x, k));
      assertEquals((long) Math.rint(q), Rounding.HALF_EVEN.shiftRight(x, k));
    }
  }

  @Test
  void alignShiftsLeftExactlyAndRightWithRounding() {
    assertEquals(256, FixedMath.align(64, 6, 8, Rounding.FLOOR));
    assertEquals(2, FixedMath.align(10, 4, 2, Rounding.HALF_EVEN));
    assertEquals(3, FixedMath.align(10, 4, 2, Rounding.HALF_UP));
    assertThrows(IllegalStateException.class,
        () -> FixedMath.align(Long.MAX_VALUE / 2, 0, 4, Rounding.FLOOR));
  }

  @Test
  void saturateClampsToTheSignedRange() {
    assertEquals(127, FixedMath.saturate(300, 8));
    assertEquals(-128, FixedMath.saturate(-300, 8));
    assertEquals(-5, FixedMath.saturate(-5, 8));
  }

  @Test
  void wrapKeepsTheLowBitsSignExtended() {
    assertEquals(-128, FixedMath.wrap(128, 8));
    assertEquals(44, FixedMath.wrap(300, 8));
    assertEquals(-1, FixedMath.wrap(255, 8));
  }

  @Test
  void narrowCountsOnlyResultsThatDidNotFit() {
    SaturationCounter c = new SaturationCounter();
    assertEquals(100, FixedMath.narrow(100, 8, Overflow.SATURATE, c, "a"));
    assertEquals(0, c.total());
    assertEquals(127, FixedMath.narrow(128, 8, Overflow.SATURATE, c, "a"));
    assertEquals(-128, FixedMath.narrow(128, 8, Overflow.WRAP, c, "b"));
    assertEquals(1, c.get("a"));
    assertEquals(1, c.get("b"));
    assertEquals(2, c.total());
  }

  @Test
  void signedBitsForCoversTheRangeAndNoMore() {
    assertEquals(8, FixedMath.signedBitsFor(-128, 127));
    assertEquals(9, FixedMath.signedBitsFor(-128, 128));
    assertEquals(9, FixedMath.signedBitsFor(-129, 0));
    assertEquals(2, FixedMath.signedBitsFor(0, 0));
  }

  @Test
  void formatEncodesToNearestAndDecodesExactly() {
    FixedFormat f = new FixedFormat(8, 6);
    assertEquals(64, f.encodeUnclamped(1.0, Rounding.HALF_EVEN));
    assertEquals(2, f.encodeUnclamped(0.0234375, Rounding.HALF_EVEN)); // 1.5 codes: tie to even
    assertEquals(2, f.encodeUnclamped(0.0234375, Rounding.HALF_UP));
    assertEquals(1, f.encodeUnclamped(0.0234375, Rounding.FLOOR));
    assertEquals(4, f.encodeUnclamped(0.0546875, Rounding.HALF_EVEN)); // 3.5 codes
    assertEquals(-0.5, f.decode(-32));
    assertEquals(-128, f.minCode());
    assertEquals(127, f.maxCode());
    assertEquals("s8.6", f.toString());
  }

  @Test
  void formatRefusesWidthsOutsideTheSupportedRange() {
    assertThrows(IllegalArgumentException.class, () -> new FixedFormat(49, 0));
    assertThrows(IllegalArgumentException.class, () -> new FixedFormat(1, 0));
    assertThrows(IllegalArgumentException.class, () -> new FixedFormat(16, 61));
  }
}
