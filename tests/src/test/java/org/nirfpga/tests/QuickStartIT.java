package org.nirfpga.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.nir.SharedCorpus;

/** The README's quick start through the real launcher script, as a user runs it. */
class QuickStartIT {
  record Run(int exitCode, String out, String err) {}

  static Path checkout() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("nirfpga"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no nirfpga launcher above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  static Run nirfpga(Path workDir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(checkout().resolve("nirfpga").toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("nirfpga", ".out");
    Path err = Files.createTempFile("nirfpga", ".err");
    Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("nirfpga " + String.join(" ", args) + " did not finish");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void demoRunsEndToEndThroughTheLauncherAndIsBitExact(@TempDir Path dir) throws Exception {
    requireTools("verilator", "g++");
    Run r = nirfpga(dir, "demo");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("[9/9] writing the raster plot and the report"), r.out());
    assertTrue(r.out().contains("bit-exact (RTL vs golden model): yes"), r.out());
    assertTrue(r.out().contains("report: demo-out/report.json"), r.out());
    assertTrue(Files.readString(dir.resolve("demo-out/report.json"))
        .contains("\"bitExact\" : true"));
    for (String f : new String[] {"mlp.nir", "reference/output.npy", "rtl/manifest.json",
        "rtl/mlp_top.v", "raster.png"}) {
      assertTrue(Files.isRegularFile(dir.resolve("demo-out").resolve(f)), f);
    }
  }

  /** Skips with a printed reason when a tool is missing, or fails under -Drequire.tools=true. */
  static void requireTools(String... tools) {
    for (String tool : tools) {
      boolean found = false;
      for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        found |= !d.isEmpty() && Files.isExecutable(Path.of(d, tool));
      }
      if (!found) {
        if (Boolean.getBoolean("require.tools")) {
          fail(tool + " not found on PATH but -Drequire.tools=true");
        }
        System.out.println("SKIPPED: " + tool + " not found on PATH (run with"
            + " -Drequire.tools=true to fail instead)");
        Assumptions.abort(tool + " not found on PATH");
      }
    }
  }

  @Test
  void launcherReportsABadFileInOneLineWithExitCodeTwo(@TempDir Path dir) throws Exception {
    Path junk = dir.resolve("junk.nir");
    Files.writeString(junk, "not hdf5");
    Run r = nirfpga(dir, "inspect", junk.toString());
    assertEquals(2, r.exitCode());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("nirfpga: junk.nir"), r.err());
  }

  @Test
  void exampleThenSimulateThroughTheLauncher(@TempDir Path dir) throws Exception {
    assertEquals(0, nirfpga(dir, "example", "mlp", "-o", "mlp.nir", "--input", "x.npy")
        .exitCode());
    Run sim = nirfpga(dir, "simulate", "mlp.nir", "--input", "x.npy", "--record", "lif1,lif2",
        "-o", "out");
    assertEquals(0, sim.exitCode(), sim.err());
    assertTrue(Files.isRegularFile(dir.resolve("out/lif2.npy")));
    assertTrue(Files.readString(dir.resolve("out/report.json")).contains("\"lif2\""));
  }

  @Test
  void inspectJsonOnTheNirPapersCnn(@TempDir Path dir) throws Exception {
    Path cnn = SharedCorpus.nirData().resolve("neuromorphs_NIR/paper/02_cnn/cnn_sinabs.nir");
    Run r = nirfpga(dir, "inspect", "--json", cnn.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("\"type\" : \"Conv2d\""), r.out());
  }
}
