package org.nirfpga.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class Xilinx7MmcmTest {
  private static String settings(Xilinx7Mmcm m) {
    return "DIVCLK_DIVIDE " + m.divclkDivide() + " CLKFBOUT_MULT_F " + m.clkfboutMultF()
        + " CLKOUT0_DIVIDE_F " + m.clkout0DivideF();
  }

  @Test
  void fortyMegahertzFromAHundredTakesTheVcoNearestNineHundredThenTheLower() {
    // Exact with integers at D 1: M 6/O 15 (VCO 600), 8/20 (800), 10/25 (1000), 12/30 (1200).
    // 800 and 1000 are both 100 MHz from 900; the lower wins.
    Xilinx7Mmcm m = Xilinx7Mmcm.solve(100, 40);
    assertEquals("DIVCLK_DIVIDE 1 CLKFBOUT_MULT_F 8.0 CLKOUT0_DIVIDE_F 20.0", settings(m));
    assertEquals(40.0, m.achievedMhz(), 0);
    assertEquals(800.0, m.vcoMhz(), 0);
    assertEquals(List.of(), m.problems());
  }

  @Test
  void hundredTwentyFiveMegahertzMultipliesByTenAndDividesByEight() {
    // The VCO must be a multiple of 100 (integer M at D 1) and of 125 (integer O): 1000.
    Xilinx7Mmcm m = Xilinx7Mmcm.solve(100, 125);
    assertEquals("DIVCLK_DIVIDE 1 CLKFBOUT_MULT_F 10.0 CLKOUT0_DIVIDE_F 8.0", settings(m));
    assertEquals(125.0, m.achievedMhz(), 0);
    assertFalse(m.fractional());
  }

  @Test
  void integerSettingsWinOverFractionalOnesThatAreEquallyExact() {
    // 33 MHz: D 1, M 8.25, O 25 is exact but fractional; D 4, M 33, O 25 (VCO 825) is exact
    // with integers and wins although its phase detector is slower.
    Xilinx7Mmcm m = Xilinx7Mmcm.solve(100, 33);
    assertEquals("DIVCLK_DIVIDE 4 CLKFBOUT_MULT_F 33.0 CLKOUT0_DIVIDE_F 25.0", settings(m));
    // 74.25 MHz has no integer setting: M 37.125 / O 12.5 at D 4 makes it exactly.
    Xilinx7Mmcm f = Xilinx7Mmcm.solve(100, 74.25);
    assertTrue(f.fractional(), settings(f));
    assertEquals(74.25, f.achievedMhz(), 1e-12);
  }

  @Test
  void checkerCatchesAPlantedVcoAndPhaseDetectorOutOfRange() {
    // M 13 / O 32.5: 40 MHz out, but the VCO at 1300 MHz.
    Xilinx7Mmcm fastVco = new Xilinx7Mmcm(100, 40, 1, 13 * 8, 260);
    assertEquals(40.0, fastVco.achievedMhz(), 0);
    assertEquals(List.of("MMCM VCO 1300.0000 MHz is outside 600-1200 MHz"),
        fastVco.problems());
    // A 9.5 MHz reference at D 1: VCO 608 MHz is legal, the phase detector is not.
    Xilinx7Mmcm slowPfd = new Xilinx7Mmcm(9.5, 38, 1, 64 * 8, 16 * 8);
    assertEquals(List.of("MMCM input 9.5000 MHz is outside 10-800 MHz",
        "MMCM phase detector 9.5000 MHz is outside 10-450 MHz"), slowPfd.problems());
    Xilinx7Mmcm tooFast = new Xilinx7Mmcm(100, 500, 1, 10 * 8, 16);
    assertEquals(List.of("MMCM output through BUFG 500.0000 MHz is outside 4.69-464 MHz"),
        tooFast.problems());
  }

  @Test
  void requestOutsideTheRangeAndAFractionalDivideBelowTwoAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Xilinx7Mmcm.solve(100, 600));
    assertEquals("clock 600.000 MHz is outside the MMCM and BUFG's 4.69-464 MHz",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Xilinx7Mmcm(100, 40, 1, 64, 12));
    assertEquals(1.0, new Xilinx7Mmcm(100, 600, 1, 48, 8).clkout0DivideF(), 0);
  }
}
