package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.data.NpyArray;

/** {@code nirfpga cosim} end to end: a bit-exact run, a planted fault, a bad input. */
@Tag("verilator")
class CosimCommandIT {
  @TempDir
  Path tmp;

  @Test
  void mlpExampleIsBitExactAndAPlantedWeightFaultExitsOneWithItsLocation() throws Exception {
    requireVerilator();
    Path nir = tmp.resolve("mlp.nir");
    Path x = tmp.resolve("x.npy");
    assertEquals(0, CliRunner.run("example", "mlp", "-o", nir.toString(), "--input",
        x.toString()).exitCode());
    Path out = tmp.resolve("run");
    Path vcd = tmp.resolve("mlp.vcd");
    Path png = tmp.resolve("raster.png");
    CliRunner.Outcome ok = CliRunner.run("cosim", nir.toString(), "--input", x.toString(),
        "--preset", "norse", "--steps", "50", "--trace", vcd.toString(), "--trace-steps", "2:3",
        "--plot", png.toString(), "--out", out.toString());
    System.out.println(ok.out() + ok.err());
    assertEquals(0, ok.exitCode(), ok.err());
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertTrue(report.get("bitExact").asBoolean());
    assertEquals(50, report.get("stepsRun").asInt());
    assertTrue(report.get("firstDivergence").isNull());
    assertTrue(report.at("/cyclesPerTimestep/min").asLong() > 0);
    assertEquals(49, report.at("/cyclesPerTimestep/predicted/stepsChecked").asInt());
    assertEquals(49, report.at("/cyclesPerTimestep/predicted/stepsWithin").asInt());
    // A chain of layers: the cycle model's replay predicts every step's cycles exactly.
    assertEquals(50, report.at("/cyclesPerTimestep/predicted/exact/stepsEqual").asInt());
    assertEquals(1.0, report.at("/cyclesPerTimestep/predicted/exact/measuredOverPredicted")
        .asDouble(), 0.0);
    assertTrue(ok.out().contains("cycle model replay: mean "), ok.out());
    assertTrue(report.at("/fixedVsFloat/outputs/0/countAgreement").isNumber());
    assertTrue(Files.isRegularFile(out.resolve("rtl_lif2.npy")));
    assertTrue(Files.readString(vcd).contains("$enddefinitions"));
    byte[] pngBytes = Files.readAllBytes(png);
    assertTrue(pngBytes.length > 1000 && pngBytes[1] == 'P' && pngBytes[2] == 'N'
        && pngBytes[3] == 'G');
    assertEquals(420, javax.imageio.ImageIO.read(png.toFile()).getHeight(),
        "one output, one row");

    // The same RTL folder with its weights changed, beside its graph.
    Path faulty = withWeightBitFlipped(out.resolve("rtl"), "layer_lif1_weights.hex");
    Path out2 = tmp.resolve("run2");
    CliRunner.Outcome bad = CliRunner.run("cosim", faulty.toString(), "--input", x.toString(),
        "--steps", "50", "--out", out2.toString());
    System.out.println(bad.out());
    assertEquals(1, bad.exitCode(), bad.err());
    JsonNode rep2 = new ObjectMapper().readTree(out2.resolve("report.json").toFile());
    assertEquals(false, rep2.get("bitExact").asBoolean());
    assertEquals("lif1", rep2.at("/firstDivergence/layer").asText());
    assertEquals("v", rep2.at("/firstDivergence/variable").asText());
    assertTrue(bad.out().contains("DIVERGES at timestep "), bad.out());
  }

  @Test
  void aTwoInputTwoOutputGraphIsBitExactAndAFaultInTheSecondChainIsNamed() throws Exception {
    requireVerilator();
    Path nir = FanGraph.write(tmp.resolve("fan.nir"));
    Path a = FanGraph.spikes(tmp.resolve("a.npy"), 41, 40, 4, 0.5);
    Path b = FanGraph.spikes(tmp.resolve("b.npy"), 42, 40, 3, 0.5);
    Path out = tmp.resolve("fan");
    Path png = tmp.resolve("fan.png");
    Path fst = tmp.resolve("fan.fst");
    CliRunner.Outcome ok = CliRunner.run("cosim", nir.toString(), "--input", "in1=" + a,
        "--input", "in2=" + b, "--preset", "nir", "--plot", png.toString(), "--trace",
        fst.toString(), "--trace-steps", "1:3", "--out", out.toString());
    System.out.println(ok.out() + ok.err());
    assertEquals(0, ok.exitCode(), ok.err());
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertTrue(report.get("bitExact").asBoolean());
    assertEquals(40, report.get("stepsRun").asInt());
    assertEquals("rtl_oc.npy", report.at("/outputFiles/oc").asText());
    assertEquals("rtl_oa.npy", report.at("/outputFiles/oa").asText());
    assertEquals(2, report.at("/fixedVsFloat/outputs").size());
    for (String node : List.of("oc", "oa")) {
      NpyArray rtl = Npy.read(out.resolve("rtl_" + node + ".npy"));
      assertEquals(40, rtl.shape().toArray()[0], node);
    }
    // One row of two charts (reference, RTL) per output stream: both outputs are drawn.
    java.awt.image.BufferedImage image2 = javax.imageio.ImageIO.read(png.toFile());
    assertEquals(2 * 640, image2.getWidth());
    assertEquals(2 * 420, image2.getHeight(), "two rows of charts");
    byte[] wave = Files.readAllBytes(fst);
    // An FST starts with its header block (tag 0), not with VCD text.
    assertTrue(wave.length > 330 && wave[0] == 0, wave.length + " bytes");

    Path faulty = tmp.resolve("faulty");
    Files.createDirectories(faulty);
    try (Stream<Path> s = Files.list(out.resolve("rtl"))) {
      for (Path f : s.toList()) {
        Files.copy(f, faulty.resolve(f.getFileName()));
      }
    }
    Files.copy(nir, faulty.resolve("fan.nir"));
    Path image = faulty.resolve("layer_b_weights.hex");
    List<String> words = new ArrayList<>(Files.readAllLines(image));
    long w = Long.parseLong(words.get(0), 16);
    words.set(0, String.format("%0" + words.get(0).length() + "x", w ^ 0x40));
    Files.write(image, words);
    Path out2 = tmp.resolve("fan2");
    CliRunner.Outcome bad = CliRunner.run("cosim", faulty.toString(), "--input", "in1=" + a,
        "--input", "in2=" + b, "--out", out2.toString());
    System.out.println(bad.out());
    assertEquals(1, bad.exitCode(), bad.err());
    JsonNode rep2 = new ObjectMapper().readTree(out2.resolve("report.json").toFile());
    assertEquals("b", rep2.at("/firstDivergence/layer").asText());
    assertEquals("v", rep2.at("/firstDivergence/variable").asText());
  }

  @Test
  void weightsInSpramAreLoadedAndBitExactAndAWrongOrDamagedImageIsCaught() throws Exception {
    requireVerilator();
    Path nir = tmp.resolve("mlp.nir");
    Path x = example("mlp", nir);
    Path out = tmp.resolve("run");
    CliRunner.Outcome ok = CliRunner.run("cosim", nir.toString(), "--input", x.toString(),
        "--steps", "40", "--spram", "all", "--out", out.toString());
    assertEquals(0, ok.exitCode(), ok.out() + ok.err());
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertTrue(report.get("bitExact").asBoolean(), report.toString());
    // The image goes in during the power-on reset: step 0 costs what the cycle model says.
    assertEquals(40, report.at("/cyclesPerTimestep/predicted/exact/stepsEqual").asInt(),
        report.toString());

    // Planted fault: the same folder with bit 6 of every image word flipped.
    List<String> words = Files.readAllLines(out.resolve("rtl/weights_spram.hex"));
    Path faulty = withWeightBitFlipped(out.resolve("rtl"), "weights_spram.hex");
    Path image = faulty.resolve("weights_spram.hex");
    CliRunner.Outcome bad = CliRunner.run("cosim", faulty.toString(), "--input", x.toString(),
        "--steps", "40", "--out", tmp.resolve("run2").toString());
    assertEquals(1, bad.exitCode(), bad.out() + bad.err());
    assertTrue(bad.out().contains("DIVERGES at timestep "), bad.out());

    // A damaged line is a one-line error naming the file and the line.
    words = new ArrayList<>(words);
    words.set(2, "zz");
    Files.write(image, words);
    CliRunner.Outcome damaged = CliRunner.run("cosim", faulty.toString(), "--input",
        x.toString(), "--steps", "4", "--out", tmp.resolve("run3").toString());
    assertEquals(2, damaged.exitCode(), damaged.out() + damaged.err());
    assertEquals(1, damaged.err().strip().lines().count(), damaged.err());
    assertTrue(damaged.err().contains(image + ": line 3: 'zz' is not a hex word of "),
        damaged.err());
  }

  @Test
  void aRecurrentGraphIsReplayedExactlyAndWithinItsBounds() throws Exception {
    requireVerilator();
    Path nir = tmp.resolve("rsnn.nir");
    Path x = example("rsnn", nir);
    Path out = tmp.resolve("run");
    CliRunner.Outcome ok = CliRunner.run("cosim", nir.toString(), "--input", x.toString(),
        "--steps", "12", "--out", out.toString());
    assertEquals(0, ok.exitCode(), ok.out() + ok.err());
    JsonNode predicted = new ObjectMapper().readTree(out.resolve("report.json").toFile())
        .at("/cyclesPerTimestep/predicted");
    assertEquals(12, predicted.at("/exact/stepsEqual").asInt(), predicted.toString());
    assertEquals(0, predicted.at("/exact/largestDifference").asInt(), predicted.toString());
    assertEquals(11, predicted.path("stepsWithin").asInt(), predicted.toString());
    assertTrue(ok.out().contains("12 of 12 steps exact"), ok.out());
  }

  @Test
  void aRecurrentGraphWithTwoBanksStreamedBackToBackIsBitExactAndReplayedExactly()
      throws Exception {
    requireVerilator();
    Path nir = tmp.resolve("rsnn.nir");
    Path x = example("rsnn", nir);
    Path out = tmp.resolve("run");
    CliRunner.Outcome ok = CliRunner.run("cosim", nir.toString(), "--input", x.toString(),
        "--steps", "30", "--ping-pong", "all", "--back-to-back", "--out", out.toString());
    assertEquals(0, ok.exitCode(), ok.out() + ok.err());
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertTrue(report.get("bitExact").asBoolean(), report.toString());
    assertEquals(30, report.at("/cyclesPerTimestep/predicted/exact/stepsEqual").asInt(),
        report.toString());
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("rtl/manifest.json").toFile());
    assertTrue(manifest.at("/layers/0/ping_pong").asBoolean(), manifest.toString());
    CliRunner.Outcome traced = CliRunner.run("cosim", nir.toString(), "--input", x.toString(),
        "--back-to-back", "--trace", tmp.resolve("w.vcd").toString(), "--out",
        tmp.resolve("t").toString());
    assertEquals(2, traced.exitCode(), traced.out() + traced.err());
    assertEquals("nirfpga: --back-to-back --trace: a waveform is taken a step at a"
        + " time; leave out one of them", traced.err().strip());
  }

  @Test
  void theLifExamplesRealValuedRampIsCoSimulatedBitExactWithFractionalCodes() throws Exception {
    requireVerilator();
    Path nir = tmp.resolve("lif.nir");
    Path x = tmp.resolve("ramp.npy");
    assertEquals(0, CliRunner.run("example", "lif", "-o", nir.toString(), "--input",
        x.toString()).exitCode());
    Path out = tmp.resolve("lif-cosim");
    CliRunner.Outcome ok = CliRunner.run("cosim", nir.toString(), "--input", x.toString(),
        "--out", out.toString());
    assertEquals(0, ok.exitCode(), ok.out() + ok.err());
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertTrue(report.get("bitExact").asBoolean());
    assertEquals(400, report.get("stepsRun").asInt());
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("rtl/manifest.json").toFile());
    assertEquals(16, manifest.at("/events/input/value_frac_bits").asInt(), manifest.toString());
  }

  @Test
  void anInputOfTheWrongShapeExitsTwoWithOneLine() throws Exception {
    requireVerilator();
    Path nir = tmp.resolve("lif.nir");
    assertEquals(0, CliRunner.run("example", "mlp", "-o", nir.toString()).exitCode());
    Path x = tmp.resolve("x.npy");
    assertEquals(0, CliRunner.run("example", "lif", "-o", tmp.resolve("l.nir").toString(),
        "--input", x.toString()).exitCode());
    CliRunner.Outcome r = CliRunner.run("cosim", nir.toString(), "--input", x.toString(),
        "--out", tmp.resolve("o").toString());
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  /** Writes the rsnn example to {@code nir} and its sample input beside it; returns that. */
  /**
   * A copy of RTL folder {@code rtl} in {@code tmp/faulty} with bit 6 (a weight bit) of every
   * word of its memory image {@code hex} flipped.
   */
  private Path withWeightBitFlipped(Path rtl, String hex) throws IOException {
    Path faulty = tmp.resolve("faulty");
    Files.createDirectories(faulty);
    try (Stream<Path> s = Files.list(rtl)) {
      for (Path f : s.toList()) {
        Files.copy(f, faulty.resolve(f.getFileName()));
      }
    }
    Path image = faulty.resolve(hex);
    List<String> words = new ArrayList<>();
    for (String w : Files.readAllLines(image)) {
      words.add(String.format("%0" + w.length() + "x", Long.parseLong(w, 16) ^ 0x40));
    }
    Files.write(image, words);
    return faulty;
  }

  /** Writes built-in example {@code name} to {@code nir} and its sample input beside it. */
  private Path example(String name, Path nir) {
    Path x = tmp.resolve(name + ".npy");
    assertEquals(0, CliRunner.run("example", name, "-o", nir.toString(), "--input",
        x.toString()).exitCode());
    return x;
  }

  private static void requireVerilator() {
    for (String tool : new String[] {"verilator", "g++"}) {
      boolean found = false;
      for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        found |= !d.isEmpty() && Files.isExecutable(Path.of(d, tool));
      }
      if (!found) {
        if (Boolean.getBoolean("require.tools")) {
          fail(tool + " not found on PATH but -Drequire.tools=true");
        }
        System.out.println("SKIPPED: " + tool + " not found on PATH");
        Assumptions.abort(tool + " not found on PATH");
      }
    }
  }
}
