package org.nirfpga.nir.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceDiffTest {
  static final double[][] ACTUAL = {{0, 1, 0}, {1, 0, 0}};

  @Test
  void equalSeriesHaveNoDifference() {
    assertEquals(Optional.empty(), TraceDiff.first("x", ACTUAL, new double[] {0, 1, 0, 1, 0, 0},
        0));
  }

  @Test
  void theFirstDifferenceIsNamedWithTheCount() {
    assertEquals(Optional.of("hid: first difference at step 1, element 0: 1.0 vs reference 0.0"
        + " (2 of 6 elements differ)"), TraceDiff.first("hid", ACTUAL,
        new double[] {0, 1, 0, 0, 0, 1}, 0));
  }

  @Test
  void toleranceAcceptsSmallDifferencesOnly() {
    double[] near = {0, 1 + 1e-9, 0, 1, 0, 0};
    assertEquals(Optional.empty(), TraceDiff.first("v", ACTUAL, near, 1e-6));
    assertEquals(true, TraceDiff.first("v", ACTUAL, near, 0).isPresent());
  }

  @Test
  void aShapeMismatchIsADifference() {
    assertEquals(Optional.of("out: 2 steps x 3 values recorded, reference holds 5 values"),
        TraceDiff.first("out", ACTUAL, new double[5], 0));
  }

  @Test
  void nanNeverMatches() {
    assertEquals(true, TraceDiff.first("v", new double[][] {{Double.NaN}}, new double[] {0}, 1)
        .isPresent());
  }
}
