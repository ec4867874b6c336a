package org.nirfpga.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerTrace;
import org.nirfpga.nir.NirfpgaException;

/**
 * A cocotb-style testbench in Java around a generated pipeline: a driver per input stream feeds
 * each step's input events, a monitor per output stream collects output events until that
 * stream's end-of-step marker, the golden model is the reference, and the checker compares,
 * after every step, every layer's v and, for CubaLI and CubaLIF layers, its current I (read
 * through the debug port, {@code dbg_var_i} selecting v or I) and every output stream's events,
 * then the status counters at the end. It reports the first mismatch with its time step, layer,
 * neuron, variable (naming the stream on a top with several outputs) and cycle.
 */
public final class Testbench implements AutoCloseable {
  /**
   * How to run.
   *
   * @param readyPeriod the output consumer is ready one cycle in every {@code readyPeriod}
   *     (1: always; 0: never, a stuck consumer)
   * @param readState read and compare every layer's v after every step
   * @param budget cycles a step may take; 0 takes {@link Manifest#cycleBudget()}
   * @param vcd a waveform file to write (VCD, or FST for {@code .fst}), or null; the library
   *     must be built with that tracing ({@link BuildOptions#withTraceFor})
   * @param traceFrom first step in the waveform window
   * @param traceTo last step in the waveform window
   * @param stopAtFirst stop at the first divergence (else run on and only collect outputs)
   * @param backToBack send every step's input right after the step before's, without waiting
   *     for the outputs (a host that streams); the layers' state is then read after the last
   *     step only, and the consumer's ready period counts from the run's first cycle
   */
  public record Options(int readyPeriod, boolean readState, long budget, Path vcd, int traceFrom,
      int traceTo, boolean stopAtFirst, boolean backToBack) {
    /** These options, a step at a time. */
    public Options(int readyPeriod, boolean readState, long budget, Path vcd, int traceFrom,
        int traceTo, boolean stopAtFirst) {
      this(readyPeriod, readState, budget, vcd, traceFrom, traceTo, stopAtFirst, false);
    }

    /** Always ready, state compared, the manifest's budget, no trace, stop at the first. */
    public static Options defaults() {
      return new Options(1, true, 0, null, 0, Integer.MAX_VALUE, true);
    }

    /** These options with every step sent right after the step before, or a step at a time. */
    public Options withBackToBack(boolean on) {
      return new Options(readyPeriod, readState, budget, vcd, traceFrom, traceTo, stopAtFirst,
          on);
    }

    /** These options with the consumer ready one cycle in {@code period}. */
    public Options withReadyPeriod(int period) {
      return new Options(period, readState, budget, vcd, traceFrom, traceTo, stopAtFirst,
          backToBack);
    }

    /** These options with a cycle budget per step. */
    public Options withBudget(long cycles) {
      return new Options(readyPeriod, readState, cycles, vcd, traceFrom, traceTo, stopAtFirst,
          backToBack);
    }

    /** These options with a waveform of steps {@code from} to {@code to}. */
    public Options withTrace(Path file, int from, int to) {
      return new Options(readyPeriod, readState, budget, file, from, to, stopAtFirst,
          backToBack);
    }

    /** These options with the layers' state read and compared after every step, or not. */
    public Options withReadState(boolean read) {
      return new Options(readyPeriod, read, budget, vcd, traceFrom, traceTo, stopAtFirst,
          backToBack);
    }

    /** These options running on after the first divergence. */
    public Options runToEnd() {
      return new Options(readyPeriod, readState, budget, vcd, traceFrom, traceTo, false,
          backToBack);
    }
  }

  private final RtlSimulator model;
  private final Manifest manifest;
  private final List<Manifest.EventStream> inputs;
  private final List<Manifest.EventStream> outputs;
  /** The native single-stream path, or null on a top with several streams. */
  private final StreamPorts streams;
  private final List<MultiStreamStep.Ports> inPorts = new ArrayList<>();
  private final List<MultiStreamStep.Ports> outPorts = new ArrayList<>();
  private final List<EventDriver> drivers = new ArrayList<>();
  private final List<EventMonitor> monitors = new ArrayList<>();
  /** Per output stream, the last step's first out-of-order event ({before, address}) or null. */
  private final List<long[]> disorder = new ArrayList<>();
  private final Port dbgLayer;
  private final Port dbgAddr;
  private final Port dbgV;
  private final Port dbgVar;
  private final Manifest.WeightImage weights;

  /**
   * A testbench around an open model of the folder {@code manifest} describes.
   *
   * @throws IllegalArgumentException when the manifest's streams are inconsistent
   *     ({@link #open} reports that as a user error before building) or the top lacks a port
   */
  public Testbench(RtlSimulator model, Manifest manifest) {
    String refusal = refusal(manifest);
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
    this.model = model;
    this.manifest = manifest;
    try {
      this.inputs = manifest.inputs();
      this.outputs = manifest.outputs();
    } catch (NirfpgaException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    for (Manifest.EventStream in : inputs) {
      inPorts.add(MultiStreamStep.input(model, in.port()));
      drivers.add(new EventDriver(in.events()));
    }
    for (Manifest.EventStream out : outputs) {
      outPorts.add(MultiStreamStep.output(model, out.port()));
      monitors.add(new EventMonitor(out.events()));
    }
    this.streams = inputs.size() == 1 && outputs.size() == 1
        ? StreamPorts.named(model, inputs.get(0).port(), outputs.get(0).port()) : null;
    this.dbgLayer = model.port("dbg_layer_i");
    this.dbgAddr = model.port("dbg_addr_i");
    this.dbgV = model.port("dbg_v_o");
    this.dbgVar = model.ports().stream().anyMatch(p -> p.name().equals("dbg_var_i"))
        ? model.port("dbg_var_i") : null;
    if (dbgVar == null && manifest.layers().stream().anyMatch(Manifest.Layer::hasCurrent)) {
      throw new IllegalArgumentException(manifest.dir() + ": the top has CubaLI/CubaLIF layers"
          + " but no dbg_var_i port to read their current; regenerate the RTL folder");
    }
    try {
      this.weights = manifest.weightImage().orElse(null);
    } catch (NirfpgaException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    reset(true);
  }

  /**
   * Writes the weight image from address 0 through the weight-load stream of a design with
   * weights in SPRAM, a word per cycle while it is ready.
   */
  private void loadWeights() {
    long[] words = weights.words();
    String wl = weights.port();
    model.poke(wl + "_valid_i", 1);
    long start = model.cycles();
    for (int k = 0; k < words.length; ) {
      model.poke(wl + "_data_i", ((long) k << weights.dataBits()) | words[k]);
      boolean taken = model.peek(wl + "_ready_o") != 0;
      model.tick(1);
      if (taken) {
        k++;
      } else if (model.cycles() - start > 16L * words.length + 1000) {
        throw new IllegalStateException(manifest.top() + ": " + wl + " not ready in "
            + (model.cycles() - start) + " cycles");
      }
    }
    model.poke(wl + "_valid_i", 0);
  }

  /**
   * Why the testbench cannot drive the folder {@code m} describes, or null when it can: every
   * stream needs its own port prefix and every input its own node.
   */
  static String refusal(Manifest m) {
    List<Manifest.EventStream> ins;
    List<Manifest.EventStream> outs;
    try {
      ins = m.inputs();
      outs = m.outputs();
    } catch (NirfpgaException e) {
      return e.getMessage();
    }
    Set<String> ports = new HashSet<>();
    Set<String> nodes = new HashSet<>();
    for (Manifest.EventStream s : ins) {
      if (!ports.add(s.port()) || !nodes.add(s.events().node())) {
        return m.dir().resolve(Manifest.FILE) + ": field 'events.inputs' lists input node '"
            + s.events().node() + "' (port " + s.port() + ") twice; regenerate the RTL folder"
            + " with 'nirfpga compile'";
      }
    }
    for (Manifest.EventStream s : outs) {
      if (!ports.add(s.port())) {
        return m.dir().resolve(Manifest.FILE) + ": field 'events.outputs' lists port "
            + s.port() + " twice; regenerate the RTL folder with 'nirfpga compile'";
      }
    }
    return null;
  }

  private static Manifest checked(Path dir) throws NirfpgaException {
    Manifest m = Manifest.read(dir);
    String refusal = refusal(m);
    if (refusal != null) {
      throw new NirfpgaException(refusal);
    }
    // A damaged weight image is named before the model is built.
    m.weightImage();
    return m;
  }

  /** Builds (or takes from the cache) the RTL folder {@code dir} and opens a testbench on it. */
  public static Testbench open(Path dir, BuildOptions options, Consumer<String> progress)
      throws NirfpgaException {
    Manifest m = checked(dir);
    VerilatedModel model = VerilatedModel.open(dir, m.top(), m.clock(), options, progress);
    return new Testbench(model, m);
  }

  /** Like {@link #open}, with the design in a child process ({@link SubprocessModel}). */
  public static Testbench openSubprocess(Path dir, BuildOptions options,
      Consumer<String> progress) throws NirfpgaException {
    Manifest m = checked(dir);
    SubprocessModel model = SubprocessModel.open(dir, m.top(), m.clock(), options, progress);
    return new Testbench(model, m);
  }

  /** The model under test. */
  public RtlSimulator model() {
    return model;
  }

  /** The RTL folder's manifest. */
  public Manifest manifest() {
    return manifest;
  }

  /** The input streams in port order (the golden model's order of Input nodes). */
  public List<Manifest.EventStream> inputs() {
    return inputs;
  }

  /** The output streams in port order. */
  public List<Manifest.EventStream> outputs() {
    return outputs;
  }

  /** Holds reset for two cycles with idle streams and ready consumers. */
  public void reset() {
    reset(false);
  }

  /**
   * {@link #reset()}; at power-on a design with weights in SPRAM also forgets its weights
   * ({@code wl_clear_i}) and has the folder's image written while the reset is held, so that
   * the first step starts as it does with weights in block RAM.
   */
  private void reset(boolean powerOn) {
    for (MultiStreamStep.Ports p : inPorts) {
      model.poke(p.valid().index(), 0);
    }
    for (MultiStreamStep.Ports p : outPorts) {
      model.poke(p.ready().index(), 1);
    }
    model.poke(dbgLayer.index(), 0);
    model.poke(dbgAddr.index(), 0);
    if (dbgVar != null) {
      model.poke(dbgVar.index(), 0);
    }
    if (manifest.resetN() != null) {
      model.poke(manifest.resetN(), 0);
      model.tick(2);
    }
    if (powerOn && weights != null) {
      model.poke(weights.port() + "_clear_i", 1);
      model.tick(1);
      model.poke(weights.port() + "_clear_i", 0);
      loadWeights();
    }
    if (manifest.resetN() != null) {
      model.poke(manifest.resetN(), 1);
    }
  }

  /**
   * Runs one step of a top with one input and one output stream: the driver's events in, the
   * monitor's per-neuron results out.
   *
   * @return per output address, spike counts or readout values, and the step's cycles
   */
  public StreamResult step(int t, double[] row, long budget, int readyPeriod)
      throws NirfpgaException {
    if (streams == null) {
      throw new IllegalStateException(manifest.top() + " has " + inputs.size() + " input and "
          + outputs.size() + " output streams; use stepAll");
    }
    StreamResult r = model.stream(streams, drivers.get(0).events(t, row), budget,
        readyPeriod);
    disorder.clear();
    disorder.add(monitors.get(0).outOfOrder(r.outputs()));
    return new StreamResult(monitors.get(0).decode(r.outputs()), r.cycles());
  }

  /**
   * Runs one step on every stream: {@code rows.get(i)} into input stream i, every output
   * stream's per-neuron results out (in {@link #outputs()} order).
   *
   * @return per output stream, its results; the step's cycles in each
   */
  public List<StreamResult> stepAll(int t, List<double[]> rows, long budget, int readyPeriod)
      throws NirfpgaException {
    if (rows.size() != inputs.size()) {
      throw new IllegalArgumentException(rows.size() + " input rows for " + inputs.size()
          + " input streams");
    }
    if (streams != null) {
      return List.of(step(t, rows.get(0), budget, readyPeriod));
    }
    List<long[]> events = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      events.add(drivers.get(i).events(t, rows.get(i)));
    }
    return decode(MultiStreamStep.run(model, inPorts, outPorts, events, budget, readyPeriod));
  }

  /** Every output stream's results of one step, noting any event order out of place. */
  private List<StreamResult> decode(MultiStreamStep.Result r) {
    List<StreamResult> out = new ArrayList<>();
    disorder.clear();
    for (int j = 0; j < outputs.size(); j++) {
      disorder.add(monitors.get(j).outOfOrder(r.outputs().get(j)));
      out.add(new StreamResult(monitors.get(j).decode(r.outputs().get(j)), r.cycles()));
    }
    return out;
  }

  /** Every neuron's v of layer {@code layer}, read through the debug port. */
  public long[] readV(Manifest.Layer layer) {
    return model.debugRead(dbgLayer, dbgAddr, dbgV, layer.index(), 0, layer.neurons(),
        manifest.debug().latencyCycles());
  }

  /**
   * Every neuron's synaptic current I of a CubaLI or CubaLIF layer, read through the debug port
   * with {@code dbg_var_i} = 1.
   */
  public long[] readI(Manifest.Layer layer) {
    if (!layer.hasCurrent()) {
      throw new IllegalArgumentException("layer " + layer.node() + " (" + layer.type()
          + ") keeps no current I");
    }
    model.poke(dbgVar.index(), 1);
    try {
      return model.debugRead(dbgLayer, dbgAddr, dbgV, layer.index(), 0, layer.neurons(),
          manifest.debug().latencyCycles());
    } finally {
      model.poke(dbgVar.index(), 0);
    }
  }

  /**
   * Runs {@code input} ([step][element]) on a top with one input stream and checks every step
   * against {@code golden}, a golden model run of the same input.
   *
   * @param onStep called with the number of steps done after each step
   */
  public CosimResult run(double[][] input, GoldenResult golden, Options options,
      IntConsumer onStep) throws NirfpgaException {
    if (inputs.size() != 1) {
      throw new NirfpgaException(manifest.dir().resolve(Manifest.FILE) + ": the top has "
          + inputs.size() + " input streams (" + inputNodes() + "); give one input per node");
    }
    return run(Map.of(inputs.get(0).events().node(), input), golden, options, onStep);
  }

  /**
   * Runs {@code inputs} (by NIR Input node, [step][element]) and checks every step against
   * {@code golden}, a golden model run of the same inputs.
   *
   * @param onStep called with the number of steps done after each step
   */
  public CosimResult run(Map<String, double[][]> inputs, GoldenResult golden, Options options,
      IntConsumer onStep) throws NirfpgaException {
    List<double[][]> xs = new ArrayList<>();
    int steps = -1;
    for (Manifest.EventStream in : this.inputs) {
      double[][] x = inputs.get(in.events().node());
      if (x == null) {
        throw new NirfpgaException("no input for input node '" + in.events().node() + "' (port "
            + in.port() + "); the RTL's input nodes are " + inputNodes());
      }
      if (steps >= 0 && x.length != steps) {
        throw new NirfpgaException("input node '" + in.events().node() + "' has " + x.length
            + " steps, input node '" + this.inputs.get(0).events().node() + "' " + steps
            + "; every input needs the same number of steps");
      }
      steps = x.length;
      xs.add(x);
    }
    for (String node : inputs.keySet()) {
      if (this.inputs.stream().noneMatch(s -> s.events().node().equals(node))) {
        throw new NirfpgaException("input node '" + node + "' is not an input of the RTL; its"
            + " input nodes are " + inputNodes());
      }
    }
    long budget = options.budget() > 0 ? options.budget() : manifest.cycleBudget();
    List<List<long[]>> outs = new ArrayList<>();
    for (int j = 0; j < outputs.size(); j++) {
      outs.add(new ArrayList<>());
    }
    long[] cycles = new long[steps];
    Optional<Divergence> first = Optional.empty();
    Optional<String> stuck = Optional.empty();
    List<LayerTrace> outTraces = new ArrayList<>();
    for (Manifest.EventStream o : outputs) {
      outTraces.add(trace(golden, o.source()));
    }
    int t = 0;
    int done = 0;
    boolean tracing = false;
    List<MultiStreamStep.Result> streamed = null;
    if (options.backToBack()) {
      if (options.vcd() != null) {
        throw new IllegalArgumentException("a waveform is taken a step at a time, not back to"
            + " back");
      }
      List<List<long[]>> events = new ArrayList<>();
      for (int s = 0; s < steps; s++) {
        List<long[]> e = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
          e.add(drivers.get(i).events(s, xs.get(i)[s]));
        }
        events.add(e);
      }
      try {
        streamed = MultiStreamStep.runBackToBack(model, inPorts, outPorts, events, budget,
            options.readyPeriod());
      } catch (CycleBudgetException e) {
        stuck = Optional.of("steps back to back: " + e.getMessage());
        steps = 0;
      }
    }
    try {
      for (; t < steps; t++) {
        if (options.vcd() != null && t == options.traceFrom()) {
          model.traceOpen(options.vcd());
          tracing = true;
        }
        List<double[]> rows = new ArrayList<>();
        for (double[][] x : xs) {
          rows.add(x[t]);
        }
        List<StreamResult> r;
        if (streamed != null) {
          r = decode(streamed.get(t));
        } else {
          try {
            r = stepAll(t, rows, budget, options.readyPeriod());
          } catch (CycleBudgetException e) {
            stuck = Optional.of("timestep " + t + ": " + e.getMessage());
            break;
          }
        }
        cycles[t] = r.get(0).cycles();
        for (int j = 0; j < outputs.size(); j++) {
          outs.get(j).add(r.get(j).outputs());
        }
        done = t + 1;
        long cycle = model.cycles();
        // Back to back, the state can be read only once the last step is done.
        if (first.isEmpty() && options.readState() && (streamed == null || t == steps - 1)) {
          first = compareState(t, golden, cycle);
        }
        for (int j = 0; j < outputs.size() && first.isEmpty(); j++) {
          Manifest.EventStream o = outputs.get(j);
          LayerTrace lt = outTraces.get(j);
          long[] want = lt.spiking() ? widen(lt.spikes()[t]) : lt.v()[t];
          String variable = o.events().spikes() ? "spikes" : "value";
          if (outputs.size() > 1) {
            variable += " on stream " + o.port() + " (output '" + o.events().node() + "')";
          }
          first = compare(t, o.source(), variable, want, r.get(j).outputs(), cycle);
          long[] order = disorder.get(j);
          if (first.isEmpty() && order != null) {
            // The same events in another order: the layers it feeds would accumulate them in
            // an order the golden model does not.
            first = Optional.of(new Divergence(t, o.source(), (int) order[1], "event order on "
                + o.port() + " (addresses must ascend; expected: above the address before)",
                order[0] + 1, order[1], cycle));
          }
        }
        if (tracing && t == options.traceTo()) {
          model.traceClose();
          tracing = false;
        }
        onStep.accept(t + 1);
        if (first.isPresent() && options.stopAtFirst()) {
          break;
        }
      }
    } finally {
      if (tracing) {
        model.traceClose();
      }
    }
    if (first.isEmpty() && stuck.isEmpty() && done == steps) {
      first = counters(done, golden);
    }
    Map<String, long[][]> byNode = new LinkedHashMap<>();
    for (int j = 0; j < outputs.size(); j++) {
      byNode.put(outputs.get(j).events().node(), outs.get(j).toArray(new long[0][]));
    }
    return new CosimResult(done, first, stuck, Arrays.copyOf(cycles, done),
        byNode.values().iterator().next(), byNode, model.cycles());
  }

  /** Every layer's v (and I) after step {@code t} against the golden model's. */
  private Optional<Divergence> compareState(int t, GoldenResult golden, long cycle)
      throws NirfpgaException {
    for (Manifest.Layer l : manifest.layers()) {
      LayerTrace lt = trace(golden, l.node());
      Optional<Divergence> d = compare(t, l.node(), "v", lt.v()[t], readV(l), cycle);
      if (d.isEmpty() && l.hasCurrent()) {
        if (lt.current() == null) {
          throw new NirfpgaException("the golden model keeps no current for " + l.type()
              + " layer '" + l.node() + "'; the RTL folder was generated from another graph");
        }
        d = compare(t, l.node(), "I", lt.current()[t], readI(l), cycle);
      }
      if (d.isPresent()) {
        return d;
      }
    }
    return Optional.empty();
  }

  private String inputNodes() {
    return inputs.stream().map(s -> s.events().node()).toList().toString();
  }

  /** After the last step: the step counter and every layer's saturation counts. */
  private Optional<Divergence> counters(int steps, GoldenResult golden) {
    long cycle = model.cycles();
    Manifest.Layer last = manifest.layers().get(manifest.layers().size() - 1);
    long ts = model.peek("timestep_o");
    if (ts != steps) {
      return Optional.of(new Divergence(steps - 1, last.node(), -1, "timestep", steps, ts,
          cycle));
    }
    // The golden model has no error to flag: any sticky err_o bit fails the run (older RTL
    // folders have no err_o).
    if (model.ports().stream().anyMatch(p -> p.name().equals("err_o"))) {
      long err = model.peek("err_o");
      if (err != 0) {
        return Optional.of(new Divergence(steps - 1, last.node(), -1, "err_o (sticky error bits;"
            + " bit 0: an input event's address was out of range and was dropped)", 0, err,
            cycle));
      }
    }
    for (Manifest.Layer l : manifest.layers()) {
      model.poke(dbgLayer.index(), l.index());
      model.tick(1);
      String[] names = {"sat_acc", "sat_v", "sat_i", "sat_spikes"};
      String[] sites = {l.node() + ".acc", l.node() + ".v", l.node() + ".i",
          l.node() + ".spikes"};
      long[] rtl = new long[names.length];
      for (int k = 0; k < names.length; k++) {
        // Older RTL folders count only the accumulator and v.
        String port = names[k] + "_o";
        rtl[k] = model.ports().stream().anyMatch(p -> p.name().equals(port))
            ? model.peek(port) : golden.saturation().getOrDefault(sites[k], 0L);
      }
      for (int k = 0; k < names.length; k++) {
        long want = golden.saturation().getOrDefault(sites[k], 0L);
        if (rtl[k] != want) {
          return Optional.of(new Divergence(steps - 1, l.node(), -1, names[k], want, rtl[k],
              model.cycles()));
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Divergence> compare(int t, String layer, String variable,
      long[] expected, long[] actual, long cycle) {
    int n = Math.max(expected.length, actual.length);
    for (int i = 0; i < n; i++) {
      long want = i < expected.length ? expected[i] : 0;
      long got = i < actual.length ? actual[i] : 0;
      if (want != got) {
        return Optional.of(new Divergence(t, layer, i, variable, want, got, cycle));
      }
    }
    return Optional.empty();
  }

  private static LayerTrace trace(GoldenResult golden, String node) throws NirfpgaException {
    LayerTrace tr = golden.layers().get(node);
    if (tr == null) {
      throw new NirfpgaException("the golden model has no layer '" + node + "' (it has "
          + golden.layers().keySet() + "); the RTL folder was generated from another graph");
    }
    return tr;
  }

  private static long[] widen(int[] xs) {
    long[] out = new long[xs.length];
    for (int i = 0; i < xs.length; i++) {
      out[i] = xs[i];
    }
    return out;
  }

  /** Closes the model. */
  @Override
  public void close() {
    model.close();
  }
}
