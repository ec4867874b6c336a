package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nirfpga demo} on its default example through the co-simulation, and a planted fault. */
@Tag("verilator")
class DemoCommandIT {
  @Test
  void defaultDemoCompilesCosimulatesBitExactAndWritesRtlPlotAndReport(@TempDir Path dir)
      throws Exception {
    requireVerilator();
    Path out = dir.resolve("demo");
    CliRunner.Outcome o = CliRunner.run("demo", "-o", out.toString());
    System.out.println(o.out());
    assertEquals(0, o.exitCode(), o.out() + o.err());
    for (int stage = 1; stage <= 9; stage++) {
      assertTrue(o.out().contains("[" + stage + "/9]"), o.out());
    }
    assertTrue(o.out().contains("bit-exact (RTL vs golden model): yes, 200 of 200 timesteps"),
        o.out());
    assertTrue(o.out().contains("mlp_top: bit-exact over 200 timesteps, "), o.out());
    assertTrue(o.out().contains("199 of 199 steps within"), o.out());
    assertTrue(o.out().contains("fixed vs float: output 'output' spike counts agree"), o.out());
    assertTrue(o.out().contains("report: " + out.resolve("report.json")), o.out());
    assertTrue(!o.out().contains("/." + out.getFileName() + "."), "staging path shown: " + o.out());
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertTrue(report.get("bitExact").asBoolean());
    assertEquals("rtl", report.get("rtl").asText());
    assertEquals("mlp.nir", report.get("model").asText());
    assertEquals(200, report.get("stepsRun").asInt());
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("rtl/manifest.json").toFile());
    assertEquals("mlp_top", manifest.get("top").asText());
    assertTrue(Files.isRegularFile(out.resolve("rtl/mlp_top.v")));
    assertTrue(Files.isRegularFile(out.resolve("rtl/quant.json")));
    assertTrue(Files.isRegularFile(out.resolve("rtl_lif2.npy")));
    byte[] png = Files.readAllBytes(out.resolve("raster.png"));
    assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');

    // A second run replaces the first run's folders and leaves no staging folder behind.
    Path stale = out.resolve("rtl/stale.v");
    Files.writeString(stale, "// from an earlier run\n");
    CliRunner.Outcome again = CliRunner.run("demo", "-o", out.toString());
    assertEquals(0, again.exitCode(), again.out() + again.err());
    assertTrue(Files.isRegularFile(out.resolve("rtl/mlp_top.v")));
    assertTrue(!Files.exists(stale), "the earlier run's file is gone");
    try (var s = Files.list(dir)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".demo.")),
          "no staging folder left beside the output");
    }
  }

  @Test
  void aWeightChangedInTheCompiledRtlExitsOneAndTheSummaryNamesTheDivergence(@TempDir Path dir)
      throws Exception {
    requireVerilator();
    DemoCommand demo = new DemoCommand();
    demo.afterCompile = rtl -> {
      Path image = rtl.resolve("layer_lif1_weights.hex");
      List<String> words = new ArrayList<>(Files.readAllLines(image));
      for (int i = 0; i < words.size(); i++) {
        long w = Long.parseLong(words.get(i), 16);
        words.set(i, String.format("%0" + words.get(i).length() + "x", w ^ 0x40));
      }
      Files.write(image, words);
    };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(demo);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    Path target = dir.resolve("demo");
    assertEquals(CosimCommand.EXIT_MISMATCH, cl.execute("-o", target.toString()),
        out + "\n" + err);
    assertTrue(out.toString().contains("bit-exact (RTL vs golden model): NO, "), out.toString());
    assertTrue(out.toString().contains("DIVERGES at timestep "), out.toString());
    JsonNode report = new ObjectMapper().readTree(target.resolve("report.json").toFile());
    assertFalse(report.get("bitExact").asBoolean());
    assertEquals("lif1", report.at("/firstDivergence/layer").asText());
  }

  private static void requireVerilator() {
    for (String tool : VerilatorSetup.TOOLS) {
      boolean found = false;
      for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        found |= !d.isEmpty() && Files.isExecutable(Path.of(d, tool));
      }
      if (!found) {
        if (Boolean.getBoolean("require.tools")) {
          fail(tool + " not found on PATH but -Drequire.tools=true");
        }
        System.out.println("SKIPPED: " + tool + " not found on PATH (the demo would install it)");
        Assumptions.abort(tool + " not found on PATH");
      }
    }
  }
}
