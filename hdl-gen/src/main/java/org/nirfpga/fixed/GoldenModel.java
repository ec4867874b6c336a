package org.nirfpga.fixed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.ref.Contract;
import org.nirfpga.nir.graph.NirGraph;

/**
 * The bit-exact fixed-point model of the generated hardware, in integer arithmetic only; the RTL is
 * held to it. docs/fixed-point.md states each step's equations, widths, rounding and order.
 *
 * <p>Per step, layers run in evaluation order. A layer's accumulators are preloaded with the bias,
 * every incoming chain scatters its source's events (this step's, or the previous step's over a
 * recurrent edge, or older through a Delay) in ascending source address, then every neuron is
 * updated in ascending address and emits its events.
 */
public final class GoldenModel {
  private final Plan plan;
  private final QuantConfig config;
  private final List<Layer> layers = new ArrayList<>();
  private final Map<String, Long> constantClamps = new TreeMap<>();
  private Map<String, Quantizer.Source> sources;

  /** A layer with every constant quantized. */
  private static final class Layer {
    Plan.LayerPlan p;
    LayerQuant q;
    List<Chain> chains = new ArrayList<>();
    int[] preloadFrom;
    long[][] preload;
    long[] alphaV;
    long[] alphaI;
    int[] shiftV;
    int[] shiftI;
    long[] leak;
    long[] theta;
    long[] reset;
  }

  /** An incoming chain with integer weights. */
  private static final class Chain {
    String source;
    int lag;
    int[] delay;
    int[][] targets;
    long[][] weights;
  }

  private GoldenModel(Plan plan, QuantConfig config) {
    this.plan = plan;
    this.config = config;
  }

  /**
   * The golden model of {@code graph} with the formats of {@code config}; the config must have
   * been made for this graph (same layers, synapses, dt and preset).
   */
  public static GoldenModel create(NirGraph graph, QuantConfig config, Contract contract)
      throws NirfpgaException {
    Plan plan = Lowering.lower(graph, contract);
    GoldenModel m = new GoldenModel(plan, config);
    m.check();
    m.sources = Quantizer.sources(plan, config.inputs(), config.layers(), 16);
    m.checkProducts();
    for (Plan.LayerPlan l : plan.layers()) {
      m.layers.add(m.compile(l, config.layers().get(l.path())));
    }
    return m;
  }

  /** The config this model runs with. */
  public QuantConfig config() {
    return config;
  }

  /** Input port paths in file order, with their element counts. */
  public Map<String, Integer> inputSizes() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (Plan.PortPlan p : plan.inputs()) {
      m.put(p.path(), p.size());
    }
    return m;
  }

  /** Output port paths in file order, each with the input or layer it copies. */
  public Map<String, String> outputSources() {
    return new LinkedHashMap<>(plan.outputs());
  }

  /**
   * Constants (weights, biases, thresholds, resets, leaks) that did not fit their format and were
   * clamped to it, counted per {@code <layer>.<field>}; empty for configs the {@link Quantizer}
   * made.
   */
  public Map<String, Long> constantClamps() {
    return Map.copyOf(constantClamps);
  }

  /** Every layer's integer constants, in evaluation order (the hardware's memory contents). */
  public List<LayerConstants> constants() {
    List<LayerConstants> out = new ArrayList<>();
    for (Layer l : layers) {
      List<LayerConstants.Chain> chains = new ArrayList<>();
      for (int c = 0; c < l.chains.size(); c++) {
        Chain k = l.chains.get(c);
        chains.add(new LayerConstants.Chain(k.source, l.p.chains().get(c).nodes(), k.lag,
            k.delay, k.targets, k.weights));
      }
      out.add(new LayerConstants(l.p.path(), l.p.nodeType(), l.q, List.copyOf(chains),
          l.preloadFrom, l.preload, l.alphaV, l.shiftV, l.alphaI, l.shiftI, l.leak, l.theta,
          l.reset, l.p.iCouples(), l.p.multiSpike()));
    }
    return out;
  }

  private void check() throws NirfpgaException {
    String src = "quantization config";
    Contract d = plan.contract();
    if (Math.abs(config.dtSeconds() - d.dt()) > 1e-12 * d.dt()) {
      throw new NirfpgaException(src + ": dt = " + config.dtSeconds() + " but the model runs with"
          + " dt = " + d.dt() + "; quantize again for this dt");
    }
    if (!config.preset().equals(d.preset())) {
      throw new NirfpgaException(src + ": preset = \"" + config.preset() + "\" but the model runs"
          + " with preset \"" + d.preset() + "\"; quantize again for this preset");
    }
    for (Plan.PortPlan p : plan.inputs()) {
      if (!config.inputs().containsKey(p.path())) {
        throw new NirfpgaException(src + ": inputs has no entry for input '" + p.path() + "'");
      }
    }
    for (String k : config.inputs().keySet()) {
      if (plan.inputs().stream().noneMatch(p -> p.path().equals(k))) {
        throw new NirfpgaException(src + ": inputs." + k + " names no input node of the graph");
      }
    }
    for (Plan.LayerPlan l : plan.layers()) {
      LayerQuant q = config.layers().get(l.path());
      if (q == null) {
        throw new NirfpgaException(src + ": layers has no entry for neuron '" + l.path()
            + "' (" + l.nodeType() + "); quantize this graph again");
      }
      if (!q.type().equals(l.nodeType())) {
        throw new NirfpgaException(src + ": layers." + l.path() + ".type = \"" + q.type()
            + "\" but the graph's node is " + l.nodeType());
      }
      if (!q.synapses().equals(l.synapses())) {
        throw new NirfpgaException(src + ": layers." + l.path() + ".synapses = " + q.synapses()
            + " but the graph feeds it through " + l.synapses());
      }
      if (l.kind().cuba() && q.current() == null) {
        throw new NirfpgaException(src + ": layers." + l.path() + ".current is missing");
      }
      if (q.decay() == DecayEncoding.MULTIPLY && l.kind() != Plan.Kind.THRESHOLD
          && Math.max(q.v().totalBits(), q.current() == null ? 0 : q.current().totalBits())
              + q.decayFracBits() > 62) {
        throw new NirfpgaException(src + ": layers." + l.path() + ".decay.frac = "
            + q.decayFracBits() + " is too wide for the state width");
      }
    }
    for (String k : config.layers().keySet()) {
      if (plan.layers().stream().noneMatch(l -> l.path().equals(k))) {
        throw new NirfpgaException(src + ": layers." + k + " names no neuron node of the graph");
      }
    }
  }

  /** Weight times event must stay exact in 64 bits (it does in hardware by construction). */
  private void checkProducts() throws NirfpgaException {
    for (Plan.LayerPlan l : plan.layers()) {
      LayerQuant q = config.layers().get(l.path());
      for (Plan.ChainPlan c : l.chains()) {
        Quantizer.Source s = sources.get(c.source());
        int bits = q.weight().totalBits() + FixedMath.signedBitsFor(s.min(), s.max());
        if (bits > 62 || q.accumulator().totalBits() + 1 > 63) {
          throw new NirfpgaException("quantization config: layers." + l.path() + ".weight.bits = "
              + q.weight().totalBits() + " times the " + FixedMath.signedBitsFor(s.min(), s.max())
              + "-bit events of '" + c.source() + "' exceeds 62 bits; narrow one of them");
        }
      }
    }
  }

  private long constant(double value, FixedFormat f, String site) {
    return clamp(f.encodeUnclamped(value, Quantizer.CONSTANT_ROUNDING), f, site);
  }

  private long clamp(long c, FixedFormat f, String site) {
    long s = FixedMath.saturate(c, f.totalBits());
    if (s != c) {
      constantClamps.merge(site, 1L, Long::sum);
    }
    return s;
  }

  private Layer compile(Plan.LayerPlan p, LayerQuant q) throws NirfpgaException {
    Layer l = new Layer();
    l.p = p;
    l.q = q;
    int n = p.size();
    for (Plan.ChainPlan c : p.chains()) {
      double scale = sources.get(c.source()).lsb();
      Chain k = new Chain();
      k.source = c.source();
      k.lag = c.lag();
      k.delay = c.delaySteps();
      k.targets = new int[c.targets().length][];
      k.weights = new long[c.targets().length][];
      for (int j = 0; j < c.targets().length; j++) {
        int cnt = 0;
        long[] w = new long[c.targets()[j].length];
        for (int e = 0; e < w.length; e++) {
          w[e] = constant(c.weights()[j][e] * scale, q.weight(), p.path() + ".weight");
          if (w[e] != 0) {
            cnt++;
          }
        }
        // Zero words add nothing, even to a saturated accumulator: leave them out.
        k.targets[j] = new int[cnt];
        k.weights[j] = new long[cnt];
        int o = 0;
        for (int e = 0; e < w.length; e++) {
          if (w[e] != 0) {
            k.targets[j][o] = c.targets()[j][e];
            k.weights[j][o++] = w[e];
          }
        }
      }
      l.chains.add(k);
    }
    List<long[]> pre = Quantizer.preloads(p, q.weight());
    l.preload = new long[pre.size()][];
    l.preloadFrom = new int[pre.size()];
    int first = p.biases().isEmpty() || p.biases().get(0).fromStep() > 0 ? 1 : 0;
    for (int b = 0; b < pre.size(); b++) {
      l.preloadFrom[b] = b < first ? 0 : p.biases().get(b - first).fromStep();
      l.preload[b] = new long[n];
      for (int i = 0; i < n; i++) {
        l.preload[b][i] = clamp(pre.get(b)[i], q.accumulator(), p.path() + ".bias");
      }
    }
    l.leak = new long[n];
    l.theta = new long[n];
    l.reset = new long[n];
    l.alphaV = new long[n];
    l.alphaI = new long[n];
    l.shiftV = new int[n];
    l.shiftI = new int[n];
    for (int i = 0; i < n; i++) {
      l.leak[i] = constant(p.leakV()[i], q.v(), p.path() + ".leak");
      if (p.kind().spiking()) {
        // A Threshold node compares its input itself: its threshold is in accumulator units.
        FixedFormat tf = p.kind() == Plan.Kind.THRESHOLD ? q.accumulator() : q.v();
        l.theta[i] = constant(p.threshold()[i], tf, p.path() + ".threshold");
        if (p.kind() != Plan.Kind.THRESHOLD) {
          l.reset[i] = constant(p.vReset()[i], q.v(), p.path() + ".v_reset");
        }
      }
      l.alphaV[i] = alphaCode(p, q, p.alphaV()[i]);
      l.shiftV[i] = shiftCode(p, q, p.alphaV()[i]);
      l.alphaI[i] = alphaCode(p, q, p.alphaI()[i]);
      l.shiftI[i] = shiftCode(p, q, p.alphaI()[i]);
    }
    if (p.multiSpike()) {
      for (int i = 0; i < n; i++) {
        if (l.theta[i] <= 0) {
          throw new NirfpgaException("node '" + p.path() + "': multi-spike IF needs v_threshold["
              + i + "] > 0 in format " + q.v() + ", got " + p.threshold()[i]);
        }
      }
    }
    return l;
  }

  private static long alphaCode(Plan.LayerPlan p, LayerQuant q, double alpha)
      throws NirfpgaException {
    if (alpha < -1 || alpha > 1) {
      throw new NirfpgaException("node '" + p.path() + "': decay per step " + alpha + " is outside"
          + " [-1, 1] (dt is larger than twice a time constant); use a smaller dt");
    }
    return new FixedFormat(q.decayFracBits() + 2, q.decayFracBits())
        .encodeUnclamped(alpha, Quantizer.CONSTANT_ROUNDING);
  }

  /** k with alpha ~ 1 - 2^-k; -1 when alpha is 1 (no decay). */
  private static int shiftCode(Plan.LayerPlan p, LayerQuant q, double alpha)
      throws NirfpgaException {
    if (alpha >= 1) {
      return -1;
    }
    if (q.decay() == DecayEncoding.SHIFT && alpha < 0) {
      throw new NirfpgaException("node '" + p.path() + "': decay per step " + alpha
          + " is negative; decay.encoding = shift needs 0 <= alpha <= 1, use multiply");
    }
    if (alpha <= 0) {
      return 0;
    }
    long k = Math.round(-Math.log(1 - alpha) / Math.log(2));
    return (int) Math.max(0, Math.min(62, k));
  }

  // ---- running -------------------------------------------------------------------------------

  /** Runs a graph with one input port; {@code input} is [step][element]. */
  public GoldenResult run(double[][] input) throws NirfpgaException {
    if (plan.inputs().size() != 1) {
      throw new NirfpgaException("the graph has " + plan.inputs().size() + " input nodes; give"
          + " one array per input by name");
    }
    return run(Map.of(plan.inputs().get(0).path(), input));
  }

  /**
   * Runs from the all-zero state; {@code inputs} maps each input path to [step][element] integer
   * event values within the config's range for that input.
   */
  public GoldenResult run(Map<String, double[][]> inputs) throws NirfpgaException {
    int steps = -1;
    Map<String, long[][]> events = new HashMap<>();
    for (Plan.PortPlan p : plan.inputs()) {
      double[][] x = inputs.get(p.path());
      if (x == null) {
        throw new NirfpgaException("no input array for input node '" + p.path() + "'");
      }
      if (steps >= 0 && x.length != steps) {
        throw new NirfpgaException("input '" + p.path() + "' has " + x.length + " steps, others "
            + steps);
      }
      steps = x.length;
      events.put(p.path(), toEvents(p, x, config.inputs().get(p.path())));
    }
    SaturationCounter sat = new SaturationCounter();
    Map<String, long[][]> vTrace = new HashMap<>();
    Map<String, long[][]> iTrace = new HashMap<>();
    for (Layer l : layers) {
      events.put(l.p.path(), new long[steps][l.p.size()]);
      vTrace.put(l.p.path(), new long[steps][]);
      iTrace.put(l.p.path(), new long[steps][]);
    }
    Map<String, long[]> v = new HashMap<>();
    Map<String, long[]> cur = new HashMap<>();
    for (Layer l : layers) {
      v.put(l.p.path(), new long[l.p.size()]);
      cur.put(l.p.path(), new long[l.p.size()]);
    }
    for (int t = 0; t < steps; t++) {
      for (Layer l : layers) {
        long[] acc = accumulate(l, t, events, sat);
        long[] vs = v.get(l.p.path());
        long[] is = cur.get(l.p.path());
        long[] out = events.get(l.p.path())[t];
        for (int i = 0; i < l.p.size(); i++) {
          out[i] = update(l, i, acc[i], vs, is, sat);
        }
        if (!l.p.kind().spiking()) {
          // A non-spiking layer's events are its membrane codes (worth 2^-Fv each).
          System.arraycopy(vs, 0, out, 0, out.length);
        }
        vTrace.get(l.p.path())[t] = l.p.kind() == Plan.Kind.THRESHOLD ? acc : vs.clone();
        iTrace.get(l.p.path())[t] = is.clone();
      }
    }
    Map<String, LayerTrace> traces = new LinkedHashMap<>();
    for (Layer l : layers) {
      Plan.LayerPlan p = l.p;
      boolean cuba = p.kind().cuba();
      traces.put(p.path(), new LayerTrace(p.path(), p.nodeType(), p.kind().spiking(),
          p.kind() == Plan.Kind.THRESHOLD ? l.q.accumulator() : l.q.v(),
          cuba ? l.q.current() : null, p.iScale().clone(),
          p.kind().spiking() ? p.threshold().clone() : new double[0],
          p.kind().spiking() ? toInt(events.get(p.path())) : null, vTrace.get(p.path()),
          cuba ? iTrace.get(p.path()) : null));
    }
    Map<String, double[][]> outputs = new LinkedHashMap<>();
    for (Map.Entry<String, String> o : plan.outputs().entrySet()) {
      String s = o.getValue();
      LayerTrace tr = traces.get(s);
      double[][] val = new double[steps][];
      for (int t = 0; t < steps; t++) {
        if (tr == null || tr.spiking()) {
          long[] e = events.get(s)[t];
          double lsb = tr == null ? config.inputs().get(s).lsb() : 1.0;
          val[t] = new double[e.length];
          for (int i = 0; i < e.length; i++) {
            val[t][i] = e[i] * lsb;
          }
        } else {
          val[t] = new double[tr.v()[t].length];
          for (int i = 0; i < val[t].length; i++) {
            val[t][i] = tr.vFormat().decode(tr.v()[t][i]);
          }
        }
      }
      outputs.put(o.getKey(), val);
    }
    return new GoldenResult(steps, traces, outputs, plan.outputs(), sat.snapshot());
  }

  private static int[][] toInt(long[][] x) {
    int[][] out = new int[x.length][];
    for (int t = 0; t < x.length; t++) {
      out[t] = new int[x[t].length];
      for (int i = 0; i < x[t].length; i++) {
        out[t][i] = Math.toIntExact(x[t][i]);
      }
    }
    return out;
  }

  private static long[][] toEvents(Plan.PortPlan p, double[][] x, EventRange range)
      throws NirfpgaException {
    long[][] out = new long[x.length][];
    for (int t = 0; t < x.length; t++) {
      if (x[t].length != p.size()) {
        throw new NirfpgaException("input '" + p.path() + "': step " + t + " has " + x[t].length
            + " values, the input node takes " + p.size());
      }
      out[t] = new long[p.size()];
      for (int j = 0; j < p.size(); j++) {
        double val = x[t][j];
        // The host converts graded inputs to codes; whole-number inputs must already be whole.
        double code = range.fracBits() == 0 ? val
            : new FixedFormat(48, range.fracBits()).encodeUnclamped(val, Rounding.HALF_EVEN);
        if (code != Math.rint(code) || code < range.min() || code > range.max()) {
          String allowed = range.fracBits() == 0
              ? "an integer event value in [" + range.min() + ", " + range.max() + "]"
              : "within [" + range.min() * range.lsb() + ", " + range.max() * range.lsb() + "]";
          throw new NirfpgaException("input '" + p.path() + "': step " + t + ", element " + j
              + " = " + val + " is not " + allowed + "; widen inputs." + p.path()
              + " in the quantization config");
        }
        out[t][j] = (long) code;
      }
    }
    return out;
  }

  /** Synapse engine: bias preload, then every event of every chain scattered in order. */
  private static long[] accumulate(Layer l, int t, Map<String, long[][]> events,
      SaturationCounter sat) {
    LayerQuant q = l.q;
    int bits = q.accumulator().totalBits();
    String site = l.p.path() + ".acc";
    int b = 0;
    while (b + 1 < l.preloadFrom.length && l.preloadFrom[b + 1] <= t) {
      b++;
    }
    long[] acc = l.preload[b].clone();
    for (Chain c : l.chains) {
      long[][] src = events.get(c.source);
      for (int j = 0; j < c.targets.length; j++) {
        int at = t - c.lag - (c.delay == null ? 0 : c.delay[j]);
        if (at < 0) {
          continue;
        }
        long e = src[at][j];
        if (e == 0) {
          continue;
        }
        int[] tg = c.targets[j];
        long[] w = c.weights[j];
        for (int k = 0; k < tg.length; k++) {
          // Exact: the config check keeps weight bits + event bits within 62.
          acc[tg[k]] = FixedMath.narrow(acc[tg[k]] + w[k] * e, bits, q.overflow(), sat, site);
        }
      }
    }
    return acc;
  }

  private static long decay(long s, long alphaQ, int shiftK, LayerQuant q) {
    if (q.decay() == DecayEncoding.MULTIPLY) {
      return q.rounding().shiftRight(Math.multiplyExact(alphaQ, s), q.decayFracBits());
    }
    if (shiftK < 0) {
      return s;
    }
    return s - q.rounding().shiftRight(s, shiftK);
  }

  /** Neuron engine for one neuron; returns the events it emits this step. */
  private int update(Layer l, int i, long acc, long[] vs, long[] is, SaturationCounter sat) {
    Plan.LayerPlan p = l.p;
    LayerQuant q = l.q;
    Rounding rnd = q.rounding();
    Overflow ovf = q.overflow();
    String path = p.path();
    if (p.kind() == Plan.Kind.THRESHOLD) {
      return acc > l.theta[i] ? 1 : 0;
    }
    int fw = q.weight().fracBits();
    int fv = q.v().fracBits();
    int vb = q.v().totalBits();
    long drive;
    if (p.kind().cuba()) {
      int fi = q.current().fracBits();
      long xi = FixedMath.align(acc, fw, fi, rnd);
      long iNew = FixedMath.narrow(decay(is[i], l.alphaI[i], l.shiftI[i], q) + xi,
          q.current().totalBits(), ovf, sat, path + ".i");
      boolean useNew = plan.contract().cubaCurrentOrder() == Contract.CubaCurrentOrder.NEW;
      long iSel = useNew ? iNew : is[i];
      drive = p.iCouples()[i] ? FixedMath.align(iSel, fi, fv, rnd) : 0;
      is[i] = iNew;
    } else {
      drive = FixedMath.align(acc, fw, fv, rnd);
    }
    long vPrev = vs[i];
    long vt = FixedMath.narrow(decay(vPrev, l.alphaV[i], l.shiftV[i], q) + drive + l.leak[i], vb,
        ovf, sat, path + ".v");
    if (!p.kind().spiking()) {
      vs[i] = vt;
      return 0;
    }
    long th = l.theta[i];
    if (p.multiSpike()) {
      if (vt < -th) {
        vt = -th;
      }
      int s = 0;
      while (vt >= th && s < q.maxSpikes()) {
        vt -= th;
        s++;
      }
      if (vt >= th) {
        sat.count(path + ".spikes");
      }
      vs[i] = vt;
      return s;
    }
    switch (plan.contract().reset()) {
      case TO_V_RESET: {
        boolean z = vt > th;
        vs[i] = z ? l.reset[i] : vt;
        return z ? 1 : 0;
      }
      case SUBTRACT: {
        boolean z = vt > th;
        vs[i] = z ? FixedMath.narrow(vt - th, vb, ovf, sat, path + ".v") : vt;
        return z ? 1 : 0;
      }
      case SUBTRACT_DELAYED: {
        long r = vPrev > th ? 1 : 0;
        long vd = FixedMath.narrow(vt - r * th, vb, ovf, sat, path + ".v");
        long z = vd > th ? 1 : 0;
        vs[i] = FixedMath.narrow(vd - (z - r) * th, vb, ovf, sat, path + ".v");
        return (int) z;
      }
      default:
        throw new IllegalStateException("reset " + plan.contract().reset());
    }
  }

  private Plan plan() {
    return plan;
  }
}
