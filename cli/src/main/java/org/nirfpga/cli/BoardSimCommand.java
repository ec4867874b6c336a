package org.nirfpga.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.gen.link.LinkSpec;
import org.nirfpga.gen.link.LinkTop;
import org.nirfpga.host.board.PtyBridge;
import org.nirfpga.host.board.VirtualBoard;
import org.nirfpga.host.device.CycleDevice;
import org.nirfpga.host.device.LinkRtl;
import org.nirfpga.host.device.PinDevice;
import org.nirfpga.host.device.VerilatorDevice;
import org.nirfpga.host.transport.LineFaults;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.ref.Contract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nirfpga board-sim}: a model's accelerator with its UART bridge as a virtual board on a
 * TCP port and optionally a pseudo-terminal.
 */
@Command(name = "board-sim", mixinStandardHelpOptions = true,
    description = "Generate a model's accelerator with its UART protocol bridge, write its RTL"
        + " (link top, link.properties) and manifest.json, and serve it as a virtual board on a"
        + " TCP port (and with --pty a pseudo-terminal), in Verilator (default when installed)"
        + " or the cycle simulator. Given an RTL"
        + " folder written before, serve that in Verilator.")
final class BoardSimCommand implements Callable<Integer> {
  /** What runs the link top. */
  enum Engine { auto, verilator, cycle }

  @Parameters(index = "0", paramLabel = "MODEL.nir|RTL_DIR",
      description = "The network, or an RTL folder holding a link top and its link.properties.")
  Path model;

  @Option(names = "--engine", defaultValue = "auto",
      description = "verilator, cycle (the HDL's cycle simulator, slow, needs no tools) or auto"
          + " (verilator when verilator and g++ are on the PATH). Default: ${DEFAULT-VALUE}.")
  Engine engine;

  @Option(names = "--clock", paramLabel = "HZ", defaultValue = "0",
      description = "Clock of the simulated link top (0: four cycles per bit, 4 x baud).")
  long clock;

  @Mixin
  ContractOptions contractOptions;

  @Option(names = "--quant", paramLabel = "q.json",
      description = "Quantization config (default: chosen automatically, binary input spikes).")
  Path quant;

  @Option(names = "--tcp", paramLabel = "PORT", defaultValue = "7000",
      description = "TCP port on localhost (0: any free port). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--pty", arity = "0..1", paramLabel = "PATH", fallbackValue = "",
      description = "Also expose the board as a pseudo-terminal (through socat) at PATH"
          + " (default: nirfpga-board-PORT in the temporary folder), to be opened as"
          + " serial:PATH?baud=BAUD.")
  Path pty;

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
    try {
      return execute();
    } catch (NirfpgaException e) {
      throw Loading.inFile(model.getFileName().toString(), e);
    }
  }

  private Integer execute() throws Exception {
    if (flip < 0 || flip > 1 || drop < 0 || drop > 1 || insert < 0 || insert > 1) {
      throw new NirfpgaException("--flip, --drop and --insert are per-byte rates in [0, 1]");
    }
    if (pty != null) {
      // Before the minutes of a Verilator build, not after.
      PtyBridge.requireSocat(System.getenv("PATH"));
    }
    boolean verilator = engine == Engine.verilator || (engine == Engine.auto
        && new VerilatorSetup(System.getenv("PATH"), spec.commandLine().getErr()).missing()
        .isEmpty());
    long clockHz = clock > 0 ? clock : 4 * baud;
    VirtualBoard board = serve(model, contractOptions.contract(), quant, port, baud, clockHz, out,
        new LineFaults(flip, drop, insert, seed), verilator, line -> {
          spec.commandLine().getErr().println(line);
          spec.commandLine().getErr().flush();
        });
    Path manifest = (Files.isDirectory(model) ? model : out).resolve("manifest.json");
    PtyBridge bridge = null;
    if (pty != null) {
      Path link = pty.toString().isEmpty() ? Path.of(System.getProperty("java.io.tmpdir"),
          "nirfpga-board-" + board.port()) : pty;
      try {
        bridge = PtyBridge.start(link, board.port());
      } catch (NirfpgaException e) {
        board.close();
        throw e;
      }
    }
    try (board; PtyBridge ignored = bridge) {
      spec.commandLine().getOut().printf("virtual board: %s on %s (%s, %d baud), identity"
          + " 0x%08X, manifest %s%n", model.getFileName(), board.uri(), verilator
          ? "Verilator, " + board.device().describe() : "cycle simulator", baud,
          LinkSpec.identity(Files.readString(manifest)), manifest);
      if (bridge != null) {
        spec.commandLine().getOut().printf("pty: %s (open %s)%n", bridge.path(),
            bridge.uri(baud));
      }
      spec.commandLine().getOut().flush();
      if (seconds > 0) {
        Thread.sleep((long) (seconds * 1000));
      } else {
        Thread.currentThread().join();
      }
    }
    return 0;
  }

  /**
   * Generates the accelerator of {@code model}, writes its RTL into {@code out} and serves it in
   * the cycle simulator with a clock of four cycles per bit.
   */
  static VirtualBoard serve(Path model, Contract contract, Path quant, int port, long baud,
      Path out, LineFaults faults) throws NirfpgaException {
    return serve(model, contract, quant, port, baud, 4 * baud, out, faults, false, line -> { });
  }

  /**
   * Serves {@code model}: an RTL folder with a link top runs in Verilator as it is; a network is
   * generated with a link top for {@code clockHz} and {@code baud}, written into {@code out}
   * and run in Verilator ({@code verilator}) or the cycle simulator. Build stages go to
   * {@code progress}.
   */
  static VirtualBoard serve(Path model, Contract contract, Path quant, int port, long baud,
      long clockHz, Path out, LineFaults faults, boolean verilator, Consumer<String> progress)
      throws NirfpgaException {
    PinDevice device;
    if (Files.isDirectory(model)) {
      if (!verilator) {
        throw new NirfpgaException(model + ": an RTL folder runs only in Verilator; give the"
            + " network's .nir file for --engine cycle");
      }
      device = VerilatorDevice.open(model, progress);
    } else {
      GeneratedPipeline p = generate(model, contract, quant);
      LinkTop top = LinkTop.build(p, clockHz, baud);
      String source = model.getFileName().toString();
      if (verilator) {
        LinkRtl.write(p, top, source, out);
        device = VerilatorDevice.open(out, progress);
      } else {
        try {
          p.writeTo(out);
        } catch (IOException e) {
          throw new NirfpgaException(out + ": cannot write the RTL (" + e.getMessage() + ")", e);
        }
        device = new CycleDevice(top);
      }
    }
    try {
      return new VirtualBoard(device, port, faults);
    } catch (IOException e) {
      throw new NirfpgaException("port " + port + ": cannot listen (" + e.getMessage()
          + "); choose another with --tcp", e);
    }
  }

  private static GeneratedPipeline generate(Path model, Contract contract, Path quant)
      throws NirfpgaException {
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
    return PipelineGenerator.generate(graph, q, contract, source, stem + "_top");
  }
}
