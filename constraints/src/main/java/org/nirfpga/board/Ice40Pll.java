package org.nirfpga.board;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Divider settings of the iCE40 PLL in SIMPLE feedback mode, searched the way icestorm's
 * {@code icepll} does: every DIVR, DIVF and DIVQ whose phase-detector (10-133 MHz) and VCO
 * (533-1066 MHz) frequencies are legal, keeping the first closest output. Arithmetic is in
 * {@code double} and in icepll's order, so near-ties break the same way.
 */
public record Ice40Pll(double inputMhz, double requestedMhz, int divr, int divf, int divq,
    int filterRange, double achievedMhz) implements Pll {
  /** Output range of the PLL in MHz. */
  public static final double MIN_OUT_MHZ = 16;
  public static final double MAX_OUT_MHZ = 275;

  static final PllRange PFD = new PllRange("iCE40 PLL phase detector", 10, 133);
  static final PllRange VCO = new PllRange("iCE40 PLL VCO", 533, 1066);
  static final PllRange OUTPUT = new PllRange("iCE40 PLL output", MIN_OUT_MHZ, MAX_OUT_MHZ);

  public Ice40Pll {
    if (divr < 0 || divr > 15 || divf < 0 || divf > 127 || divq < 1 || divq > 6
        || filterRange < 1 || filterRange > 6) {
      throw new IllegalArgumentException("PLL dividers out of range: DIVR " + divr + " DIVF "
          + divf + " DIVQ " + divq + " FILTER_RANGE " + filterRange);
    }
  }

  /**
   * The settings closest to {@code outMhz} from a {@code inMhz} reference; throws when the
   * request is outside the PLL's range.
   */
  public static Ice40Pll solve(double inMhz, double outMhz) {
    if (outMhz < MIN_OUT_MHZ || outMhz > MAX_OUT_MHZ) {
      throw new IllegalArgumentException(String.format("PLL output %.3f MHz is outside the "
          + "iCE40 PLL's %.0f-%.0f MHz", outMhz, MIN_OUT_MHZ, MAX_OUT_MHZ));
    }
    boolean found = false;
    double best = 0;
    int bestR = 0;
    int bestF = 0;
    int bestQ = 0;
    for (int r = 0; r <= 15; r++) {
      double fdiv = inMhz / (r + 1);
      if (fdiv < 10 || fdiv > 133) {
        continue;
      }
      for (int f = 0; f <= 127; f++) {
        double fvco = fdiv * (f + 1);
        if (fvco < 533 || fvco > 1066) {
          continue;
        }
        for (int q = 1; q <= 6; q++) {
          double out = fvco * Math.scalb(1.0, -q);
          if (!found || Math.abs(out - outMhz) < Math.abs(best - outMhz)) {
            found = true;
            best = out;
            bestR = r;
            bestF = f;
            bestQ = q;
          }
        }
      }
    }
    if (!found) {
      throw new IllegalArgumentException(String.format("no iCE40 PLL setting makes %.3f MHz "
          + "from %.3f MHz", outMhz, inMhz));
    }
    return new Ice40Pll(inMhz, outMhz, bestR, bestF, bestQ, filterFor(inMhz / (bestR + 1)),
        best);
  }

  /** The loop filter setting icepll gives a phase detector frequency. */
  static int filterFor(double pfd) {
    return pfd < 17 ? 1 : pfd < 26 ? 2 : pfd < 44 ? 3 : pfd < 66 ? 4 : pfd < 101 ? 5 : 6;
  }

  @Override
  public String cell() {
    return "SB_PLL40_PAD";
  }

  @Override
  public double pfdMhz() {
    return inputMhz / (divr + 1);
  }

  @Override
  public double vcoMhz() {
    return pfdMhz() * (divf + 1);
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("divr", divr);
    m.put("divf", divf);
    m.put("divq", divq);
    m.put("filter_range", filterRange);
    return m;
  }

  @Override
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    PFD.check(pfdMhz(), out);
    VCO.check(vcoMhz(), out);
    double made = vcoMhz() / (1 << divq);
    OUTPUT.check(made, out);
    if (Math.abs(made - achievedMhz) > 1e-6 * made) {
      out.add("achieved " + achievedMhz + " MHz is not what the dividers make, " + made
          + " MHz");
    }
    if (filterRange != filterFor(pfdMhz())) {
      out.add("FILTER_RANGE " + filterRange + " does not suit a " + pfdMhz() + " MHz phase "
          + "detector; use " + filterFor(pfdMhz()));
    }
    return out;
  }
}
