package org.nirfpga.hdl.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("verilator")
class VerilatorLintIT {
  @Test
  void cleanCounterHasNoWarnings() {
    assertEquals(List.of(), VerilatorLint.warnings(Fixtures.dir("counter"), "counter"));
    VerilatorLint.assertClean(Fixtures.dir("counter"), "counter");
  }

  @Test
  void plantedWidthMismatchIsReportedAndFailsTheCheck() {
    List<String> warnings = VerilatorLint.warnings(Fixtures.dir("lint_fault"), "lint_fault");
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("%Warning-WIDTH"), warnings.get(0));
    AssertionError error = assertThrows(AssertionError.class,
        () -> VerilatorLint.assertClean(Fixtures.dir("lint_fault"), "lint_fault"));
    assertTrue(error.getMessage().contains("lint_fault.v:8"), error.getMessage());
  }

  @Test
  void syntaxErrorIsReportedAsAnError() {
    List<String> warnings = VerilatorLint.warnings(Fixtures.dir("broken"), "broken");
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("%Error")), warnings.toString());
  }
}
