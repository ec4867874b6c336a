package org.nirfpga.board;

import java.util.List;
import java.util.Locale;

/** A closed frequency range of a clock generator's data sheet, checked with a named message. */
record PllRange(String what, double minMhz, double maxMhz) {
  /** Adds a line to {@code problems} when {@code mhz} lies outside the range. */
  void check(double mhz, List<String> problems) {
    // A relative margin keeps settings that hit a limit exactly (25 MHz x 16 = 400) legal
    // despite the last bit of floating-point rounding.
    double eps = 1e-9 * Math.max(1, Math.abs(mhz));
    if (!(mhz >= minMhz - eps && mhz <= maxMhz + eps)) {
      problems.add(String.format(Locale.ROOT, "%s %.4f MHz is outside %s-%s MHz", what, mhz,
          fmt(minMhz), fmt(maxMhz)));
    }
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
