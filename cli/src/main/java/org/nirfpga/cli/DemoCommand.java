package org.nirfpga.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nirfpga.fixed.Agreement;
import org.nirfpga.fixed.EventRange;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nirfpga demo}: the main job end to end on a bundled example — write the network as
 * {@code .nir}, read it back and validate it, run the float reference, quantize, run the bit-exact
 * golden model and report how the two agree.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the flow end to end on a bundled example network: .nir write/read, "
        + "validation, float reference, quantization, fixed-point golden model, agreement.")
final class DemoCommand implements Callable<Integer> {
  /** The system tools later stages and the integration tests use, with their Debian packages. */
  static final List<String[]> TOOLS = List.of(new String[] {"verilator", "verilator"},
      new String[] {"yosys", "yosys"}, new String[] {"nextpnr-ice40", "nextpnr-ice40"},
      new String[] {"icepack", "fpga-icestorm"});

  @Spec
  CommandSpec spec;

  @Option(names = "--example", defaultValue = "cnn", paramLabel = "NAME",
      description = "Bundled example to run (default: ${DEFAULT-VALUE}; see 'nirfpga example').")
  String exampleName;

  @Option(names = {"--out", "-o"}, defaultValue = "demo-out", paramLabel = "DIR",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    Example example = Examples.named(exampleName).orElseThrow(() -> new NirfpgaException(
        "no example named '" + exampleName + "'; examples are: "
            + String.join(", ", Examples.names())));
    Contract contract = Contract.nir();
    try (OutputFolder folder = OutputFolder.create(out)) {
      Path dir = folder.staging();
      o.printf("[1/6] writing example '%s' (%s)%n", example.name(), example.description());
      Path model = dir.resolve("model.nir");
      NirWriter.write(model, example.graph());
      Path inputFile = dir.resolve("input.npy");
      writeInput(inputFile, example);

      o.println("[2/6] reading it back and validating");
      NirFile nir = NirReader.read(model);
      if (!nir.graph().equals(example.graph())) {
        throw new IllegalStateException("the .nir round trip changed the graph");
      }
      ValidationReport report = ValidateGraph.run(nir.graph(), Mode.STRICT);
      report.throwIfErrors("model.nir");
      o.printf("      %d nodes, %d edges, %d warnings (strict NIR type check passed)%n",
          nir.graph().nodes().size(), nir.graph().edges().size(), report.warnings().size());

      o.printf("[3/6] float reference under %s%n", contract.describe());
      InputSeries x = InputSeries.read(inputFile, example.inputShape());
      Simulation sim = Simulation.run(nir.graph(), contract, x, List.of(), (d, t) -> { });
      Path ref = dir.resolve("reference");
      Files.createDirectories(ref);
      sim.writeTo(ref, "model.nir");
      o.printf(Locale.ROOT, "      %d steps in %.3f s; output spikes %s%n", sim.steps(),
          sim.wallNanos() / 1e9, sim.spikeCounts());

      o.println("[4/6] quantizing (8-bit weights, 16-bit state)");
      QuantConfig q = Quantizer.quantize(nir.graph(), QuantOptions.defaults(contract)
          .withInputEvents(EventRange.covering(x.sample(0))));
      Files.writeString(dir.resolve("quant.json"), q.toJson(), StandardCharsets.UTF_8);
      q.summary().lines().forEach(l -> o.println("      " + l));

      o.println("[5/6] fixed-point golden model vs float reference");
      Agreement a = Agreement.measure(nir.graph(), q, contract, x.sample(0));
      String agreement = a.format();
      Files.writeString(dir.resolve("agreement.txt"), agreement, StandardCharsets.UTF_8);
      agreement.lines().forEach(l -> o.println("      " + l));

      o.println("[6/6] system tools for the hardware stages and the integration tests");
      List<String> missing = new ArrayList<>();
      for (String[] tool : TOOLS) {
        Path found = which(tool[0]);
        o.printf("      %-14s %s%n", tool[0], found == null ? "missing" : found);
        if (found == null) {
          missing.add(tool[1]);
        }
      }
      if (!missing.isEmpty()) {
        o.printf("      install them with: sudo apt-get install -y %s%n",
            String.join(" ", missing));
      }
      folder.commit();
    }
    o.printf("wrote %s (model.nir, input.npy, reference/, quant.json, agreement.txt)%n", out);
    return 0;
  }

  /** Writes an example's sample input as float32 .npy of shape (T, *input_shape). */
  static void writeInput(Path file, Example e) throws NirfpgaException {
    Npy.write(file, NpyArray.timeSeries(Collections.singletonList(e.sampleInput()),
        e.inputShape(), false, NpyDtype.FLOAT32));
  }

  static Path which(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(java.io.File.pathSeparator)) {
      Path p = Path.of(d, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
