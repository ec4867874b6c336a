package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.board.ToolRunner;
import org.nirfpga.board.UartEcho;
import org.nirfpga.hdl.emit.VerilogEmitter;
import org.nirfpga.nir.SharedCorpus;

/** {@code nirfpga synth} through the whole iCE40 flow: an echo core, mlp and the Braille graph. */
class SynthCommandIT {
  private static void require(String tool) {
    if (ToolRunner.find(tool).isPresent()) {
      return;
    }
    if (Boolean.parseBoolean(System.getProperty("require.tools", "false"))) {
      fail(tool + " not found on PATH but -Drequire.tools=true");
    }
    System.out.println("SKIPPED: " + tool + " not found on PATH");
    Assumptions.abort(tool + " not found on PATH");
  }

  @Test
  void synthOfAnEchoCoreForTheIcebreakerPrintsTheFiguresAndWritesABitstream(@TempDir Path dir)
      throws Exception {
    for (String t : new String[] {"yosys", "nextpnr-ice40", "icepack"}) {
      require(t);
    }
    Path rtl = dir.resolve("rtl");
    new VerilogEmitter("0.1.0", "echo").emit(new UartEcho(12_000_000, 115200)).writeTo(rtl);
    Files.writeString(rtl.resolve("manifest.json"), "{\"top\": \"uart_echo\"}\n");
    Path out = dir.resolve("out");
    CliRunner.Outcome o = CliRunner.run("synth", rtl.toString(), "--board", "icebreaker",
        "--out", out.toString());
    assertEquals(0, o.exitCode(), o.out() + o.err());
    assertTrue(o.err().contains("yosys synth_ice40 -spram (top icebreaker_top) ..."), o.err());
    assertTrue(o.out().contains("timing met"), o.out());
    assertTrue(o.out().contains("bitstream " + out.resolve("design.bin")), o.out());
    assertTrue(Files.exists(out.resolve("design.bin")));
  }

  @Test
  void synthOfACompileForTheIcebreakerTakesItsLinkTopToABitstream(@TempDir Path dir)
      throws Exception {
    for (String t : new String[] {"yosys", "nextpnr-ice40", "icepack"}) {
      require(t);
    }
    Path model = dir.resolve("mlp.nir");
    assertEquals(0, CliRunner.run("example", "mlp", "-o", model.toString()).exitCode());
    Path rtl = dir.resolve("rtl");
    CliRunner.Outcome c = CliRunner.run("compile", model.toString(), "-o", rtl.toString(),
        "--board", "icebreaker");
    assertEquals(0, c.exitCode(), c.err());
    Path out = dir.resolve("out");
    CliRunner.Outcome o = CliRunner.run("synth", rtl.toString(), "--board", "icebreaker",
        "--out", out.toString());
    assertEquals(0, o.exitCode(), o.out() + o.err());
    assertTrue(o.out().startsWith("icebreaker_top on "), o.out());
    com.fasterxml.jackson.databind.JsonNode r = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(out.resolve("report.json").toFile());
    assertEquals("mlp_top_link", r.get("core_top").asText());
    assertEquals(false, r.get("probe").asBoolean());
    assertTrue(Files.size(out.resolve("design.bin")) > 0);
    System.out.println("compile prediction vs synthesis of mlp_top_link:\n" + c.out() + o.out());
  }

  @Test
  void theNirPapersBrailleGraphReachesABitstreamOnTheIcebreakerAt40MhzWithTimingMet(
      @TempDir Path dir) throws Exception {
    for (String t : new String[] {"yosys", "nextpnr-ice40", "icepack"}) {
      require(t);
    }
    Path model = SharedCorpus.nirData()
        .resolve("neuromorphs_NIR/paper/03_rnn/braille_noDelay_bias_zero.nir");
    Path rtl = dir.resolve("rtl");
    CliRunner.Outcome c = CliRunner.run("compile", model.toString(), "-o", rtl.toString(),
        "--preset", "norse", "--board", "icebreaker", "--freq", "40", "--baud", "1000000");
    assertEquals(0, c.exitCode(), c.err());
    assertTrue(c.out().contains("fits: yes"), c.out());
    Path out = dir.resolve("out");
    CliRunner.Outcome o = CliRunner.run("synth", rtl.toString(), "--board", "icebreaker",
        "--out", out.toString());
    System.out.println(c.out() + o.out());
    assertEquals(0, o.exitCode(), o.out() + o.err());
    JsonNode r = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertEquals(39.75, r.get("core_mhz").asDouble(), 1e-9, "the PLL's 40 MHz setting");
    assertTrue(r.get("timing_met").asBoolean(), r.toString());
    double fmax = r.get("fmax_mhz").get("core_clk_i").asDouble();
    assertTrue(fmax >= 39.75, "Fmax " + fmax);
    // The figure is nextpnr's own: the last "Max frequency" line of its log.
    String log = Files.readString(out.resolve(r.get("logs").get("nextpnr").asText()));
    Matcher m = Pattern.compile("Max frequency for clock 'core_clk_i': ([0-9.]+) MHz")
        .matcher(log);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    assertEquals(Double.parseDouble(last), fmax, 0.005, "report vs nextpnr log");
    assertTrue(Files.size(out.resolve("design.bin")) > 100_000, "an UP5K bitstream");
    // When more than one placement seed ran, the note names the one kept with the report's
    // Fmax, and every seed before it missed timing; no other seed's files are left.
    for (JsonNode n : r.get("notes")) {
      Matcher kept = Pattern.compile("^placement: nextpnr seed (\\d+) kept; tried (.*) \\(")
          .matcher(n.asText());
      if (!kept.find()) {
        continue;
      }
      int seed = Integer.parseInt(kept.group(1));
      String[] tried = kept.group(2).split(", ");
      assertEquals(seed, tried.length, n.asText());
      for (int s = 1; s <= seed; s++) {
        Matcher f = Pattern.compile("seed " + s + " ([0-9.]+) MHz").matcher(tried[s - 1]);
        assertTrue(f.matches(), tried[s - 1]);
        double mhz = Double.parseDouble(f.group(1));
        if (s < seed) {
          assertTrue(mhz < 39.75, n.asText());
        } else {
          assertEquals(fmax, mhz, 0.005, n.asText());
        }
      }
    }
    try (var files = Files.list(out)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().contains("seed")),
          "files of seeds not kept");
    }
  }
}
