package org.nirfpga.hdl.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class YosysSynthTest {
  private static final String FLAT = String.join("\n",
      "5. Printing statistics.",
      "",
      "=== ram ===",
      "",
      "   Number of wires:                 33",
      "   Number of memories:               0",
      "   Number of cells:                 67",
      "     SB_DFF                         43",
      "     SB_LUT4                        22",
      "     SB_RAM40_4K                     2",
      "");

  private static final String HIERARCHY = String.join("\n",
      "=== sub ===",
      "",
      "   Number of cells:                  3",
      "     LUT4                            3",
      "",
      "=== top ===",
      "",
      "   Number of cells:                  3",
      "     DP16KD                          1",
      "     TRELLIS_FF                      2",
      "     sub                             1",
      "",
      "=== design hierarchy ===",
      "",
      "   top                               1",
      "     sub                             1",
      "",
      "   Number of cells:                  6",
      "     DP16KD                          1",
      "     LUT4                            3",
      "     TRELLIS_FF                      2",
      "");

  @Test
  void flatStatGivesCountsPerCellType() {
    YosysSynth.Stats stats = YosysSynth.parse(FLAT, YosysSynth.Target.ICE40, "ram", List.of());
    assertEquals(67, stats.cells());
    assertEquals(2, stats.blockRams());
    assertEquals(43, stats.flops());
    assertEquals(22, stats.luts());
    assertEquals(0, stats.count("SB_CARRY"));
  }

  @Test
  void hierarchyTotalsWinOverTheTopSection() {
    YosysSynth.Stats stats = YosysSynth.parse(HIERARCHY, YosysSynth.Target.ECP5, "top", List.of());
    assertEquals(6, stats.cells());
    assertEquals(3, stats.luts());
    assertEquals(1, stats.blockRams());
    assertEquals(0, stats.count("sub"));
  }

  @Test
  void missingTopSectionIsAnError() {
    assertThrows(AssertionError.class,
        () -> YosysSynth.parse(FLAT, YosysSynth.Target.ICE40, "other", List.of()));
  }

  @Test
  void tooFewBlockRamsFailWithTheCellTable() {
    YosysSynth.Stats stats = YosysSynth.parse(FLAT, YosysSynth.Target.ICE40, "ram", List.of());
    AssertionError error = assertThrows(AssertionError.class, () -> stats.assertBlockRams(3));
    assertEquals(true, error.getMessage().contains("SB_LUT4=22"), error.getMessage());
  }
}
