package org.nirfpga.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class Ecp5PllTest {
  private static String dividers(Ecp5Pll p) {
    return "CLKI_DIV " + p.clkiDiv() + " CLKFB_DIV " + p.clkfbDiv() + " CLKOP_DIV "
        + p.clkopDiv() + " CLKOP_CPHASE " + p.clkopCphase() + " CLKOP_FPHASE "
        + p.clkopFphase();
  }

  @Test
  void hundredMegahertzFromTwentyFiveMultipliesByFourWithTheVcoAtSixHundred() {
    // 25 / 1 * 4 = 100 MHz; CLKOP_DIV 6 puts the VCO at 600 MHz, the middle ecppll prefers
    // over 4 (400) and 8 (800). Half a period is 3 VCO cycles, which ecppll's single-precision
    // arithmetic truncates to 2.
    Ecp5Pll p = Ecp5Pll.solve(25, 100);
    assertEquals("CLKI_DIV 1 CLKFB_DIV 4 CLKOP_DIV 6 CLKOP_CPHASE 2 CLKOP_FPHASE 0",
        dividers(p));
    assertEquals(100.0, p.achievedMhz(), 0);
    assertEquals(600.0, p.vcoMhz(), 1e-9);
    assertEquals(List.of(), p.problems());
  }

  @Test
  void fortyMegahertzDividesByFiveAndMultipliesByEight() {
    // 25 / 5 = 5 MHz at the phase detector, x 8 = 40; x 15 more = 600 MHz VCO.
    Ecp5Pll p = Ecp5Pll.solve(25, 40);
    assertEquals("CLKI_DIV 5 CLKFB_DIV 8 CLKOP_DIV 15 CLKOP_CPHASE 7 CLKOP_FPHASE 0",
        dividers(p));
    assertEquals(40.0, p.achievedMhz(), 1e-12);
    assertEquals(5.0, p.pfdMhz(), 1e-12);
  }

  @Test
  void fortyEightMegahertzIsNotReachableAndTheClosestIsFortySixPointEightSevenFive() {
    // 48 = 25 x 48/25 needs a 1 MHz phase detector, below 3.125 MHz. With CLKI_DIV <= 8 the
    // outputs nearest 48 are 25/8 x 15 = 46.875 and 25/8 x 16 = 50; 46.875 is closer.
    Ecp5Pll p = Ecp5Pll.solve(25, 48);
    assertEquals("CLKI_DIV 8 CLKFB_DIV 15 CLKOP_DIV 13 CLKOP_CPHASE 6 CLKOP_FPHASE 0",
        dividers(p));
    assertEquals(46.875, p.achievedMhz(), 1e-12);
    assertEquals(609.375, p.vcoMhz(), 1e-9);
    assertEquals(48.0, p.requestedMhz(), 0);
  }

  @Test
  void equallyCloseSettingsBreakTowardsAVcoOfSixHundred() {
    // 50 MHz is exact with CLKOP_DIV 8 (VCO 400) to 16 (800); 12 gives 600.
    Ecp5Pll p = Ecp5Pll.solve(25, 50);
    assertEquals(12, p.clkopDiv());
    assertEquals(600.0, p.vcoMhz(), 1e-9);
    Ecp5Pll top = Ecp5Pll.solve(25, 400);
    assertEquals("CLKI_DIV 1 CLKFB_DIV 16 CLKOP_DIV 1 CLKOP_CPHASE 0 CLKOP_FPHASE 0",
        dividers(top));
    assertEquals(List.of(), top.problems());
  }

  @Test
  void checkerCatchesAPlantedVcoAndPhaseDetectorOutOfRange() {
    Ecp5Pll right = Ecp5Pll.solve(25, 100);
    assertEquals(List.of(), right.problems());
    // CLKOP_DIV 10 instead of 6: the same 100 MHz output, but a 1000 MHz VCO.
    Ecp5Pll fastVco = new Ecp5Pll(25, 100, 1, 4, 10, 4, 0);
    assertEquals(List.of("ECP5 PLL VCO 1000.0000 MHz is outside 400-800 MHz"),
        fastVco.problems());
    // CLKI_DIV 10: a 2.5 MHz phase detector.
    Ecp5Pll slowPfd = new Ecp5Pll(25, 40, 10, 16, 15, 7, 0);
    assertEquals(List.of("ECP5 PLL phase detector 2.5000 MHz is outside 3.125-400 MHz"),
        slowPfd.problems());
    Ecp5Pll latePhase = new Ecp5Pll(25, 100, 1, 4, 6, 6, 0);
    assertEquals(List.of("CLKOP_CPHASE 6 delays CLKOP by a whole period or more "
        + "(CLKOP_DIV 6)"), latePhase.problems());
  }

  @Test
  void requestOutsideTheOutputRangeAndUnencodableDividersAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Ecp5Pll.solve(25, 500));
    assertEquals("PLL output 500.000 MHz is outside the ECP5 PLL's 3.125-400 MHz",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Ecp5Pll(25, 40, 0, 8, 15, 7, 0));
    assertThrows(IllegalArgumentException.class, () -> new Ecp5Pll(25, 40, 5, 8, 129, 7, 0));
  }
}
