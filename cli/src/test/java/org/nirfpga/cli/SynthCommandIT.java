package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.board.ToolRunner;
import org.nirfpga.board.UartEcho;
import org.nirfpga.hdl.emit.VerilogEmitter;

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
}
