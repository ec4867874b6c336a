package org.nirfpga.board;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of the ECP5 {@code EHXPLLL} with CLKOP fed back ({@code FEEDBK_PATH="CLKOP"}),
 * searched the way Project Trellis' {@code ecppll} does: the output is {@code in / CLKI_DIV *
 * CLKFB_DIV} and the VCO runs at that times {@code CLKOP_DIV}. Every CLKI_DIV 1-128, CLKFB_DIV
 * 1-80 and CLKOP_DIV 1-128 with a legal phase detector (3.125-400 MHz) and VCO (400-800 MHz) is
 * tried in that order; the closest output wins, and among equally close ones the VCO nearest
 * 600 MHz, the first found on a tie. Like ecppll the search runs in single precision, so the
 * choice is ecppll's also where rounding decides. CLKOP_CPHASE delays CLKOP by half a period as
 * ecppll (and Lattice's tools) do.
 */
public record Ecp5Pll(double inputMhz, double requestedMhz, int clkiDiv, int clkfbDiv,
    int clkopDiv, int clkopCphase, int clkopFphase) implements Pll {
  /** Output range of CLKOP in MHz (ECP5 family data sheet). */
  public static final double MIN_OUT_MHZ = 3.125;
  public static final double MAX_OUT_MHZ = 400;

  static final PllRange INPUT = new PllRange("ECP5 PLL input", 8, 400);
  static final PllRange PFD = new PllRange("ECP5 PLL phase detector", 3.125, 400);
  static final PllRange VCO = new PllRange("ECP5 PLL VCO", 400, 800);
  static final PllRange OUTPUT = new PllRange("ECP5 PLL output", MIN_OUT_MHZ, MAX_OUT_MHZ);

  public Ecp5Pll {
    if (clkiDiv < 1 || clkiDiv > 128 || clkfbDiv < 1 || clkfbDiv > 128 || clkopDiv < 1
        || clkopDiv > 128 || clkopCphase < 0 || clkopCphase > 127 || clkopFphase < 0
        || clkopFphase > 7) {
      throw new IllegalArgumentException("EHXPLLL settings out of range: CLKI_DIV " + clkiDiv
          + " CLKFB_DIV " + clkfbDiv + " CLKOP_DIV " + clkopDiv + " CLKOP_CPHASE "
          + clkopCphase + " CLKOP_FPHASE " + clkopFphase);
    }
  }

  /**
   * The settings closest to {@code outMhz} from an {@code inMhz} reference; throws when the
   * request is outside the PLL's output range.
   */
  public static Ecp5Pll solve(double inMhz, double outMhz) {
    if (!(outMhz >= MIN_OUT_MHZ && outMhz <= MAX_OUT_MHZ)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "PLL output %.3f MHz is "
          + "outside the ECP5 PLL's %.3f-%.0f MHz", outMhz, MIN_OUT_MHZ, MAX_OUT_MHZ));
    }
    float in = (float) inMhz;
    float want = (float) outMhz;
    float error = Float.MAX_VALUE;
    float bestVco = 0;
    int bestI = 0;
    int bestF = 0;
    int bestO = 0;
    int cphase = 0;
    for (int i = 1; i <= 128; i++) {
      float pfd = in / (float) i;
      if (pfd < 3.125f || pfd > 400f) {
        continue;
      }
      for (int f = 1; f <= 80; f++) {
        for (int o = 1; o <= 128; o++) {
          float vco = pfd * (float) f * (float) o;
          if (vco < 400f || vco > 800f) {
            continue;
          }
          float out = vco / (float) o;
          float err = Math.abs(out - want);
          if (err < error || (err == error
              && Math.abs(vco - 600f) < Math.abs(bestVco - 600f))) {
            error = err;
            bestVco = vco;
            bestI = i;
            bestF = f;
            bestO = o;
            // Half an output period in VCO cycles, rounded as ecppll rounds it.
            float halfPeriodUs = (float) (1 / (out * 1e6) * 0.5);
            cphase = (int) (halfPeriodUs * (vco * 1e6));
          }
        }
      }
    }
    if (bestI == 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "no ECP5 PLL setting makes "
          + "%.3f MHz from %.3f MHz", outMhz, inMhz));
    }
    Ecp5Pll p = new Ecp5Pll(inMhz, outMhz, bestI, bestF, bestO, cphase, 0);
    List<String> bad = p.problems();
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "no legal ECP5 PLL setting "
          + "makes %.3f MHz from %.3f MHz: the closest breaks %s", outMhz, inMhz, bad));
    }
    return p;
  }

  @Override
  public String cell() {
    return "EHXPLLL";
  }

  @Override
  public double pfdMhz() {
    return inputMhz / clkiDiv;
  }

  @Override
  public double vcoMhz() {
    return pfdMhz() * clkfbDiv * clkopDiv;
  }

  @Override
  public double achievedMhz() {
    return pfdMhz() * clkfbDiv;
  }

  @Override
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("clki_div", clkiDiv);
    m.put("clkfb_div", clkfbDiv);
    m.put("clkop_div", clkopDiv);
    m.put("clkop_cphase", clkopCphase);
    m.put("clkop_fphase", clkopFphase);
    m.put("feedbk_path", "CLKOP");
    return m;
  }

  @Override
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    INPUT.check(inputMhz, out);
    PFD.check(pfdMhz(), out);
    VCO.check(vcoMhz(), out);
    OUTPUT.check(achievedMhz(), out);
    if (clkopCphase >= clkopDiv) {
      out.add("CLKOP_CPHASE " + clkopCphase + " delays CLKOP by a whole period or more "
          + "(CLKOP_DIV " + clkopDiv + ")");
    }
    return out;
  }
}
