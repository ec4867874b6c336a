package org.nirfpga.nir.ref;

import java.util.Optional;

/**
 * Compares a recorded per-step series with a reference and names the first step, node and element
 * that differ, and how many elements differ in all.
 */
public final class TraceDiff {
  private TraceDiff() {}

  /**
   * The first difference of {@code actual[t][k]} from {@code expected} (same values, flattened
   * C order over (T, N)) beyond {@code tolerance}, as one line, or empty when they agree. A shape
   * mismatch is a difference too.
   */
  public static Optional<String> first(String what, double[][] actual, double[] expected,
      double tolerance) {
    int steps = actual.length;
    int n = steps == 0 ? 0 : actual[0].length;
    if ((long) steps * n != expected.length) {
      return Optional.of(what + ": " + steps + " steps x " + n + " values recorded, reference "
          + "holds " + expected.length + " values");
    }
    long count = 0;
    String firstLine = null;
    for (int t = 0; t < steps; t++) {
      for (int k = 0; k < n; k++) {
        double a = actual[t][k];
        double e = expected[t * n + k];
        boolean differ = tolerance == 0 ? a != e : !(Math.abs(a - e) <= tolerance);
        if (differ) {
          if (firstLine == null) {
            firstLine = what + ": first difference at step " + t + ", element " + k + ": "
                + a + " vs reference " + e;
          }
          count++;
        }
      }
    }
    if (firstLine == null) {
      return Optional.empty();
    }
    return Optional.of(firstLine + " (" + count + " of " + expected.length + " elements differ)");
  }
}
