package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.nir.SharedCorpus;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.data.NpyArray;
import org.nirfpga.nir.data.NpyDtype;
import org.nirfpga.nir.graph.Dims;

class SimulateCommandTest {
  private static Path lifModel() {
    return SharedCorpus.nirData().resolve("neuromorphs_NIR/paper/01_lif/lif_norse.nir");
  }

  private static Path lifInput() {
    return SharedCorpus.oracle().resolve("lif_input.npy");
  }

  private static List<Integer> spikeSteps(Path npy) throws Exception {
    NpyArray a = Npy.read(npy);
    List<Integer> steps = new ArrayList<>();
    double[] d = a.data();
    int n = d.length / a.shape().get(0);
    for (int t = 0; t < a.shape().get(0); t++) {
      for (int i = 0; i < n; i++) {
        if (d[t * n + i] != 0) {
          steps.add(t);
        }
      }
    }
    return steps;
  }

  @Test
  void floatEngineReproducesNorseSpikeTimesOnTheLifTask(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    CliRunner.Outcome o = CliRunner.run("simulate", lifModel().toString(), "--input",
        lifInput().toString(), "--preset", "norse", "--record", "1", "-o", out.toString());
    assertEquals(0, o.exitCode(), o.err());
    assertEquals(List.of(460, 510, 710, 760), spikeSteps(out.resolve("1.npy")));
    assertTrue(Files.exists(out.resolve("1.v.npy")));
    String report = Files.readString(out.resolve("report.json"));
    assertTrue(report.contains("\"preset\": \"norse\""), report);
    try (var s = Files.list(dir)) {
      assertEquals(1, s.count(), "no staging folder left behind");
    }
  }

  @Test
  void fixedEngineWritesOutputsConfigAndSaturationReport(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    CliRunner.Outcome o = CliRunner.run("simulate", lifModel().toString(), "--input",
        lifInput().toString(), "--preset", "norse", "--engine", "fixed", "--record", "1",
        "-o", out.toString());
    assertEquals(0, o.exitCode(), o.err());
    assertEquals(List.of(460, 510, 710, 760), spikeSteps(out.resolve("1.npy")));
    assertTrue(o.out().contains("spikes 1.0000 agree"), o.out());
    String report = Files.readString(out.resolve("report.json"));
    assertTrue(report.contains("\"engine\": \"fixed\"") && report.contains("\"saturation\""),
        report);
    assertTrue(Files.readString(out.resolve("quant.json")).contains("nirfpga-quant"));
  }

  @Test
  void quantizedConfigRoundTripsThroughTheFixedEngine(@TempDir Path dir) {
    Path q = dir.resolve("q.json");
    CliRunner.Outcome quant = CliRunner.run("quantize", lifModel().toString(), "--input",
        lifInput().toString(), "--preset", "norse", "-o", q.toString());
    assertEquals(0, quant.exitCode(), quant.err());
    assertTrue(quant.out().contains("agree"), quant.out());
    CliRunner.Outcome sim = CliRunner.run("simulate", lifModel().toString(), "--input",
        lifInput().toString(), "--preset", "norse", "--engine", "fixed", "--quant", q.toString(),
        "-o", dir.resolve("out").toString());
    assertEquals(0, sim.exitCode(), sim.err());
  }

  @Test
  void editedConfigWithABadFieldIsAOneLineError(@TempDir Path dir) throws Exception {
    Path q = dir.resolve("q.json");
    assertEquals(0, CliRunner.run("quantize", lifModel().toString(), "-o", q.toString())
        .exitCode());
    Files.writeString(q, Files.readString(q).replaceFirst("\"bits\" *: *\\d+", "\"bits\": 70"));
    CliRunner.Outcome o = CliRunner.run("simulate", lifModel().toString(), "--input",
        lifInput().toString(), "--engine", "fixed", "--quant", q.toString(),
        "-o", dir.resolve("out").toString());
    assertEquals(Main.EXIT_USER_ERROR, o.exitCode(), o.out());
    assertTrue(o.err().contains("q.json") && o.err().contains("70"), o.err());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void wrongShapedInputNamesExpectedAndActualShape(@TempDir Path dir) throws Exception {
    Path x = dir.resolve("x.npy");
    Npy.write(x, new NpyArray(Dims.of(10, 3), NpyDtype.FLOAT32, new double[30]));
    CliRunner.Outcome o = CliRunner.run("simulate", lifModel().toString(), "--input",
        x.toString(), "-o", dir.resolve("out").toString());
    assertEquals(Main.EXIT_USER_ERROR, o.exitCode());
    assertTrue(o.err().contains("(10, 3)") && o.err().contains("x.npy"), o.err());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void badDtAndUnknownPresetAreUserErrors(@TempDir Path dir) {
    CliRunner.Outcome dt = CliRunner.run("simulate", lifModel().toString(), "--input",
        lifInput().toString(), "--dt", "-1", "-o", dir.resolve("o").toString());
    assertEquals(Main.EXIT_USER_ERROR, dt.exitCode());
    assertTrue(dt.err().contains("--dt -1.0"), dt.err());
    CliRunner.Outcome preset = CliRunner.run("simulate", lifModel().toString(), "--input",
        lifInput().toString(), "--preset", "brian", "-o", dir.resolve("o").toString());
    assertEquals(Main.EXIT_USER_ERROR, preset.exitCode());
    assertTrue(preset.err().contains("unknown preset 'brian'"), preset.err());
  }
}
