package org.nirfpga.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.nirfpga.fixed.Agreement;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.data.InputSeries;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.data.NpyArray;
import org.nirfpga.nir.data.NpyDtype;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.ref.Contract;
import org.nirfpga.nir.ref.Evaluator;
import org.nirfpga.nir.ref.NodeTrace;
import org.nirfpga.nir.ref.ProgressListener;
import org.nirfpga.nir.ref.RunResult;
import org.nirfpga.sim.BuildOptions;
import org.nirfpga.sim.CosimResult;
import org.nirfpga.sim.CyclePrediction;
import org.nirfpga.sim.Divergence;
import org.nirfpga.sim.Manifest;
import org.nirfpga.sim.Testbench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nirfpga cosim}: runs the RTL under Verilator against the golden model, step by step,
 * and writes a report of bit-exactness, cycles and fixed-vs-float agreement.
 */
@Command(name = "cosim", mixinStandardHelpOptions = true,
    description = "Co-simulate the generated RTL with Verilator against the fixed-point golden "
        + "model on an input .npy; exit 0 when bit-exact, 1 on a mismatch, 2 on bad input.")
final class CosimCommand implements Callable<Integer> {
  /** Exit code when the RTL differs from the golden model or stops answering. */
  static final int EXIT_MISMATCH = 1;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL.nir|RTL_DIR",
      description = "A network (its RTL is generated into DIR/rtl) or an RTL folder with "
          + "manifest.json (from 'nirfpga compile').")
  Path model;

  @Option(names = "--input", required = true, paramLabel = "[NODE=]X.npy",
      description = "Input of shape (T, *input_shape); a batched input runs its first sample. "
          + "A graph with several Input nodes takes one per node: --input NODE=X.npy, repeated.")
  List<String> inputs;

  @Option(names = "--nir", paramLabel = "MODEL.nir",
      description = "For an RTL folder: the graph it was generated from (default: the "
          + "manifest's source, looked up in the folder and beside it).")
  Path nir;

  @Mixin
  QuantChoice quantChoice;

  @Mixin
  ContractOptions contractOptions;

  @Mixin
  LaneOptions laneOptions;

  @Option(names = "--steps", paramLabel = "N", description = "Run only the first N steps.")
  Integer steps;

  @Option(names = "--trace", paramLabel = "out.vcd|out.fst",
      description = "Write a waveform of the --trace-steps window (builds with tracing): FST "
          + "for a .fst file (compressed; needs zlib1g-dev), else VCD.")
  Path trace;

  @Option(names = "--trace-steps", paramLabel = "FROM:TO", defaultValue = "0:9",
      description = "Steps in the waveform window, inclusive (default: ${DEFAULT-VALUE}).")
  String traceSteps;

  @Option(names = "--ready-period", paramLabel = "K", defaultValue = "1",
      description = "The output consumer is ready one cycle in K (backpressure test; "
          + "default: ${DEFAULT-VALUE}).")
  int readyPeriod;

  @Option(names = "--back-to-back",
      description = "Send every step's input right after the step before's, without waiting for"
          + " the outputs, as a host that streams does (the layers' state is then compared after"
          + " the last step only; not with --trace).")
  boolean backToBack;

  @Option(names = "--plot", paramLabel = "FILE.png",
      description = "Draw the output rasters of the float reference and the RTL side by side.")
  Path plot;

  @Option(names = {"--out", "-o"}, paramLabel = "DIR", defaultValue = "cosim-out",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    try {
      return execute();
    } catch (NirfpgaException e) {
      throw Loading.inFile(model.getFileName().toString(), e);
    }
  }

  private Integer execute() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (readyPeriod < 1) {
      throw new NirfpgaException("--ready-period " + readyPeriod + ": must be 1 or more");
    }
    if (backToBack && trace != null) {
      throw new NirfpgaException("--back-to-back --trace: a waveform is taken a step at a time;"
          + " leave out one of them");
    }
    int[] window = window();
    for (String o : new String[] {"--weight-bits", "--state-bits"}) {
      if (Files.isDirectory(model) && spec.commandLine().getParseResult().hasMatchedOption(o)) {
        throw new NirfpgaException(o + ": " + model + " is an RTL folder, built with the"
            + " widths of its quant.json; pass the .nir file to quantize it again");
      }
    }
    for (String o : new String[] {"--lanes", "--target-cycles", "--ping-pong", "--spram"}) {
      if (Files.isDirectory(model) && spec.commandLine().getParseResult().hasMatchedOption(o)) {
        throw new NirfpgaException(o + ": " + model + " is an RTL folder, built with the"
            + " lanes and banks its manifest names; pass the .nir file to generate it again");
      }
    }
    try (OutputFolder folder = OutputFolder.create(out)) {
      return execute(folder, window, stdout, err);
    }
  }

  /** Runs the co-simulation with every file going to {@code folder} until it is committed. */
  private Integer execute(OutputFolder folder, int[] window, PrintWriter stdout,
      PrintWriter err) throws Exception {
    NirGraph graph;
    QuantConfig q;
    Contract contract;
    Path rtlDir;
    Map<String, double[][]> x;
    if (Files.isDirectory(model)) {
      rtlDir = model;
      Manifest m = Manifest.read(rtlDir);
      Path source = nir != null ? nir : findSource(m);
      graph = Loading.load(source).graph();
      q = quantChoice.quant != null ? readQuant(quantChoice.quant) : manifestQuant(m);
      boolean presetGiven = spec.commandLine().getParseResult().hasMatchedOption("--preset");
      contract = presetGiven ? contractOptions.contract()
          : Contract.preset(q.preset()).withDt(q.dtSeconds());
      x = readInputs(graph, contract);
    } else {
      graph = Loading.load(model).graph();
      contract = contractOptions.contract();
      x = readInputs(graph, contract);
      List<double[]> rows = new ArrayList<>();
      for (double[][] xi : x.values()) {
        rows.addAll(Arrays.asList(xi));
      }
      q = Loading.quantConfigCovering(graph, contract, quantChoice.quant,
          quantChoice.weightBits, quantChoice.stateBits,
          rows.toArray(new double[0][]));
      String stem = model.getFileName().toString().replaceFirst("\\.nir$", "");
      String top = stem.replaceAll("[^A-Za-z0-9_]", "_") + "_top";
      if (!Character.isLetter(top.charAt(0))) {
        top = "m_" + top;
      }
      GoldenModel golden = GoldenModel.create(graph, q, contract);
      GeneratedPipeline p = PipelineGenerator.generate(graph, q, contract,
          model.getFileName().toString(), top, laneOptions.plan(golden),
          laneOptions.pingPong(golden), laneOptions.spram(golden));
      rtlDir = folder.staging().resolve("rtl");
      p.writeTo(rtlDir);
      stdout.printf("wrote the RTL of %s to %s%n", model.getFileName(), out.resolve("rtl"));
    }
    BuildOptions build = trace != null ? BuildOptions.defaults().withTraceFor(trace)
        : BuildOptions.defaults();
    // Run on after a divergence so the output events cover every step.
    Testbench.Options options = Testbench.Options.defaults().withReadyPeriod(readyPeriod)
        .withBackToBack(backToBack).runToEnd();
    if (trace != null) {
      options = options.withTrace(trace, window[0], window[1]);
    }
    Run run = simulate(graph, q, contract, rtlDir, x, build, options, line -> {
      err.println(line);
      err.flush();
    }, err);
    String rtlName = Files.isDirectory(model) ? model.toString() : out.resolve("rtl").toString();
    Written w = write(run, folder.staging(), model.getFileName().toString(), rtlName, plot);
    folder.commit();
    printSummary(run, w, stdout);
    stdout.printf("wrote %s%s%s%n", out.resolve(w.report().getFileName()),
        trace != null ? ", " + trace : "", plot != null ? ", " + plot : "");
    return run.result().bitExact() ? 0 : EXIT_MISMATCH;
  }

  /**
   * A finished co-simulation and what it ran on.
   *
   * @param inputs by Input node, [step][element], in the graph's order
   * @param options how the testbench ran (its state reads and ready period shape the cycles)
   */
  record Run(NirGraph graph, QuantConfig q, Contract contract, Map<String, double[][]> inputs,
      GoldenResult golden, Manifest manifest, CosimResult result, Testbench.Options options) {
    /** The first input node's steps. */
    double[][] x() {
      return inputs.values().iterator().next();
    }
  }

  /**
   * The files a co-simulation wrote and the figures it measured.
   *
   * @param spikes the first output stream's events; {@code outputs} has them all by node
   */
  record Written(Path report, Path spikes, Map<String, Path> outputs, Path plot,
      Agreement agreement, Map<String, Object> predicted) {}

  /**
   * Builds the RTL in {@code rtlDir} with Verilator (or takes it from the cache) and runs it
   * against the golden model on {@code x}, with a progress bar on {@code err}; the demo
   * co-simulates through this too.
   *
   * @param progress receives one line per build stage
   */
  static Run simulate(NirGraph graph, QuantConfig q, Contract contract, Path rtlDir,
      double[][] x, BuildOptions build, Testbench.Options options, Consumer<String> progress,
      PrintWriter err) throws NirfpgaException {
    List<String> names = Evaluator.create(graph, contract).inputNames();
    if (names.size() != 1) {
      throw new NirfpgaException("the graph has " + names.size() + " input nodes " + names
          + "; give one input per node");
    }
    return simulate(graph, q, contract, rtlDir, Map.of(names.get(0), x), build, options,
        progress, err);
  }

  /**
   * Like {@link #simulate(NirGraph, QuantConfig, Contract, Path, double[][], BuildOptions,
   * Testbench.Options, Consumer, PrintWriter)} with one input per Input node.
   */
  static Run simulate(NirGraph graph, QuantConfig q, Contract contract, Path rtlDir,
      Map<String, double[][]> x, BuildOptions build, Testbench.Options options,
      Consumer<String> progress, PrintWriter err) throws NirfpgaException {
    GoldenResult golden = GoldenModel.create(graph, q, contract).run(x);
    try (Testbench tb = Testbench.open(rtlDir, build, progress)) {
      Progress bar = new Progress("cosim", err);
      int total = x.values().iterator().next().length;
      CosimResult r = tb.run(x, golden, options, t -> bar.update(t, total));
      bar.done();
      Map<String, double[][]> ordered = new LinkedHashMap<>();
      for (String name : Evaluator.create(graph, contract).inputNames()) {
        ordered.put(name, x.get(name));
      }
      return new Run(graph, q, contract, ordered, golden, tb.manifest(), r, options);
    }
  }

  /**
   * Writes a run's output events ({@code rtl_<layer>.npy} for a top with one output stream,
   * else one {@code rtl_<node>.npy} per Output node), {@code report.json} and, when
   * {@code plot} is given, the raster plots of every output stream into {@code out}.
   *
   * @param modelName the model's file name, for the report
   * @param rtlName where the RTL is, as the report should name it
   */
  static Written write(Run run, Path out, String modelName, String rtlName, Path plot)
      throws NirfpgaException, IOException {
    NirGraph graph = run.graph();
    QuantConfig q = run.q();
    Contract contract = run.contract();
    Map<String, double[][]> x = run.inputs();
    Manifest manifest = run.manifest();
    CosimResult r = run.result();
    GoldenResult golden = run.golden();
    Agreement agreement = x.size() == 1 ? Agreement.measure(graph, q, contract, run.x())
        : Agreement.measure(graph, q, contract, x);
    List<Manifest.EventStream> streams = manifest.outputs();
    Map<String, Path> files = new LinkedHashMap<>();
    List<double[][]> streamRows = new ArrayList<>();
    for (Manifest.EventStream s : streams) {
      // One stream keeps the name of the layer it carries; several are told apart by node.
      String name = streams.size() == 1 ? s.source() : s.events().node();
      Path file = out.resolve("rtl_" + name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".npy");
      long[][] events = r.streamOutputs().get(s.events().node());
      double[][] rows = new double[events.length][];
      for (int t = 0; t < rows.length; t++) {
        rows[t] = new double[s.events().size()];
        for (int i = 0; i < rows[t].length; i++) {
          rows[t][i] = events[t][i];
        }
      }
      Npy.write(file, NpyArray.ofRows(rows, s.events().spikes() ? NpyDtype.FLOAT32
          : NpyDtype.FLOAT64));
      files.put(s.events().node(), file);
      streamRows.add(rows);
    }
    Manifest.EventStream first = streams.get(0);
    if (plot != null) {
      List<String> sources = streams.stream().map(Manifest.EventStream::source).distinct()
          .toList();
      Evaluator ev = Evaluator.create(graph, contract);
      RunResult ref = x.size() == 1 ? ev.run(run.x(), sources, ProgressListener.NONE)
          : ev.run(x, sources, ProgressListener.NONE);
      List<RasterPlot.Panel> panels = new ArrayList<>();
      for (int k = 0; k < streams.size(); k++) {
        Manifest.EventStream s = streams.get(k);
        NodeTrace tr = ref.trace(s.source());
        double[][] refRows = new double[tr.steps()][];
        for (int t = 0; t < refRows.length; t++) {
          refRows[t] = tr.output()[t].clone();
          if (tr.spiking() && tr.amplitude() != 0) {
            for (int i = 0; i < refRows[t].length; i++) {
              refRows[t][i] /= tr.amplitude();
            }
          }
        }
        double[][] rtlRows = streamRows.get(k);
        if (!s.events().spikes()) {
          // Readout values are v codes: decode them to NIR units like the reference's.
          rtlRows = decode(rtlRows, golden.layers().get(s.source()).vFormat());
        }
        String title = streams.size() == 1 ? s.source()
            : s.source() + " (output '" + s.events().node() + "')";
        panels.add(new RasterPlot.Panel(title, refRows, rtlRows, s.events().spikes()));
      }
      RasterPlot.write(plot, panels);
    }
    Map<String, Object> predicted = predicted(r, manifest, x, golden,
        GoldenModel.create(graph, q, contract), run.options());
    Path report = out.resolve("report.json");
    Npy.writeAtomically(report, report(r, manifest, agreement, run.x().length, modelName,
        rtlName, files, predicted).getBytes(StandardCharsets.UTF_8));
    return new Written(report, files.get(first.events().node()), files, plot, agreement,
        predicted);
  }

  /** Prints a run's verdict, its cycles next to the cycle model, and the agreement figures. */
  static void printSummary(Run run, Written w, PrintWriter stdout) {
    CosimResult r = run.result();
    double[] c = r.cycleStats();
    stdout.printf(Locale.ROOT, "%s: %s%n", run.manifest().top(), r.summary());
    String model = w.predicted().get("stepsWithin") + " of "
        + w.predicted().get("stepsChecked") + " steps within its bounds";
    stdout.printf(Locale.ROOT, "  cycles per timestep: min %.0f, mean %.1f, max %.0f; cycle model:"
        + " %s%n", c[0], c[1], c[2], model);
    if (w.predicted().get("exact") instanceof Map<?, ?> e && e.get("meanPredicted") != null) {
      stdout.printf(Locale.ROOT, "  cycle model replay: mean %.1f cycles per timestep, measured"
          + " / predicted %.4f, %s of %s steps exact%n", e.get("meanPredicted"),
          e.get("measuredOverPredicted"), e.get("stepsEqual"), e.get("steps"));
    }
    stdout.print(w.agreement().format());
  }

  /**
   * The cycle model's bounds against the measured cycles of every step but the first (which
   * also waits for the layers' initialization after reset), and its replay of every step.
   */
  private static Map<String, Object> predicted(CosimResult r, Manifest m,
      Map<String, double[][]> x, GoldenResult golden, GoldenModel model,
      Testbench.Options options) {
    CyclePrediction p = new CyclePrediction(m, model, x, golden);
    long within = 0;
    long lowSum = 0;
    long highSum = 0;
    Map<String, Object> firstOutside = null;
    int n = checkedSteps(r);
    for (int t = 1; t < n; t++) {
      long[] b = p.bounds(t);
      long c = r.cyclesPerStep()[t];
      lowSum += b[0];
      highSum += b[1];
      if (b[0] <= c && c <= b[1]) {
        within++;
      } else if (firstOutside == null) {
        firstOutside = new LinkedHashMap<>();
        firstOutside.put("timestep", t);
        firstOutside.put("cycles", c);
        firstOutside.put("lower", b[0]);
        firstOutside.put("upper", b[1]);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("stepsChecked", Math.max(0, n - 1));
    out.put("stepsWithin", within);
    out.put("meanLower", n > 1 ? lowSum / (double) (n - 1) : null);
    out.put("meanUpper", n > 1 ? highSum / (double) (n - 1) : null);
    out.put("firstOutside", firstOutside);
    out.put("exact", exact(r, p, options));
    return out;
  }

  /**
   * Steps whose cycles the model can predict: all that ran, or those before the first
   * divergence (after it the RTL's events are not the golden model's, and the testbench stops
   * reading state between steps).
   */
  private static int checkedSteps(CosimResult r) {
    int n = r.cyclesPerStep().length;
    return r.divergence().map(d -> Math.min(n, d.timestep())).orElse(n);
  }

  /**
   * The cycle model's cycle-by-cycle replay ({@code CycleModel.replay}) of every step, first
   * included, next to the measured cycles.
   */
  private static Map<String, Object> exact(CosimResult r, CyclePrediction p,
      Testbench.Options options) {
    Map<String, Object> out = new LinkedHashMap<>();
    long[] measured = r.cyclesPerStep();
    int n = checkedSteps(r);
    long[] predicted = p.replay(options);
    long predictedSum = 0;
    long measuredSum = 0;
    int equal = 0;
    long worst = 0;
    for (int t = 0; t < n; t++) {
      predictedSum += predicted[t];
      measuredSum += measured[t];
      equal += predicted[t] == measured[t] ? 1 : 0;
      worst = Math.max(worst, Math.abs(predicted[t] - measured[t]));
    }
    out.put("steps", n);
    out.put("stepsEqual", equal);
    out.put("meanPredicted", n > 0 ? predictedSum / (double) n : null);
    out.put("meanMeasured", n > 0 ? measuredSum / (double) n : null);
    out.put("measuredOverPredicted", predictedSum > 0 ? measuredSum / (double) predictedSum
        : null);
    out.put("largestDifference", worst);
    return out;
  }

  private static double[][] decode(double[][] codes, org.nirfpga.fixed.FixedFormat format) {
    double[][] out = new double[codes.length][];
    for (int t = 0; t < codes.length; t++) {
      out[t] = new double[codes[t].length];
      for (int i = 0; i < codes[t].length; i++) {
        out[t][i] = format.decode((long) codes[t][i]);
      }
    }
    return out;
  }

  private int[] window() throws NirfpgaException {
    String[] parts = traceSteps.split(":");
    try {
      int[] w = {Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())};
      if (parts.length != 2 || w[0] < 0 || w[1] < w[0]) {
        throw new NumberFormatException();
      }
      return w;
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw new NirfpgaException("--trace-steps " + traceSteps + ": expected FROM:TO with "
          + "0 <= FROM <= TO");
    }
  }

  /**
   * The {@code --input} arrays by Input node, in the graph's order: a plain {@code X.npy} for a
   * graph with one Input node, {@code NODE=X.npy} for each node otherwise.
   */
  private Map<String, double[][]> readInputs(NirGraph graph, Contract contract)
      throws NirfpgaException {
    Evaluator ev = Evaluator.create(graph, contract);
    List<String> names = ev.inputNames();
    Map<String, Path> files = new LinkedHashMap<>();
    for (String arg : inputs) {
      int eq = arg.indexOf('=');
      String node = eq > 0 ? arg.substring(0, eq) : null;
      String path = node != null ? arg.substring(eq + 1) : arg;
      if (node != null && !names.contains(node)) {
        if (names.size() > 1) {
          throw new NirfpgaException("--input " + arg + ": '" + node + "' is not an Input node"
              + " of " + model.getFileName() + "; its Input nodes are " + names);
        }
        // A one-input graph takes a file name holding '=' as it is.
        node = null;
        path = arg;
      }
      if (node == null) {
        if (names.size() > 1) {
          throw new NirfpgaException("--input " + arg + ": " + model.getFileName() + " has "
              + names.size() + " Input nodes " + names + "; give each as --input NODE=X.npy");
        }
        node = names.get(0);
      }
      if (files.put(node, Path.of(path)) != null) {
        throw new NirfpgaException("--input " + arg + ": Input node '" + node + "' is given"
            + " twice");
      }
    }
    Map<String, double[][]> out = new LinkedHashMap<>();
    int steps = -1;
    for (String node : names) {
      Path file = files.get(node);
      if (file == null) {
        throw new NirfpgaException(model.getFileName() + ": Input node '" + node + "' has no"
            + " --input; give --input " + node + "=X.npy");
      }
      InputSeries series = InputSeries.read(file, ev.shapeOf(node));
      if (series.samples() > 1) {
        spec.commandLine().getErr().printf("cosim: %s has %d samples; running the first%n",
            file.getFileName(), series.samples());
      }
      double[][] x = series.sample(0);
      if (steps >= 0 && x.length != steps) {
        throw new NirfpgaException(file + ": " + x.length + " steps for Input node '" + node
            + "', but " + steps + " for '" + names.get(0) + "'; every input needs the same"
            + " number of steps");
      }
      steps = x.length;
      if (this.steps != null) {
        if (this.steps < 1) {
          throw new NirfpgaException("--steps " + this.steps + ": must be 1 or more");
        }
        x = Arrays.copyOf(x, Math.min(this.steps, x.length));
      }
      out.put(node, x);
    }
    return out;
  }

  private Path findSource(Manifest m) throws NirfpgaException {
    List<Path> tried = new ArrayList<>();
    if (!m.source().isEmpty()) {
      for (Path p : List.of(model.resolve(m.source()), model.toAbsolutePath().getParent()
          .resolve(m.source()))) {
        if (Files.isRegularFile(p)) {
          return p;
        }
        tried.add(p);
      }
    }
    throw new NirfpgaException(model.resolve(Manifest.FILE) + ": the graph '" + m.source()
        + "' it was generated from is not at " + tried + "; pass it with --nir MODEL.nir");
  }

  private static QuantConfig readQuant(Path file) throws NirfpgaException {
    try {
      return QuantConfig.fromJson(Files.readString(file), file.getFileName().toString());
    } catch (IOException e) {
      throw new NirfpgaException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  private QuantConfig manifestQuant(Manifest m) throws NirfpgaException {
    String json = m.quantizationJson();
    if (json == null) {
      throw new NirfpgaException(model.resolve(Manifest.FILE) + ": field 'quantization' is "
          + "missing; pass the config with --quant q.json");
    }
    return QuantConfig.fromJson(json, model.resolve(Manifest.FILE).toString());
  }

  private static String report(CosimResult r, Manifest m, Agreement a, int steps,
      String modelName, String rtlName, Map<String, Path> outputFiles,
      Map<String, Object> predicted)
      throws IOException {
    Map<String, Object> rep = new LinkedHashMap<>();
    rep.put("model", modelName);
    rep.put("rtl", rtlName);
    rep.put("top", m.top());
    rep.put("bitExact", r.bitExact());
    rep.put("stepsRequested", steps);
    rep.put("stepsRun", r.stepsRun());
    Divergence d = r.divergence().orElse(null);
    if (d != null) {
      Map<String, Object> div = new LinkedHashMap<>();
      div.put("timestep", d.timestep());
      div.put("layer", d.layer());
      div.put("neuron", d.neuron());
      div.put("variable", d.variable());
      div.put("expected", d.expected());
      div.put("actual", d.actual());
      div.put("cycle", d.cycle());
      div.put("text", d.describe());
      rep.put("firstDivergence", div);
    } else {
      rep.put("firstDivergence", null);
    }
    rep.put("stuck", r.stuck().orElse(null));
    double[] c = r.cycleStats();
    Map<String, Object> cycles = new LinkedHashMap<>();
    cycles.put("min", (long) c[0]);
    cycles.put("mean", c[1]);
    cycles.put("max", (long) c[2]);
    cycles.put("budgetPerStep", m.cycleBudget());
    cycles.put("total", r.totalCycles());
    cycles.put("predicted", predicted);
    if (m.json().has("cycle_model")) {
      cycles.put("manifestCycleModel", m.json().get("cycle_model"));
    }
    rep.put("cyclesPerTimestep", cycles);
    Map<String, Object> agree = new LinkedHashMap<>();
    List<Object> layers = new ArrayList<>();
    for (Agreement.LayerAgreement l : a.layers()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("layer", l.path());
      o.put("type", l.type());
      o.put("spikeAgreement", l.spikeAgreement());
      o.put("fixedSpikes", l.fixedSpikes());
      o.put("floatSpikes", l.floatSpikes());
      o.put("vRmseOverThreshold", finite(l.vRmseOverThreshold()));
      o.put("firstMismatch", l.firstMismatch());
      layers.add(o);
    }
    agree.put("layers", layers);
    List<Object> outputs = new ArrayList<>();
    for (Agreement.OutputAgreement o : a.outputs()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("output", o.path());
      e.put("countAgreement", o.countAgreement());
      e.put("fixedSpikes", o.fixedSpikes());
      e.put("floatSpikes", o.floatSpikes());
      outputs.add(e);
    }
    agree.put("outputs", outputs);
    rep.put("fixedVsFloat", agree);
    rep.put("outputSpikes", outputFiles.values().iterator().next().getFileName().toString());
    Map<String, Object> files = new LinkedHashMap<>();
    outputFiles.forEach((node, file) -> files.put(node, file.getFileName().toString()));
    rep.put("outputFiles", files);
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(rep) + "\n";
  }

  private static Object finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
