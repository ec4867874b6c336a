package org.nirfpga.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerTrace;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.hdf5.NirReader;
import org.nirfpga.nir.ref.Contract;

/**
 * Bit-exactness over the shapes of network the generator supports — the committed rtl-out
 * examples, the paper graphs of the shared corpus on the oracle inputs, every preset, graded
 * events, recurrence, fan-in and a full FIFO — and a planted address fault located.
 */
@Tag("verilator")
class CosimCoverageIT {
  private static final String[] PRESETS = {"nir", "norse", "snntorch", "sinabs"};

  @TempDir
  Path tmp;

  @ParameterizedTest(name = "rtl-out/{0}")
  @ValueSource(strings = {"lif", "mlp", "rsnn", "cnn"})
  void theCommittedRtlOutFolderIsBitExactOnItsSampleAndOnSeededSpikes(String name)
      throws Exception {
    Rtl.requireTools();
    Path dir = Path.of("..", "rtl-out", name).toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(dir.resolve(Manifest.FILE)), dir + " is missing");
    Example e = Examples.named(name).orElseThrow();
    QuantConfig q = QuantConfig.fromJson(Files.readString(dir.resolve("quant.json")),
        dir.resolve("quant.json").toString());
    // rtl-out is compiled under the nir preset (rtl-out/README.md).
    Rtl.Design d = new Rtl.Design(e.graph(), q, Contract.preset("nir"), null, dir);
    List<double[][]> inputs = new ArrayList<>();
    int n = e.sampleInput()[0].length;
    if (binary(e.sampleInput())) {
      inputs.add(e.sampleInput());
    }
    inputs.add(Rtl.spikes(name.hashCode(), 40, n, 0.4));
    try (Testbench tb = Testbench.open(dir, BuildOptions.defaults(), System.out::println)) {
      for (double[][] x : inputs) {
        tb.reset();
        CosimResult r = run(tb, d, name, x);
        assertTrue(r.bitExact(), name + ": " + r.summary());
        assertEquals(x.length, r.stepsRun());
      }
    }
  }

  // The nir preset is the committed rtl-out folders' (above).
  @ParameterizedTest(name = "preset {0}")
  @ValueSource(strings = {"norse", "snntorch", "sinabs"})
  void everyExampleIsBitExactUnderThePreset(String preset) throws Exception {
    Rtl.requireTools();
    List<String> failures = new ArrayList<>();
    for (String name : Examples.names()) {
      Example e = Examples.named(name).orElseThrow();
      Rtl.Design d = Rtl.generate(name, e.graph(), preset, null);
      double[][] x = Rtl.spikes(preset.hashCode() + name.hashCode(), 30, d.inputSize(), 0.4);
      try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(),
          System.out::println)) {
        CosimResult r = run(tb, d, name + "/" + preset, x);
        if (!r.bitExact()) {
          failures.add(name + ": " + r.summary());
        }
      }
    }
    assertEquals(List.of(), failures);
  }

  @ParameterizedTest(name = "preset {0}")
  @ValueSource(strings = {"nir", "norse", "snntorch", "sinabs"})
  void lifNorseIsBitExactOnTheOracleInputAndSeededSpikes(String preset) throws Exception {
    Rtl.requireTools();
    Path shared = Rtl.shared();
    NirGraph g = NirReader.read(shared.resolve(
        "nir-data/neuromorphs_NIR/paper/01_lif/lif_norse.nir")).graph();
    Rtl.Design d = Rtl.generate("lif_norse", g, preset);
    double[] col = Npy.read(shared.resolve("oracle/lif_input.npy")).data();
    double[][] oracle = new double[col.length][1];
    for (int t = 0; t < col.length; t++) {
      oracle[t][0] = col[t];
    }
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println)) {
      for (double[][] x : List.of(oracle, Rtl.spikes(11, 200, 1, 0.3))) {
        tb.reset();
        CosimResult r = run(tb, d, "lif_norse/" + preset, x);
        assertTrue(r.bitExact(), r.summary());
      }
      assertTrue(d.golden(oracle).layers().values().stream()
          .mapToLong(LayerTrace::spikeCount).sum() > 0, "the oracle input must make it spike");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"braille_noDelay_bias_zero", "braille_noDelay_noBias_subtract"})
  void brailleIsBitExactOnBothOracleInputsAndSeededSpikesUnderEveryPreset(String graph)
      throws Exception {
    Rtl.requireTools();
    Path shared = Rtl.shared();
    NirGraph g = NirReader.read(shared.resolve(
        "nir-data/neuromorphs_NIR/paper/03_rnn/" + graph + ".nir")).graph();
    List<double[][]> inputs = new ArrayList<>();
    for (int seed = 0; seed < 2; seed++) {
      inputs.add(Npy.read(shared.resolve("oracle/braille_input_seed" + seed + ".npy")).rows());
    }
    inputs.add(Rtl.spikes(graph.hashCode(), 100, 12, 0.2));
    List<String> failures = new ArrayList<>();
    for (String preset : PRESETS) {
      Rtl.Design d = Rtl.generate(graph, g, preset);
      assertTrue(d.rtl().layers().stream().anyMatch(l -> l.path().equals("lif1.lif")));
      try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(),
          System.out::println)) {
        assertTrue(tb.manifest().layers().stream().allMatch(Manifest.Layer::hasCurrent),
            "every Braille layer is CubaLIF, so I is compared too");
        for (double[][] x : inputs) {
          tb.reset();
          CosimResult r = run(tb, d, graph + "/" + preset, x);
          if (!r.bitExact()) {
            failures.add(preset + ": " + r.summary());
          }
        }
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void cnnSinabsIsBitExactOnTheOracleSampleAndSeededCountsUnderEveryPreset() throws Exception {
    Rtl.requireTools();
    Path shared = Rtl.shared();
    NirGraph g = NirReader.read(shared.resolve(
        "nir-data/neuromorphs_NIR/paper/02_cnn/cnn_sinabs.nir")).graph();
    double[][] sample = Npy.read(shared.resolve("oracle/cnn_input_sample.npy")).rows();
    // Sparse seeded spikes: dense input costs about a million cycles per step.
    double[][] random = Rtl.spikes(5, 2, sample[0].length, 0.05);
    // The sample's event counts (0-8) are graded events; its range covers the random spikes.
    List<String> failures = new ArrayList<>();
    for (String preset : PRESETS) {
      // Under sinabs every IF is Sinabs' multi-spike IF: each layer's spike counts multiply the
      // next layer's weights.
      Rtl.Design d = Rtl.generate("cnn_sinabs", g, preset, sample);
      try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(),
          System.out::println)) {
        assertTrue(tb.manifest().input().valueBits() > 0, "graded input events");
        for (double[][] x : List.of(sample, random)) {
          tb.reset();
          CosimResult r = run(tb, d, "cnn_sinabs/" + preset, x);
          if (!r.bitExact()) {
            failures.add(preset + ": " + r.summary());
          }
        }
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void anOffByOneRowAddressInOneLayerIsLocatedToThatLayer() throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("mlp").orElseThrow();
    Rtl.Design d;
    System.setProperty("nirfpga.test.fault.row-address", "lif2");
    try {
      d = Rtl.generate("mlp_addr_fault", e.graph(), "norse");
    } finally {
      System.clearProperty("nirfpga.test.fault.row-address");
    }
    Rtl.Design good = Rtl.generate("mlp_addr_good", e.graph(), "norse");
    try (Testbench bad = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println);
        Testbench ok = Testbench.open(good.dir(), BuildOptions.defaults(),
            System.out::println)) {
      CosimResult fine = run(ok, good, "mlp", e.sampleInput());
      assertTrue(fine.bitExact(), fine.summary());
      CosimResult r = run(bad, d, "mlp with lif2's row address + 1", e.sampleInput());
      Divergence div = r.divergence().orElseThrow();
      System.out.println("planted address fault: " + div.describe());
      assertEquals("lif2", div.layer(), "lif1 is untouched, the fault is in lif2's synapses");
      assertEquals("v", div.variable());
      // lif2 first receives events the step lif1 first spikes.
      int firstSpike = firstSpikeStep(good.golden(e.sampleInput()).layers().get("lif1"));
      assertEquals(firstSpike, div.timestep());
    }
  }

  @Test
  void gradedInputEventsAreBitExact() throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("mlp").orElseThrow();
    double[][] x = Rtl.counts(21, 60, 16, -2, 3);
    Rtl.Design d = Rtl.generate("mlp_graded", e.graph(), "norse", x);
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println)) {
      assertTrue(tb.manifest().input().valueBits() >= 3, "signed counts need a value field");
      CosimResult r = run(tb, d, "mlp graded", x);
      assertTrue(r.bitExact(), r.summary());
      assertTrue(d.golden(x).layers().get("lif2").spikeCount() > 0, "the output must spike");
    }
  }

  @Test
  void theRecurrentCubaLayersCurrentIsReadAndMatchesTheGoldenModel() throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("rsnn").orElseThrow();
    Rtl.Design d = Rtl.generate("rsnn", e.graph(), "snntorch");
    double[][] x = e.sampleInput();
    GoldenResult g = d.golden(x);
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println)) {
      CosimResult r = tb.run(x, g, Testbench.Options.defaults(), t -> { });
      assertTrue(r.bitExact(), r.summary());
      Manifest.Layer lif = tb.manifest().layers().get(0);
      assertEquals("lif", lif.node());
      long[] i = tb.readI(lif);
      long[] v = tb.readV(lif);
      LayerTrace tr = g.layers().get("lif");
      assertEquals(toList(tr.current()[x.length - 1]), toList(i));
      assertNotEquals(toList(v), toList(i), "dbg_var_i = 1 must select I, not v");
      assertTrue(tr.spikeCount() > 0, "the recurrent edge must carry spikes");
      boolean recurrent = false;
      for (var l : tb.manifest().json().path("events").path("links")) {
        recurrent |= l.path("from").asText().equals("lif") && l.path("to").asText().equals("lif")
            && l.path("lag").asInt() == 1;
      }
      assertTrue(recurrent, "lif feeds itself one step later");
    }
  }

  @Test
  void fanInFromTwoSynapseBlocksIsBitExact() throws Exception {
    Rtl.requireTools();
    Example mlp = Examples.named("mlp").orElseThrow();
    Map<String, NirNode> nodes = new LinkedHashMap<>(mlp.graph().nodes());
    // A skip connection: lif2 sums fc2(lif1) and fc_skip(input).
    double[] w = new double[4 * 16];
    for (int k = 0; k < w.length; k++) {
      w[k] = ((k * 7) % 9 - 4) / 16.0;
    }
    nodes.put("fc_skip", new Affine(Tensor.of(new int[] {4, 16}, w),
        Tensor.full(new int[] {4}, 0.0), null));
    List<Edge> edges = new ArrayList<>(mlp.graph().edges());
    edges.add(new Edge("input", "fc_skip"));
    edges.add(new Edge("fc_skip", "lif2"));
    NirGraph g = new NirGraph(nodes, edges, mlp.graph().metadata());
    Rtl.Design d = Rtl.generate("fan_in", g, "norse");
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println)) {
      long links = 0;
      for (var l : tb.manifest().json().path("events").path("links")) {
        links += l.path("to").asText().equals("lif2") ? 1 : 0;
      }
      assertEquals(2, links, "lif2 has two synapse blocks");
      CosimResult r = run(tb, d, "fan-in", mlp.sampleInput());
      assertTrue(r.bitExact(), r.summary());
      tb.reset();
      CosimResult slow = tb.run(mlp.sampleInput(), d.golden(mlp.sampleInput()),
          Testbench.Options.defaults().withReadyPeriod(4), t -> { });
      assertTrue(slow.bitExact(), slow.summary());
    }
  }

  @Test
  void aFifoFilledUnderBackpressureKeepsTheRunBitExact() throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("rsnn").orElseThrow();
    Rtl.Design d = Rtl.generate("rsnn_fifo", e.graph(), "snntorch");
    // Every input spiking on every step, and a consumer ready one cycle in eight.
    double[][] x = Rtl.spikes(1, 12, 8, 1.0);
    Path vcd = tmp.resolve("fifo.vcd");
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults().withTrace(),
        System.out::println)) {
      Testbench.Options o = Testbench.Options.defaults().withReadyPeriod(8)
          .withTrace(vcd, 0, x.length);
      CosimResult r = tb.run(x, d.golden(x), o, t -> { });
      assertTrue(r.bitExact(), r.summary());
      Map<String, Long> capacity = new LinkedHashMap<>();
      for (var l : tb.manifest().json().path("events").path("links")) {
        if (l.path("fifo_words").asInt() > 0) {
          capacity.put("fifo_" + l.path("to").asText() + "_c" + l.path("chain").asInt(),
              l.path("fifo_words").asLong());
        }
      }
      Map<String, Long> peak = new LinkedHashMap<>();
      // Instances are u_<module>.
      Vcd.peaks(vcd, "level_o").forEach((scope, v) -> peak.put(scope.replaceFirst("^u_", ""), v));
      System.out.println("FIFO peak levels " + peak + ", capacities " + capacity);
      List<String> full = new ArrayList<>();
      capacity.forEach((fifo, words) -> {
        if (words.equals(peak.get(fifo))) {
          full.add(fifo);
        }
      });
      assertTrue(capacity.keySet().stream().allMatch(peak::containsKey),
          "every FIFO's level is in the trace: " + peak.keySet());
      // A FIFO at capacity holds its in_ready_o low: its writer is back-pressured.
      assertTrue(!full.isEmpty(), "some FIFO must fill: peaks " + peak + ", capacities "
          + capacity);
    }
  }

  private static CosimResult run(Testbench tb, Rtl.Design d, String what, double[][] x)
      throws NirfpgaException {
    GoldenResult g = d.golden(x);
    CosimResult r = tb.run(x, g, Testbench.Options.defaults(), t -> { });
    double[] c = r.cycleStats();
    System.out.printf("%s (%d steps): %s; cycles/step min %.0f mean %.1f max %.0f%n", what,
        x.length, r.summary(), c[0], c[1], c[2]);
    return r;
  }

  private static boolean binary(double[][] x) {
    for (double[] row : x) {
      for (double v : row) {
        if (v != 0 && v != 1) {
          return false;
        }
      }
    }
    return true;
  }

  private static int firstSpikeStep(LayerTrace tr) {
    for (int t = 0; t < tr.spikes().length; t++) {
      for (int s : tr.spikes()[t]) {
        if (s != 0) {
          return t;
        }
      }
    }
    throw new IllegalStateException(tr.path() + " never spikes");
  }

  private static List<Long> toList(long[] xs) {
    List<Long> out = new ArrayList<>();
    for (long x : xs) {
      out.add(x);
    }
    return out;
  }
}
