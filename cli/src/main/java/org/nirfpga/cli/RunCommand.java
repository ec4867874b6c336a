package org.nirfpga.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nirfpga.fixed.Agreement;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerTrace;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.host.Accelerator;
import org.nirfpga.host.Result;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.data.InputSeries;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.data.NpyArray;
import org.nirfpga.nir.data.NpyDtype;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.NirGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nirfpga run}: streams an input through an accelerator over the wire protocol. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Stream an input through an accelerator (board or virtual board) over the wire"
        + " protocol, collect its outputs and optionally compare them with the golden model.")
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RTL_DIR",
      description = "The accelerator's RTL folder; its manifest.json identifies the network.")
  Path rtl;

  @Option(names = "--port", required = true, paramLabel = "URI",
      description = "The device: serial:/dev/ttyUSB1?baud=3000000 (a board, or board-sim"
          + " --pty), tcp://host:port (nirfpga board-sim) or sim:RTL_DIR (a link top in"
          + " Verilator in this process).")
  String uri;

  @Option(names = "--input", required = true, paramLabel = "X.npy",
      description = "Input spikes of shape (T, inputs), or (T, batch, inputs) for several"
          + " samples.")
  Path input;

  @Option(names = {"--out", "-o"}, paramLabel = "DIR",
      description = "Write outputs.npy (T, outputs), or (T, batch, outputs), here, only after a"
          + " complete run.")
  Path out;

  @Option(names = "--no-reset",
      description = "Continue from the device's current state instead of sending RESET (which"
          + " returns the network to its initial state) before each sample.")
  boolean noReset;

  @Option(names = "--compare", paramLabel = "MODEL.nir",
      description = "Check the outputs against the golden model of this network (bit-exact;"
          + " exit 1 on a mismatch) and print their agreement with the float reference.")
  Path compare;

  @Mixin
  ContractOptions contractOptions;

  @Option(names = "--timeout-ms", defaultValue = "200",
      description = "Answer timeout in ms. Default: ${DEFAULT-VALUE}.")
  long timeoutMs;

  @Option(names = "--retries", defaultValue = "8",
      description = "Sends of one frame before giving up. Default: ${DEFAULT-VALUE}.")
  int retries;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    Path manifest = rtl.resolve("manifest.json");
    Accelerator.Options o = Accelerator.Options.defaults()
        .withTimeout(Duration.ofMillis(timeoutMs), retries).withManifest(manifest);
    try (Accelerator acc = Accelerator.open(uri, o)) {
      Dims inputShape = Dims.of(acc.device().inputSize());
      InputSeries x = InputSeries.read(input, inputShape);
      List<double[][]> outputs = new ArrayList<>();
      int code = 0;
      for (int b = 0; b < x.samples(); b++) {
        String sample = x.batched() ? "sample " + b + ": " : "";
        if (!noReset) {
          // Every sample starts from the network's initial state, as the golden model does.
          acc.reset();
        }
        Result r = acc.run(x.sample(b));
        stdout.println(uri + ": " + sample + r.stats());
        if (compare != null) {
          if (r.firstTimestep() != 0) {
            throw new NirfpgaException(uri + ": the device had run " + r.firstTimestep()
                + " steps before; --compare needs a cleared device (drop --no-reset)");
          }
          NirGraph graph = Loading.load(compare).graph();
          GoldenResult g = golden(manifest, graph, x.sample(b));
          String node = outputNode(manifest);
          Optional<String> diff = firstMismatch(r.outputs(), g.layers().get(node), node);
          if (diff.isPresent()) {
            stdout.println(sample + "MISMATCH with the golden model: " + diff.get());
            code = 1;
          } else {
            stdout.println(sample + "bit-exact with the golden model: " + r.outputs().length
                + " steps of '" + node + "'");
            // Bit-exact, so the device's numbers are the golden model's: their agreement with
            // the float reference is the device's.
            stdout.println(sample + "agreement with the float reference ("
                + contractOptions.contract().preset() + "):");
            Agreement.against(g, graph, contractOptions.contract(), x.sample(b)).format()
                .lines().forEach(l -> stdout.println("  " + l));
          }
        }
        double[][] rows = new double[r.outputs().length][];
        for (int t = 0; t < rows.length; t++) {
          rows[t] = java.util.Arrays.stream(r.outputs()[t]).asDoubleStream().toArray();
        }
        outputs.add(rows);
      }
      if (out != null) {
        Files.createDirectories(out);
        Npy.write(out.resolve("outputs.npy"), NpyArray.timeSeries(outputs,
            Dims.of(acc.device().outputSize()), x.batched(), NpyDtype.INT32));
      }
      stdout.flush();
      return code;
    }
  }

  private GoldenResult golden(Path manifest, NirGraph graph, double[][] x)
      throws NirfpgaException {
    JsonNode quant = manifestJson(manifest).get("quantization");
    if (quant == null) {
      throw new NirfpgaException(manifest + ": no 'quantization' field; regenerate the RTL");
    }
    QuantConfig q = QuantConfig.fromJson(quant.toString(), manifest.toString());
    return GoldenModel.create(graph, q, contractOptions.contract()).run(x);
  }

  private static String outputNode(Path manifest) throws NirfpgaException {
    JsonNode o = manifestJson(manifest).path("events").path("output");
    // The layer feeding the Output node carries the golden trace; older manifests name it 'node'.
    JsonNode n = o.path("source").isTextual() ? o.path("source") : o.path("node");
    if (!n.isTextual()) {
      throw new NirfpgaException(manifest + ": no 'events.output.source' field; regenerate the"
          + " RTL");
    }
    return n.asText();
  }

  private static JsonNode manifestJson(Path manifest) throws NirfpgaException {
    try {
      return new ObjectMapper().readTree(Files.readString(manifest));
    } catch (IOException e) {
      throw new NirfpgaException(manifest + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The first step and neuron where the device's outputs differ from the golden trace of the
   * output layer (spike counts, or v codes of a non-spiking readout), or empty.
   */
  static Optional<String> firstMismatch(long[][] device, LayerTrace golden, String node) {
    boolean spiking = golden.spiking();
    for (int t = 0; t < device.length; t++) {
      for (int n = 0; n < device[t].length; n++) {
        long want = spiking ? golden.spikes()[t][n] : golden.v()[t][n];
        if (device[t][n] != want) {
          return Optional.of("step " + t + ", layer '" + node + "', neuron " + n + ": device "
              + device[t][n] + ", golden " + want);
        }
      }
    }
    return Optional.empty();
  }
}
