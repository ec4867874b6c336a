package org.nirfpga.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ice40PllIT {
  private static final Pattern FIELD =
      Pattern.compile("(DIVR|DIVF|DIVQ|FILTER_RANGE):\\s+(\\d+)");
  private static final Pattern ACHIEVED =
      Pattern.compile("F_PLLOUT:\\s+([0-9.]+) MHz \\(achieved\\)");

  private static String icepll(String tool, Path dir, double in, double out) throws Exception {
    Path log = dir.resolve("icepll.log");
    int rc = ToolRunner.run(dir, log, 30, List.of(tool, "-i", Double.toString(in), "-o",
        Double.toString(out)));
    assertEquals(0, rc, Files.readString(log));
    return Files.readString(log);
  }

  @Test
  void dividersEqualIcepllsOverTheOutputRange(@TempDir Path dir) throws Exception {
    String tool = ToolGate.require("icepll");
    List<String> mismatches = new ArrayList<>();
    double[] inputs = {12, 25, 100};
    for (double in : inputs) {
      for (double out = 16; out <= 275; out += in == 12 ? 1.7 : 7.3) {
        String text = icepll(tool, dir, in, out);
        Ice40Pll mine = Ice40Pll.solve(in, out);
        Matcher m = FIELD.matcher(text);
        StringBuilder theirs = new StringBuilder();
        while (m.find()) {
          theirs.append(m.group(1)).append('=').append(m.group(2)).append(' ');
        }
        String ours = "DIVR=" + mine.divr() + " DIVF=" + mine.divf() + " DIVQ=" + mine.divq()
            + " FILTER_RANGE=" + mine.filterRange() + " ";
        Matcher a = ACHIEVED.matcher(text);
        assertTrue(a.find(), text);
        if (!ours.equals(theirs.toString())
            || Math.abs(Double.parseDouble(a.group(1)) - mine.achievedMhz()) > 0.00051) {
          mismatches.add(in + " -> " + out + ": icepll " + theirs + a.group(1) + ", ours "
              + ours + mine.achievedMhz());
        }
      }
    }
    assertEquals(List.of(), mismatches);
  }

  @Test
  void plantedWrongDividerIsCaughtByTheComparison(@TempDir Path dir) throws Exception {
    String tool = ToolGate.require("icepll");
    String text = icepll(tool, dir, 12, 48);
    Ice40Pll right = Ice40Pll.solve(12, 48);
    Ice40Pll planted = new Ice40Pll(12, 48, right.divr(), right.divf() + 1, right.divq(),
        right.filterRange(), right.achievedMhz());
    assertTrue(text.contains("DIVF: " + right.divf() + " "), text);
    assertTrue(!text.contains("DIVF: " + planted.divf() + " "), text);
  }

  @Test
  void outputOutsideThePllRangeIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Ice40Pll.solve(12, 300));
    assertEquals("PLL output 300.000 MHz is outside the iCE40 PLL's 16-275 MHz", e.getMessage());
  }
}
