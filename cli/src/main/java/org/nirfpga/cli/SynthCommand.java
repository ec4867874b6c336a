package org.nirfpga.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nirfpga.board.Board;
import org.nirfpga.board.Boards;
import org.nirfpga.board.SynthFlow;
import org.nirfpga.board.SynthReport;
import org.nirfpga.board.Usage;
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
      description = "Core clock; above the board oscillator an iCE40 PLL makes it "
          + "(default: the oscillator).")
  double freqMhz;

  @Option(names = "--top", paramLabel = "MODULE",
      description = "Top module (default: 'top' of RTL_DIR/manifest.json).")
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
    SynthReport r = new SynthFlow(Main.version(), line -> {
      err.println(line);
      err.flush();
    }).run(new SynthFlow.Request(rtlDir, top, b, freqMhz, dir));
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
}
