package org.nirfpga.fixed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.ref.Contract;
import org.nirfpga.nir.graph.NirGraph;

/**
 * Chooses a {@link QuantConfig} for a graph: weight scales from the largest folded weight, an
 * accumulator width from an interval analysis that bounds every partial sum exactly, and state
 * formats from bounds on v and the synaptic current.
 */
public final class Quantizer {
  /**
   * Steps of worst-case input an unbounded state (IF or I without leak, or a subtracting reset
   * that cannot keep up) is given room for; beyond it the state saturates and counts.
   */
  public static final int HEADROOM_STEPS = 64;



  private Quantizer() {}

  /** The config for {@code graph} under {@code options}; unsupported nodes are named. */
  public static QuantConfig quantize(NirGraph graph, QuantOptions options)
      throws NirfpgaException {
    return quantize(Lowering.lower(graph, options.contract()), options);
  }

  static QuantConfig quantize(Plan plan, QuantOptions o) throws NirfpgaException {
    Map<String, EventRange> inputs = new LinkedHashMap<>();
    for (Plan.PortPlan p : plan.inputs()) {
      inputs.put(p.path(), o.inputEvents());
    }
    Map<String, LayerQuant> layers = new LinkedHashMap<>();
    // A layer's event range (multi-spike count, or v format of a value layer) feeds the
    // accumulators after it, maybe through a recurrent edge: repeat until the formats settle.
    for (int pass = 0; pass < 6; pass++) {
      Map<String, LayerQuant> before = new LinkedHashMap<>(layers);
      Map<String, LayerQuant> known = new LinkedHashMap<>(layers);
      for (Plan.LayerPlan l : plan.layers()) {
        LayerQuant q = layer(l, o, sources(plan, inputs, known, o.stateBits()));
        known.put(l.path(), q);
      }
      layers = known;
      if (before.equals(layers)) {
        break;
      }
    }
    return new QuantConfig(plan.contract().preset(), plan.contract().dt(), inputs, layers);
  }

  /** Largest F such that {@code round(maxAbs * 2^F)} fits a signed {@code bits}-bit code. */
  static int fracFor(double maxAbs, int bits) {
    long max = (1L << (bits - 1)) - 1;
    if (!(maxAbs > 0)) {
      return Math.min(bits - 1, FixedFormat.MAX_FRAC);
    }
    int f = (int) Math.floor(Math.log(max / maxAbs) / Math.log(2));
    while (f > -FixedFormat.MAX_FRAC && Math.round(Math.scalb(maxAbs, f)) > max) {
      f--;
    }
    while (f < FixedFormat.MAX_FRAC && Math.round(Math.scalb(maxAbs, f + 1)) <= max) {
      f++;
    }
    return Math.max(-FixedFormat.MAX_FRAC, Math.min(FixedFormat.MAX_FRAC, f));
  }

  /** The rounding every constant (weight, bias, threshold, alpha) is quantized with. */
  static final Rounding CONSTANT_ROUNDING = Rounding.HALF_EVEN;

  /**
   * The codes a source's events carry and what one code is worth: input ports as configured,
   * spiking layers 0..max_spikes (worth 1 each), non-spiking layers their v code (worth 2^-Fv).
   */
  record Source(long min, long max, double lsb) {}

  /**
   * Every source's event range; a layer not in {@code layers} yet (first pass of a recurrent
   * value layer) is assumed to hold +-1 in {@code stateBits} bits.
   */
  static Map<String, Source> sources(Plan plan, Map<String, EventRange> inputs,
      Map<String, LayerQuant> layers, int stateBits) {
    Map<String, Source> out = new HashMap<>();
    inputs.forEach((k, r) -> out.put(k, new Source(r.min(), r.max(), r.lsb())));
    for (Plan.LayerPlan l : plan.layers()) {
      LayerQuant q = layers.get(l.path());
      if (l.kind().spiking()) {
        out.put(l.path(), new Source(0, q == null ? 1 : q.maxSpikes(), 1.0));
      } else {
        FixedFormat v = q != null ? q.v() : new FixedFormat(stateBits, stateBits - 1);
        out.put(l.path(), new Source(v.minCode(), v.maxCode(), v.lsb()));
      }
    }
    return out;
  }

  private static LayerQuant layer(Plan.LayerPlan l, QuantOptions o, Map<String, Source> sources)
      throws NirfpgaException {
    double wMax = 0;
    for (Plan.ChainPlan c : l.chains()) {
      double scale = sources.get(c.source()).lsb();
      for (double[] row : c.weights()) {
        for (double w : row) {
          wMax = Math.max(wMax, Math.abs(w * scale));
        }
      }
    }
    int fw = fracFor(wMax, o.weightBits());
    FixedFormat weight = new FixedFormat(o.weightBits(), fw);
    long[] bounds = accumulatorBounds(l, weight, sources);
    int accBits = o.accumulatorBits() != 0 ? o.accumulatorBits()
        : Math.max(o.weightBits(), FixedMath.signedBitsFor(bounds[0], bounds[1]));
    if (accBits > FixedFormat.MAX_BITS) {
      throw new NirfpgaException("node '" + l.path() + "': its accumulator would need " + accBits
          + " bits (at most " + FixedFormat.MAX_BITS + "); use fewer weight or state bits");
    }
    FixedFormat acc = new FixedFormat(accBits, fw);
    double xLo = weight.decode(bounds[0]);
    double xHi = weight.decode(bounds[1]);
    // Spiking layers: state beyond +-headroom thresholds saturates (and is counted)
    // rather than costing resolution near the threshold, where spikes are decided.
    double cap = Double.POSITIVE_INFINITY;
    if (l.kind().spiking() && l.kind() != Plan.Kind.THRESHOLD) {
      cap = o.thresholdHeadroom() * Math.max(maxAbs(l.threshold()), maxAbs(l.vReset()));
      if (!(cap > 0)) {
        cap = Double.POSITIVE_INFINITY;
      }
    }
    FixedFormat current = null;
    if (l.kind().cuba()) {
      double[] c = leakyRange(max(l.alphaI()), xLo, xHi, 0, 0);
      double m = Math.min(cap, Math.max(Math.abs(c[0]), Math.abs(c[1])));
      current = new FixedFormat(o.stateBits(), fracFor(m, o.stateBits()));
      boolean couples = false;
      for (boolean b : l.iCouples()) {
        couples |= b;
      }
      xLo = couples ? c[0] : 0;
      xHi = couples ? c[1] : 0;
    }
    FixedFormat v;
    int spikes = 1;
    if (l.kind() == Plan.Kind.THRESHOLD) {
      v = acc;
    } else {
      double[] r = vRange(l, o.contract(), xLo, xHi);
      double m = Math.min(cap, Math.max(Math.abs(r[0]), Math.abs(r[1])));
      if (l.kind().spiking()) {
        m = Math.max(m, Math.max(maxAbs(l.threshold()), maxAbs(l.vReset())));
      }
      v = new FixedFormat(o.stateBits(), fracFor(m, o.stateBits()));
      if (l.multiSpike()) {
        // As many spikes as the largest representable v holds thresholds.
        double thMin = min(l.threshold());
        double vMax = Math.min(r[1], v.decode(v.maxCode()));
        spikes = (int) Math.max(1, Math.min(1 << 16, Math.floor(vMax / thMin)));
      }
    }
    return new LayerQuant(l.nodeType(), l.synapses(), weight, acc, v, current, o.decay(),
        o.decayFracBits(), o.rounding(), o.overflow(), spikes);
  }

  /**
   * [lowest, highest] code any partial sum of the layer's accumulator can take, in any order of
   * events: the bias plus every negative (or every positive) contribution at its extreme.
   */
  static long[] accumulatorBounds(Plan.LayerPlan l, FixedFormat weight,
      Map<String, Source> sources) {
    long[] lo = new long[l.size()];
    long[] hi = new long[l.size()];
    for (long[] preload : preloads(l, weight)) {
      for (int t = 0; t < l.size(); t++) {
        // The accumulator is cleared to the preload, so every partial sum starts there.
        lo[t] = Math.min(lo[t], preload[t]);
        hi[t] = Math.max(hi[t], preload[t]);
      }
    }
    for (Plan.ChainPlan c : l.chains()) {
      Source r = sources.get(c.source());
      double scale = r.lsb();
      for (int j = 0; j < c.targets().length; j++) {
        for (int e = 0; e < c.targets()[j].length; e++) {
          long w = FixedMath.saturate(
              weight.encodeUnclamped(c.weights()[j][e] * scale, CONSTANT_ROUNDING),
              weight.totalBits());
          long a = Math.multiplyExact(w, r.min());
          long b = Math.multiplyExact(w, r.max());
          int t = c.targets()[j][e];
          lo[t] = Math.addExact(lo[t], Math.min(0, Math.min(a, b)));
          hi[t] = Math.addExact(hi[t], Math.max(0, Math.max(a, b)));
        }
      }
    }
    long min = 0;
    long max = 0;
    for (int t = 0; t < l.size(); t++) {
      min = Math.min(min, lo[t]);
      max = Math.max(max, hi[t]);
    }
    return new long[] {min, max};
  }

  /**
   * The accumulator preload codes a layer uses over time, in order of the steps they start at:
   * the bias sums that have arrived by then, each rounded once. The first is all zero when no
   * bias arrives at step 0.
   */
  static List<long[]> preloads(Plan.LayerPlan l, FixedFormat weight) {
    List<long[]> out = new ArrayList<>();
    double[] sum = new double[l.size()];
    if (l.biases().isEmpty() || l.biases().get(0).fromStep() > 0) {
      out.add(new long[l.size()]);
    }
    for (Plan.BiasPlan b : l.biases()) {
      long[] codes = new long[l.size()];
      for (int t = 0; t < l.size(); t++) {
        sum[t] += b.values()[t];
        codes[t] = weight.encodeUnclamped(sum[t], CONSTANT_ROUNDING);
      }
      out.add(codes);
    }
    return out;
  }

  /** Bounds of a state {@code s' = alpha s + x + leak} with x in [xLo, xHi], from s = 0. */
  static double[] leakyRange(double alpha, double xLo, double xHi, double leakLo, double leakHi) {
    double lo = xLo + leakLo;
    double hi = xHi + leakHi;
    if (alpha < 0) {
      double m = Math.max(Math.abs(lo), Math.abs(hi)) / (1 + alpha);
      return new double[] {-m, m};
    }
    double k = alpha < 1 ? 1 / (1 - alpha) : HEADROOM_STEPS;
    return new double[] {Math.min(0, lo * k), Math.max(0, hi * k)};
  }

  /** Bounds of v before and after the reset, for input (in v units) in [xLo, xHi]. */
  static double[] vRange(Plan.LayerPlan l, Contract dyn, double xLo, double xHi) {
    double a = max(l.alphaV());
    double lmin = min(l.leakV());
    double lmax = max(l.leakV());
    if (!l.kind().spiking() || a < 0) {
      return leakyRange(a, xLo, xHi, lmin, lmax);
    }
    double thMax = max(l.threshold());
    double thMin = min(l.threshold());
    if (l.multiSpike()) {
      double hi = Math.max(thMax, a * Math.max(thMax, 0) + xHi + lmax);
      return new double[] {Math.min(-thMax, -thMax + xLo + lmin), hi};
    }
    double rMin = min(l.vReset());
    double rMax = max(l.vReset());
    double k = a < 1 ? 1 / (1 - a) : HEADROOM_STEPS;
    boolean toReset = dyn.reset() == Contract.Reset.TO_V_RESET;
    double delta = dyn.reset() == Contract.Reset.SUBTRACT_DELAYED ? thMax : 0;
    double stored = toReset ? Math.max(thMax, rMax)
        : Math.max(thMax, thMax + k * Math.max(0, xHi + lmax - thMin - (1 - Math.min(a, 1))
            * thMax));
    double hi = Math.max(stored, a * Math.max(stored, 0) + xHi + lmax);
    double p0 = Math.min(0, toReset ? rMin : 0);
    double low = Math.min(p0, k * Math.min(0, xLo + lmin - delta));
    double lo = Math.min(low, a * low + xLo + lmin - delta);
    return new double[] {lo, hi};
  }

  private static double max(double[] a) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : a) {
      m = Math.max(m, v);
    }
    return a.length == 0 ? 0 : m;
  }

  private static double min(double[] a) {
    double m = Double.POSITIVE_INFINITY;
    for (double v : a) {
      m = Math.min(m, v);
    }
    return a.length == 0 ? 0 : m;
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
