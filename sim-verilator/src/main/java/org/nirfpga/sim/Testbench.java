package org.nirfpga.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerTrace;
import org.nirfpga.nir.NirfpgaException;

/**
 * A cocotb-style testbench in Java around a generated pipeline: a driver feeds each step's input
 * events, a monitor collects output events until the end-of-step marker, the golden model is the
 * reference, and the checker compares, after every step, every layer's v and, for CubaLI and
 * CubaLIF layers, its current I (read through the debug port, {@code dbg_var_i} selecting v or I)
 * and the output events, then the status counters at the end. It reports the first mismatch with
 * its time step, layer, neuron, variable and cycle. A top with several input or output streams is
 * refused.
 */
public final class Testbench implements AutoCloseable {
  /**
   * How to run.
   *
   * @param readyPeriod the output consumer is ready one cycle in every {@code readyPeriod}
   *     (1: always; 0: never, a stuck consumer)
   * @param readState read and compare every layer's v after every step
   * @param budget cycles a step may take; 0 takes {@link Manifest#cycleBudget()}
   * @param vcd a VCD file to write, or null (the library must be built with tracing)
   * @param traceFrom first step in the VCD window
   * @param traceTo last step in the VCD window
   * @param stopAtFirst stop at the first divergence (else run on and only collect outputs)
   */
  public record Options(int readyPeriod, boolean readState, long budget, Path vcd, int traceFrom,
      int traceTo, boolean stopAtFirst) {
    /** Always ready, state compared, the manifest's budget, no trace, stop at the first. */
    public static Options defaults() {
      return new Options(1, true, 0, null, 0, Integer.MAX_VALUE, true);
    }

    /** These options with the consumer ready one cycle in {@code period}. */
    public Options withReadyPeriod(int period) {
      return new Options(period, readState, budget, vcd, traceFrom, traceTo, stopAtFirst);
    }

    /** These options with a cycle budget per step. */
    public Options withBudget(long cycles) {
      return new Options(readyPeriod, readState, cycles, vcd, traceFrom, traceTo, stopAtFirst);
    }

    /** These options with a VCD of steps {@code from} to {@code to}. */
    public Options withTrace(Path file, int from, int to) {
      return new Options(readyPeriod, readState, budget, file, from, to, stopAtFirst);
    }

    /** These options running on after the first divergence. */
    public Options runToEnd() {
      return new Options(readyPeriod, readState, budget, vcd, traceFrom, traceTo, false);
    }
  }

  private final RtlSimulator model;
  private final Manifest manifest;
  private final StreamPorts streams;
  private final EventDriver driver;
  private final EventMonitor monitor;
  private final Port dbgLayer;
  private final Port dbgAddr;
  private final Port dbgV;
  private final Port dbgVar;

  /**
   * A testbench around an open model of the folder {@code manifest} describes.
   *
   * @throws IllegalArgumentException when the manifest lists several input or output streams
   *     ({@link #open} reports that as a user error before building)
   */
  public Testbench(RtlSimulator model, Manifest manifest) {
    String refusal = refusal(manifest);
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
    this.model = model;
    this.manifest = manifest;
    this.streams = StreamPorts.named(model, "in", "out");
    this.driver = new EventDriver(manifest.input());
    this.monitor = new EventMonitor(manifest.output());
    this.dbgLayer = model.port("dbg_layer_i");
    this.dbgAddr = model.port("dbg_addr_i");
    this.dbgV = model.port("dbg_v_o");
    this.dbgVar = model.ports().stream().anyMatch(p -> p.name().equals("dbg_var_i"))
        ? model.port("dbg_var_i") : null;
    if (dbgVar == null && manifest.layers().stream().anyMatch(Manifest.Layer::hasCurrent)) {
      throw new IllegalArgumentException(manifest.dir() + ": the top has CubaLI/CubaLIF layers"
          + " but no dbg_var_i port to read their current; regenerate the RTL folder");
    }
    reset();
  }

  /** Why the testbench cannot drive the folder {@code m} describes, or null when it can. */
  static String refusal(Manifest m) {
    if (m.inputStreams() > 1 || m.outputStreams() > 1) {
      return m.dir().resolve(Manifest.FILE) + ": field 'events' lists " + m.inputStreams()
          + " input and " + m.outputStreams() + " output streams; the co-simulation testbench"
          + " drives one of each (a graph with one Input and one Output node)";
    }
    return null;
  }

  private static Manifest checked(Path dir) throws NirfpgaException {
    Manifest m = Manifest.read(dir);
    String refusal = refusal(m);
    if (refusal != null) {
      throw new NirfpgaException(refusal);
    }
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

  /** Holds reset for two cycles with idle streams and a ready consumer. */
  public void reset() {
    model.poke(streams.inValid().index(), 0);
    model.poke(streams.outReady().index(), 1);
    model.poke(dbgLayer.index(), 0);
    model.poke(dbgAddr.index(), 0);
    if (dbgVar != null) {
      model.poke(dbgVar.index(), 0);
    }
    if (manifest.resetN() != null) {
      model.poke(manifest.resetN(), 0);
      model.tick(2);
      model.poke(manifest.resetN(), 1);
    }
  }

  /**
   * Runs one step: the driver's events in, the monitor's per-neuron results out.
   *
   * @return per output address, spike counts or readout values, and the step's cycles
   */
  public StreamResult step(int t, double[] row, long budget, int readyPeriod)
      throws NirfpgaException {
    StreamResult r = model.stream(streams, driver.events(t, row), budget,
        readyPeriod);
    return new StreamResult(monitor.decode(r.outputs()), r.cycles());
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
   * Runs {@code input} ([step][element]) and checks every step against {@code golden}, a golden
   * model run of the same input.
   *
   * @param onStep called with the number of steps done after each step
   */
  public CosimResult run(double[][] input, GoldenResult golden, Options options,
      IntConsumer onStep) throws NirfpgaException {
    long budget = options.budget() > 0 ? options.budget() : manifest.cycleBudget();
    List<long[]> outputs = new ArrayList<>();
    long[] cycles = new long[input.length];
    Optional<Divergence> first = Optional.empty();
    Optional<String> stuck = Optional.empty();
    Manifest.Layer last = manifest.layers().get(manifest.layers().size() - 1);
    LayerTrace outTrace = trace(golden, manifest.outputLayer());
    int t = 0;
    boolean tracing = false;
    try {
      for (; t < input.length; t++) {
        if (options.vcd() != null && t == options.traceFrom()) {
          model.traceOpen(options.vcd());
          tracing = true;
        }
        StreamResult r;
        try {
          r = step(t, input[t], budget, options.readyPeriod());
        } catch (CycleBudgetException e) {
          stuck = Optional.of("timestep " + t + ": " + e.getMessage());
          break;
        }
        cycles[t] = r.cycles();
        outputs.add(r.outputs());
        long cycle = model.cycles();
        if (first.isEmpty() && options.readState()) {
          for (Manifest.Layer l : manifest.layers()) {
            LayerTrace lt = trace(golden, l.node());
            first = compare(t, l.node(), "v", lt.v()[t], readV(l), cycle);
            if (first.isEmpty() && l.hasCurrent()) {
              if (lt.current() == null) {
                throw new NirfpgaException("the golden model keeps no current for "
                    + l.type() + " layer '" + l.node() + "'; the RTL folder was generated from"
                    + " another graph");
              }
              first = compare(t, l.node(), "I", lt.current()[t], readI(l), cycle);
            }
            if (first.isPresent()) {
              break;
            }
          }
        }
        if (first.isEmpty()) {
          long[] want = outTrace.spiking() ? widen(outTrace.spikes()[t]) : outTrace.v()[t];
          first = compare(t, manifest.outputLayer(),
              manifest.output().spikes() ? "spikes" : "value", want, r.outputs(), cycle);
        }
        if (tracing && t == options.traceTo()) {
          model.traceClose();
          tracing = false;
        }
        onStep.accept(t + 1);
        if (first.isPresent() && options.stopAtFirst()) {
          t++;
          break;
        }
      }
    } finally {
      if (tracing) {
        model.traceClose();
      }
    }
    int done = stuck.isPresent() ? t : Math.min(t, input.length);
    if (first.isEmpty() && stuck.isEmpty() && done == input.length) {
      first = counters(done, golden);
    }
    return new CosimResult(done, first, stuck, Arrays.copyOf(cycles, outputs.size()),
        outputs.toArray(new long[0][]), model.cycles());
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
