package org.nirfpga.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.gen.link.LinkSpec;
import org.nirfpga.gen.link.LinkTop;
import org.nirfpga.host.board.VirtualBoard;
import org.nirfpga.host.transport.LineFaults;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.ref.Contract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nirfpga board-sim}: a model's accelerator with its UART bridge as a TCP virtual board. */
@Command(name = "board-sim", mixinStandardHelpOptions = true,
    description = "Generate a model's accelerator with its UART protocol bridge, write its RTL"
        + " and manifest.json, and serve it as a virtual board on a TCP port (cycle simulator).")
final class BoardSimCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL.nir", description = "The network.")
  Path model;

  @Mixin
  ContractOptions contractOptions;

  @Option(names = "--quant", paramLabel = "q.json",
      description = "Quantization config (default: chosen automatically, binary input spikes).")
  Path quant;

  @Option(names = "--tcp", paramLabel = "PORT", defaultValue = "7000",
      description = "TCP port on localhost (0: any free port). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--baud", defaultValue = "115200",
      description = "UART baud rate of the simulated link. Default: ${DEFAULT-VALUE}.")
  long baud;

  @Option(names = {"--out", "-o"}, paramLabel = "DIR", defaultValue = "board-sim-out",
      description = "Where the RTL and manifest.json go. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--flip", defaultValue = "0", description = "Per-byte rate of bit flips.")
  double flip;

  @Option(names = "--drop", defaultValue = "0", description = "Per-byte rate of dropped bytes.")
  double drop;

  @Option(names = "--insert", defaultValue = "0",
      description = "Per-byte rate of inserted random bytes.")
  double insert;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the line faults.")
  long seed;

  @Option(names = "--seconds", defaultValue = "0",
      description = "Serve this long, then exit (0: until interrupted).")
  double seconds;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (flip < 0 || flip > 1 || drop < 0 || drop > 1 || insert < 0 || insert > 1) {
      throw new NirfpgaException("--flip, --drop and --insert are per-byte rates in [0, 1]");
    }
    VirtualBoard board = serve(model, contractOptions.contract(), quant, port, baud, out,
        new LineFaults(flip, drop, insert, seed));
    try (board) {
      spec.commandLine().getOut().printf("virtual board: %s on %s (%d baud), identity 0x%08X,"
          + " manifest %s%n", model.getFileName(), board.uri(), baud,
          LinkSpec.identity(Files.readString(out.resolve("manifest.json"))),
          out.resolve("manifest.json"));
      spec.commandLine().getOut().flush();
      if (seconds > 0) {
        Thread.sleep((long) (seconds * 1000));
      } else {
        Thread.currentThread().join();
      }
    }
    return 0;
  }

  /** Generates the accelerator of {@code model}, writes its RTL into {@code out}, serves it. */
  static VirtualBoard serve(Path model, Contract contract, Path quant, int port, long baud,
      Path out, LineFaults faults) throws NirfpgaException {
    NirGraph graph = Loading.load(model).graph();
    QuantConfig q;
    if (quant != null) {
      try {
        q = QuantConfig.fromJson(Files.readString(quant), quant.getFileName().toString());
      } catch (IOException e) {
        throw new NirfpgaException(quant + ": cannot read (" + e.getMessage() + ")", e);
      }
    } else {
      q = Quantizer.quantize(graph, QuantOptions.defaults(contract));
    }
    String source = model.getFileName().toString();
    String stem = source.replaceAll("\\.nir$", "").replaceAll("[^A-Za-z0-9_]", "_");
    GeneratedPipeline p = PipelineGenerator.generate(graph, q, contract, source, stem + "_top");
    try {
      p.writeTo(out);
    } catch (IOException e) {
      throw new NirfpgaException(out + ": cannot write the RTL (" + e.getMessage() + ")", e);
    }
    LinkTop top = LinkTop.build(p, 4 * baud, baud);
    try {
      return new VirtualBoard(top, port, faults);
    } catch (IOException e) {
      throw new NirfpgaException("port " + port + ": cannot listen (" + e.getMessage()
          + "); choose another with --tcp", e);
    }
  }
}
