package org.nirfpga.board;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of a 7-series {@code MMCME2_BASE} (CLKFBOUT fed straight back, CLKOUT0 through a
 * {@code BUFG}) for the XC7A35T -1/-1L: output {@code in / DIVCLK_DIVIDE * CLKFBOUT_MULT_F /
 * CLKOUT0_DIVIDE_F}, with the phase detector at 10-450 MHz and the VCO at 600-1200 MHz (DS181).
 * Multiply and output divide step in eighths (2.000-64.000 and 1, 2.000-128.000).
 *
 * <p>Choice rule: the closest output; then integer multiply and divide (the fractional mode
 * adds jitter); then the smallest DIVCLK_DIVIDE (the fastest phase detector); then the VCO
 * nearest the middle of its range, 900 MHz; then the lower VCO.
 */
public record Xilinx7Mmcm(double inputMhz, double requestedMhz, int divclkDivide,
    int multEighths, int divideEighths) implements Pll {
  /** Output range in MHz: the MMCM's minimum and the -1 BUFG's maximum (DS181). */
  public static final double MIN_OUT_MHZ = 4.69;
  public static final double MAX_OUT_MHZ = 464;

  static final PllRange INPUT = new PllRange("MMCM input", 10, 800);
  static final PllRange PFD = new PllRange("MMCM phase detector", 10, 450);
  static final PllRange VCO = new PllRange("MMCM VCO", 600, 1200);
  static final PllRange OUTPUT = new PllRange("MMCM output through BUFG", MIN_OUT_MHZ,
      MAX_OUT_MHZ);

  public Xilinx7Mmcm {
    if (divclkDivide < 1 || divclkDivide > 106 || multEighths < 16 || multEighths > 512
        || divideEighths < 8 || divideEighths > 1024
        || (divideEighths < 16 && divideEighths != 8)) {
      throw new IllegalArgumentException("MMCME2_BASE settings out of range: DIVCLK_DIVIDE "
          + divclkDivide + " CLKFBOUT_MULT_F " + multEighths / 8.0 + " CLKOUT0_DIVIDE_F "
          + divideEighths / 8.0);
    }
  }

  /**
   * The settings closest to {@code outMhz} from an {@code inMhz} reference by the choice rule;
   * throws when the request is outside the output range.
   */
  public static Xilinx7Mmcm solve(double inMhz, double outMhz) {
    if (!(outMhz >= MIN_OUT_MHZ && outMhz <= MAX_OUT_MHZ)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "clock %.3f MHz is outside"
          + " the MMCM and BUFG's %.2f-%.0f MHz", outMhz, MIN_OUT_MHZ, MAX_OUT_MHZ));
    }
    Xilinx7Mmcm best = null;
    double bestErr = 0;
    for (int d = 1; d <= 106; d++) {
      double pfd = inMhz / d;
      if (pfd < 10 || pfd > 450) {
        continue;
      }
      for (int m = 16; m <= 512; m++) {
        double vco = inMhz * m / (8.0 * d);
        if (vco < 600 || vco > 1200) {
          continue;
        }
        for (int o = 8; o <= 1024; o = o == 8 ? 16 : o + 1) {
          // One rounding from exact integers: equal ratios give equal doubles, so exact ties
          // reach the tie rules below.
          double err = Math.abs(inMhz * m / ((double) d * o) - outMhz);
          Xilinx7Mmcm c = new Xilinx7Mmcm(inMhz, outMhz, d, m, o);
          if (best == null || err < bestErr || (err == bestErr && c.preferredTo(best))) {
            best = c;
            bestErr = err;
          }
        }
      }
    }
    if (best == null) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "no MMCM setting makes "
          + "%.3f MHz from %.3f MHz", outMhz, inMhz));
    }
    List<String> bad = best.problems();
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "no legal MMCM setting "
          + "makes %.3f MHz from %.3f MHz: the closest breaks %s", outMhz, inMhz, bad));
    }
    return best;
  }

  /** The tie rules after equal closeness. */
  private boolean preferredTo(Xilinx7Mmcm o) {
    if (fractional() != o.fractional()) {
      return !fractional();
    }
    if (divclkDivide != o.divclkDivide) {
      return divclkDivide < o.divclkDivide;
    }
    double mid = Math.abs(vcoMhz() - 900);
    double otherMid = Math.abs(o.vcoMhz() - 900);
    if (mid != otherMid) {
      return mid < otherMid;
    }
    return vcoMhz() < o.vcoMhz();
  }

  /** Whether the multiply or the divide uses the fractional mode. */
  public boolean fractional() {
    return multEighths % 8 != 0 || divideEighths % 8 != 0;
  }

  /** {@code CLKFBOUT_MULT_F}. */
  public double clkfboutMultF() {
    return multEighths / 8.0;
  }

  /** {@code CLKOUT0_DIVIDE_F}. */
  public double clkout0DivideF() {
    return divideEighths / 8.0;
  }

  @Override
  public String cell() {
    return "MMCME2_BASE";
  }

  @Override
  public double pfdMhz() {
    return inputMhz / divclkDivide;
  }

  @Override
  public double vcoMhz() {
    return inputMhz * multEighths / (8.0 * divclkDivide);
  }

  @Override
  public double achievedMhz() {
    return inputMhz * multEighths / ((double) divclkDivide * divideEighths);
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("divclk_divide", divclkDivide);
    m.put("clkfbout_mult_f", clkfboutMultF());
    m.put("clkout0_divide_f", clkout0DivideF());
    return m;
  }

  @Override
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    INPUT.check(inputMhz, out);
    PFD.check(pfdMhz(), out);
    VCO.check(vcoMhz(), out);
    OUTPUT.check(achievedMhz(), out);
    return out;
  }
}
