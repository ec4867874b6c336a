package org.nirfpga.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nirfpga.fixed.Agreement;
import org.nirfpga.fixed.EventRange;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.check.Mode;
import org.nirfpga.nir.check.ValidateGraph;
import org.nirfpga.nir.check.ValidationReport;
import org.nirfpga.nir.data.InputSeries;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.data.NpyArray;
import org.nirfpga.nir.data.NpyDtype;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.hdf5.NirFile;
import org.nirfpga.nir.hdf5.NirReader;
import org.nirfpga.nir.hdf5.NirWriter;
import org.nirfpga.nir.ref.Contract;
import org.nirfpga.nir.ref.Simulation;
import org.nirfpga.sim.BuildOptions;
import org.nirfpga.sim.CosimResult;
import org.nirfpga.sim.Testbench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nirfpga demo}: the main job end to end on a bundled example — write the network as
 * {@code .nir}, validate it, run the float reference, quantize, run the golden model, compile
 * the RTL, co-simulate it with Verilator against the golden model, and report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the flow end to end on a bundled example network: .nir write/read, "
        + "validation, float reference, quantization, fixed-point golden model, RTL compile, "
        + "Verilator co-simulation against the golden model, raster plot and report.",
        "Installs Verilator with apt-get (sudo -n when not root) when it is missing.",
        "Exit codes: 0 bit-exact; 1 the RTL differs from the golden model; 2 bad option, or "
            + "Verilator missing and not installable (the install command is printed)."})
final class DemoCommand implements Callable<Integer> {
  private static final int STAGES = 9;

  @Spec
  CommandSpec spec;

  @Option(names = "--example", defaultValue = "mlp", paramLabel = "NAME",
      description = "Bundled example to run (default: ${DEFAULT-VALUE}; see 'nirfpga example').")
  String exampleName;

  @Option(names = {"--out", "-o"}, defaultValue = "demo-out", paramLabel = "DIR",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  /** The PATH Verilator is looked up and installed with; tests replace it. */
  String path = System.getenv("PATH");

  /** Runs on the compiled RTL folder before co-simulation; tests plant faults with it. */
  RtlHook afterCompile = rtl -> { };

  /** Something done to the compiled RTL folder. */
  interface RtlHook {
    void accept(Path rtl) throws IOException;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Example example = Examples.named(exampleName).orElseThrow(() -> new NirfpgaException(
        "no example named '" + exampleName + "'; examples are: "
            + String.join(", ", Examples.names())));
    Contract contract = Contract.nir();
    String modelName = example.name() + ".nir";
    Path shown = out.normalize();
    try (OutputFolder folder = OutputFolder.create(out)) {
      Path dir = folder.staging();
      stage(o, 1, "writing example '%s' (%s)", example.name(), example.description());
      Path model = dir.resolve(modelName);
      NirWriter.write(model, example.graph());
      Path inputFile = dir.resolve("input.npy");
      writeInput(inputFile, example);

      stage(o, 2, "reading it back and validating");
      NirFile nir = NirReader.read(model);
      if (!nir.graph().equals(example.graph())) {
        throw new IllegalStateException("the .nir round trip changed the graph");
      }
      ValidationReport report = ValidateGraph.run(nir.graph(), Mode.STRICT);
      report.throwIfErrors(modelName);
      o.printf("      %d nodes, %d edges, %d warnings (strict NIR type check passed)%n",
          nir.graph().nodes().size(), nir.graph().edges().size(), report.warnings().size());

      stage(o, 3, "float reference under %s", contract.describe());
      InputSeries x = InputSeries.read(inputFile, example.inputShape());
      Simulation sim = Simulation.run(nir.graph(), contract, x, List.of(), (d, t) -> { });
      Path ref = dir.resolve("reference");
      Files.createDirectories(ref);
      sim.writeTo(ref, modelName);
      o.printf(Locale.ROOT, "      %d steps in %.3f s; output spikes %s%n", sim.steps(),
          sim.wallNanos() / 1e9, sim.spikeCounts());

      stage(o, 4, "quantizing (8-bit weights, 16-bit state)");
      QuantConfig q = Quantizer.quantize(nir.graph(), QuantOptions.defaults(contract)
          .withInputEvents(EventRange.covering(x.sample(0))));
      Files.writeString(dir.resolve("quant.json"), q.toJson(), StandardCharsets.UTF_8);
      q.summary().lines().forEach(l -> o.println("      " + l));

      stage(o, 5, "fixed-point golden model vs float reference");
      Agreement a = Agreement.measure(nir.graph(), q, contract, x.sample(0));
      String agreement = a.format();
      Files.writeString(dir.resolve("agreement.txt"), agreement, StandardCharsets.UTF_8);
      agreement.lines().forEach(l -> o.println("      " + l));

      stage(o, 6, "compiling the RTL (as 'nirfpga compile')");
      String top = CompileCommand.defaultTop(Path.of(modelName));
      GeneratedPipeline p = PipelineGenerator.generate(nir.graph(), q, contract, modelName, top);
      StringWriter compiled = new StringWriter();
      CompileCommand.write(p, q, dir.resolve("rtl"), modelName, top,
          new PrintWriter(compiled, true));
      compiled.toString().lines().filter(l -> !l.startsWith("wrote "))
          .forEach(l -> o.println("      " + l));

      afterCompile.accept(dir.resolve("rtl"));

      stage(o, 7, "checking for Verilator and g++");
      o.flush();
      VerilatorSetup.Outcome tools = new VerilatorSetup(path, o).ensure();
      if (!tools.ready()) {
        o.flush();
        err.printf("nirfpga: Verilator is needed for the co-simulation and cannot be installed"
            + " automatically (%s); install it with: %s, then run this demo again%n",
            tools.reason(), VerilatorSetup.MANUAL_COMMAND);
        err.flush();
        return Main.EXIT_USER_ERROR;
      }

      stage(o, 8, "co-simulating the RTL with Verilator against the golden model "
          + "(the first build takes a while)");
      o.flush();
      long started = System.nanoTime();
      CosimCommand.Run run = CosimCommand.simulate(nir.graph(), q, contract, dir.resolve("rtl"),
          x.sample(0), BuildOptions.defaults(), Testbench.Options.defaults().runToEnd(),
          line -> {
            // The build runs in the staging folder, which becomes the output folder.
            o.println("      " + line.replace(dir.toString(), shown.toString()));
            o.flush();
          }, err);
      o.printf(Locale.ROOT, "      %s: %s, %d cycles (build and run %.1f s)%n",
          run.manifest().top(),
          run.result().summary(), run.result().totalCycles(), (System.nanoTime() - started) / 1e9);

      stage(o, 9, "writing the raster plot and the report");
      CosimCommand.Written w = CosimCommand.write(run, dir, modelName, "rtl",
          dir.resolve("raster.png"));
      o.printf("      %s, %s, %s%n", w.plot().getFileName(), w.report().getFileName(),
          w.spikes().getFileName());
      folder.commit();
      printSummary(o, run, w, shown);
      return run.result().bitExact() ? 0 : CosimCommand.EXIT_MISMATCH;
    }
  }

  private static void stage(PrintWriter o, int n, String format, Object... args) {
    o.printf("[%d/%d] %s%n", n, STAGES, String.format(Locale.ROOT, format, args));
    o.flush();
  }

  /** The closing summary: the verdict, cycles against the cycle model, agreement, and paths. */
  private static void printSummary(PrintWriter o, CosimCommand.Run run, CosimCommand.Written w,
      Path shown) {
    CosimResult r = run.result();
    double[] c = r.cycleStats();
    Map<String, Object> pred = w.predicted();
    o.println("summary");
    o.printf(Locale.ROOT, "  bit-exact (RTL vs golden model): %s, %d of %d timesteps%s%n",
        r.bitExact() ? "yes" : "NO", r.stepsRun(), run.x().length,
        r.divergence().map(d -> "; " + d.describe()).orElse(""));
    o.printf(Locale.ROOT, "  cycles per timestep: mean %.1f (min %.0f, max %.0f); cycle model"
        + " bounds: mean %s..%s, %s of %s steps within%n", c[1], c[0], c[2],
        fmt(pred.get("meanLower")), fmt(pred.get("meanUpper")), pred.get("stepsWithin"),
        pred.get("stepsChecked"));
    StringBuilder layers = new StringBuilder();
    for (Agreement.LayerAgreement l : w.agreement().layers()) {
      if (l.elements() == 0) {
        continue;
      }
      layers.append(layers.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
          "%s %.2f%%", l.path(), 100 * l.spikeAgreement()));
    }
    if (layers.length() > 0) {
      o.printf("  fixed vs float: spikes agree per neuron and step: %s%n", layers);
    }
    for (Agreement.OutputAgreement a : w.agreement().outputs()) {
      if (!a.spiking()) {
        continue;
      }
      o.printf(Locale.ROOT, "  fixed vs float: output '%s' spike counts agree for %.0f%% of"
          + " neurons (fixed %d spikes, float %d)%n", a.path(), 100 * a.countAgreement(),
          a.fixedSpikes(), a.floatSpikes());
    }
    o.printf("  RTL:    %s (%s.v, manifest.json)%n", shown.resolve("rtl"), run.manifest().top());
    o.printf("  plot:   %s%n", shown.resolve("raster.png"));
    o.printf("  report: %s%n", shown.resolve("report.json"));
  }

  private static String fmt(Object v) {
    return v instanceof Number n ? String.format(Locale.ROOT, "%.1f", n.doubleValue()) : "-";
  }

  /** Writes an example's sample input as float32 .npy of shape (T, *input_shape). */
  static void writeInput(Path file, Example e) throws NirfpgaException {
    Npy.write(file, NpyArray.timeSeries(Collections.singletonList(e.sampleInput()),
        e.inputShape(), false, NpyDtype.FLOAT32));
  }
}
