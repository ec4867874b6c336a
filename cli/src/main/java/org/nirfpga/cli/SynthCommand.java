package org.nirfpga.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nirfpga.board.Board;
import org.nirfpga.board.Boards;
import org.nirfpga.board.ClockPlan;
import org.nirfpga.board.SynthFlow;
import org.nirfpga.board.SynthReport;
import org.nirfpga.board.Usage;
import org.nirfpga.nir.NirfpgaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nirfpga synth}: runs the open synthesis flow for a board and summarizes the report. */
@Command(name = "synth", mixinStandardHelpOptions = true,
    description = "Synthesize a Verilog folder for a board: yosys, then nextpnr-ice40 and "
        + "icepack on the iCEBreaker; cell counts plus nextpnr-ecp5 / Vivado scripts elsewhere. "
        + "Writes DIR/report.json and keeps the raw tool logs in DIR.")
final class SynthCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RTL_DIR",
      description = "Folder of .v files (e.g. from nirfpga compile).")
  Path rtlDir;

  @Option(names = "--board", required = true, paramLabel = "NAME",
      description = "icebreaker, ulx3s or arty-a7-35t.")
  String board;

  @Option(names = "--freq", paramLabel = "MHz", defaultValue = "0",
      description = "Core clock, made by the board's PLL or MMCM at the closest frequency it "
          + "can (default: the clock RTL_DIR was compiled for with --board, else the "
          + "oscillator).")
  double freqMhz;

  @Option(names = "--top", paramLabel = "MODULE",
      description = "Top module (default: board.link_top of RTL_DIR/manifest.json when it was "
          + "compiled with --board, else its 'top').")
  String top;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Output folder, replaced as a whole (default: synth-<board>).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Board b = Boards.byName(board);
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    Path dir = out != null ? out : Path.of("synth-" + b.name());
    String module = top;
    double coreMhz = freqMhz;
    JsonNode manifest = manifest(rtlDir);
    if (b.resources().sprams() == 0 && manifest != null && manifest.has("weight_image")) {
      throw new NirfpgaException(rtlDir + ": its weights live in SPRAM (compile --spram), which "
          + b.name() + " (" + b.family() + ") does not have; compile again without --spram");
    }
    JsonNode compiled = boardSection(manifest, rtlDir.resolve("manifest.json"));
    if (compiled != null && (module == null
        || module.equals(compiled.path("link_top").asText()))) {
      module = compiled.path("link_top").asText();
      coreMhz = compiledClock(compiled, b);
    }
    SynthReport r = new SynthFlow(Main.version(), line -> {
      err.println(line);
      err.flush();
    }).run(new SynthFlow.Request(rtlDir, module, b, coreMhz, dir));
    o.printf(Locale.ROOT, "%s on %s (%s) at %.3f MHz%s%n", r.top(), b.description(), r.device(),
        r.coreMhz(), r.pll() == null ? "" : " via PLL");
    for (Map.Entry<String, Usage> e : r.resources().entrySet()) {
      Usage u = e.getValue();
      o.printf(Locale.ROOT, "  %-10s %7d%s%n", e.getKey(), u.used(), u.available() < 0 ? ""
          : String.format(Locale.ROOT, " / %d (%.0f%%)", u.available(),
              100.0 * u.used() / Math.max(1, u.available())));
    }
    r.fmaxMhz().forEach((clk, mhz) -> o.printf(Locale.ROOT, "  fmax %-30s %.2f MHz%n", clk,
        mhz));
    if (r.timingMet() != null) {
      o.println("  timing " + (r.timingMet() ? "met" : "NOT met at " + r.coreMhz() + " MHz"));
    }
    o.println(r.fits() ? "  fits" : "  does NOT fit: " + String.join("; ", r.ranOut()));
    if (r.bitstream() != null) {
      o.println("  bitstream " + dir.resolve(r.bitstream()));
    }
    for (String n : r.notes()) {
      o.println("  note: " + n);
    }
    o.println("  report " + dir.resolve("report.json"));
    return r.fits() ? 0 : 1;
  }

  /** RTL_DIR's manifest, or null when it has none. */
  private static JsonNode manifest(Path rtlDir) throws NirfpgaException {
    Path m = rtlDir.resolve("manifest.json");
    if (!Files.isRegularFile(m)) {
      return null;
    }
    try {
      return new ObjectMapper().readTree(m.toFile());
    } catch (IOException e) {
      throw new NirfpgaException(m + ": not JSON (" + e.getMessage() + "); compile again");
    }
  }

  /**
   * The {@code board} section of {@code manifest} (file {@code m}), or null when there is no
   * manifest or it was compiled without --board.
   */
  private static JsonNode boardSection(JsonNode manifest, Path m) throws NirfpgaException {
    if (manifest == null) {
      return null;
    }
    JsonNode board = manifest.path("board");
    if (board.isMissingNode()) {
      return null;
    }
    if (!board.path("link_top").isTextual() || !board.path("name").isTextual()
        || !board.path("core_clock_hz").canConvertToLong()) {
      throw new NirfpgaException(m + ": board section lacks name, link_top or core_clock_hz;"
          + " compile again with --board");
    }
    return board;
  }

  /**
   * The core clock in MHz the link top was built for: its UART divisor only works there, so
   * another board or a --freq giving another clock is refused.
   */
  private double compiledClock(JsonNode compiled, Board b) throws NirfpgaException {
    String where = rtlDir.resolve("manifest.json").toString();
    String name = compiled.path("name").asText();
    long hz = compiled.path("core_clock_hz").asLong();
    String at = String.format(Locale.ROOT, "%.3f MHz", hz / 1e6);
    if (!name.equals(b.name())) {
      throw new NirfpgaException("--board " + b.name() + ": " + where + " was compiled with"
          + " --board " + name + " (link top at " + at + "); compile again with --board "
          + b.name() + ", or pass --top to synthesize another module");
    }
    if (freqMhz > 0) {
      ClockPlan plan = ClockPlan.of(b, freqMhz);
      if (plan.coreHz() != hz) {
        throw new NirfpgaException(String.format(Locale.ROOT, "--freq %s: gives a %.3f MHz core"
            + " clock but %s was compiled for %s (board.core_clock_hz), where its UART divisor"
            + " holds; leave --freq out or compile again with --freq %s", fmt(freqMhz),
            plan.coreMhz(), where, at, fmt(freqMhz)));
      }
      return freqMhz;
    }
    return hz / 1e6;
  }

  private static String fmt(double mhz) {
    return mhz == Math.rint(mhz) ? String.valueOf((long) mhz) : String.valueOf(mhz);
  }
}
