package org.nirfpga.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.hdf5.NirReader;

/**
 * The Verilated RTL is bit-exact with the golden model, step by step and neuron by neuron, and
 * planted faults are caught and located.
 */
@Tag("verilator")
class CosimIT {
  @TempDir
  Path tmp;

  @ParameterizedTest(name = "preset {0}")
  @ValueSource(strings = {"norse", "snntorch"})
  void mlpExampleIsBitExactOnItsSampleAndOnSeededRandomSpikes(String preset) throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("mlp").orElseThrow();
    Rtl.Design d = Rtl.generate("mlp", e.graph(), preset);
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println)) {
      CosimResult r = run(tb, d, e.sampleInput(), Testbench.Options.defaults());
      assertEquals(Optional.empty(), r.divergence().map(Divergence::describe));
      assertEquals(200, r.stepsRun());
      assertTrue(spikes(r) > 10, "the sample must make the output spike: " + spikes(r));
      tb.reset();
      double[][] x = Rtl.spikes(42, 100, 16, 0.5);
      CosimResult random = run(tb, d, x, Testbench.Options.defaults());
      assertTrue(random.bitExact(), random.summary());
    }
  }

  @Test
  void measuredCyclesPerStepLieWithinTheCycleModelsBounds() throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("mlp").orElseThrow();
    Rtl.Design d = Rtl.generate("mlp", e.graph(), "norse");
    double[][] x = e.sampleInput();
    GoldenResult g = d.golden(x);
    GoldenModel gm = GoldenModel.create(d.graph(), d.config(), d.contract());
    Map<String, double[][]> in = Map.of("input", x);
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println)) {
      CosimResult r = tb.run(x, g, Testbench.Options.defaults(), t -> { });
      CyclePrediction p = new CyclePrediction(tb.manifest(), gm, in, g);
      long exactLow = 0;
      // Step 0 also waits for the layers' initialization after reset.
      for (int t = 1; t < x.length; t++) {
        long[] b = p.bounds(t);
        long c = r.cyclesPerStep()[t];
        assertTrue(b[0] <= c && c <= b[1], "step " + t + ": " + c + " cycles, model ["
            + b[0] + ", " + b[1] + "]");
        exactLow += c == b[0] ? 1 : 0;
      }
      System.out.println("cycle model: every step within its bounds, " + exactLow + " of "
          + (x.length - 1) + " at the lower bound");
      // A model that charges 5 cycles per weight word instead of 4 must miss some step.
      Manifest m = tb.manifest();
      com.fasterxml.jackson.databind.node.ObjectNode json = m.json().deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("cycle_model").get("constants"))
          .put("per_weight_word", 5);
      Manifest planted = new Manifest(m.dir(), m.top(), m.source(), m.clock(), m.resetN(),
          m.input(), m.output(), m.debug(), m.layers(), json);
      CyclePrediction wrong = new CyclePrediction(planted, gm, in, g);
      int outside = 0;
      for (int t = 1; t < x.length; t++) {
        long[] b = wrong.bounds(t);
        long c = r.cyclesPerStep()[t];
        outside += c < b[0] || c > b[1] ? 1 : 0;
      }
      assertTrue(outside > 0, "a wrong weight-word cost must put steps outside the bounds");
    }
  }

  @Test
  void lifExampleIsBitExactOnSeededRandomSpikes() throws Exception {
    Rtl.requireTools();
    Rtl.Design d = Rtl.generate("lif", Examples.named("lif").orElseThrow().graph(), "norse");
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println)) {
      // Binary input drives v towards r*x = 1 without crossing the threshold 1; the check
      // still covers v on every step.
      double[][] x = Rtl.spikes(7, 300, 1, 0.6);
      CosimResult r = run(tb, d, x, Testbench.Options.defaults());
      assertTrue(r.bitExact(), r.summary());
      long maxV = 0;
      for (long[] v : d.golden(x).layers().get("lif").v()) {
        maxV = Math.max(maxV, v[0]);
      }
      assertTrue(maxV > 0, "the input must move v");
    }
  }

  @Test
  void lifCorpusGraphsAreBitExactOnOracleAndSeededInputs() throws Exception {
    Rtl.requireTools();
    String prop = System.getProperty("nirfpga.shared");
    Path shared = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
    Path data = shared.resolve("nir-data");
    if (!Files.isDirectory(data)) {
      System.out.println("SKIPPED: shared corpus absent (looked at " + data.toAbsolutePath()
          + ")");
    }
    assumeTrue(Files.isDirectory(data), "shared corpus absent");
    List<Path> files;
    try (Stream<Path> s = Files.walk(data)) {
      files = s.filter(f -> f.toString().endsWith(".nir")).sorted().toList();
    }
    Map<String, String> results = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    int n = 0;
    for (Path f : files) {
      String name = data.relativize(f).toString();
      Rtl.Design d;
      try {
        NirGraph g = NirReader.read(f).graph();
        d = Rtl.generate("corpus" + n, g, "norse");
      } catch (NirfpgaException refused) {
        continue;
      }
      n++;
      List<double[][]> inputs = new ArrayList<>();
      inputs.add(Rtl.spikes(name.hashCode(), 60, d.inputSize(), 0.3));
      if (name.endsWith("01_lif/lif_norse.nir")) {
        double[] col = Npy.read(shared.resolve("oracle").resolve("lif_input.npy")).data();
        double[][] oracle = new double[col.length][1];
        for (int t = 0; t < col.length; t++) {
          oracle[t][0] = col[t];
        }
        inputs.add(oracle);
      }
      try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(),
          System.out::println)) {
        for (double[][] x : inputs) {
          tb.reset();
          CosimResult r = run(tb, d, x, Testbench.Options.defaults());
          results.put(name + " (" + x.length + " steps)", r.summary());
          if (!r.bitExact()) {
            failures.add(name + ": " + r.summary());
          }
        }
      }
    }
    results.forEach((k, v) -> System.out.println("  " + k + ": " + v));
    assertEquals(List.of(), failures);
    assertTrue(n >= 8, "only " + n + " corpus graphs generated");
    assertTrue(results.keySet().stream().anyMatch(k -> k.contains("lif_norse.nir (1000 steps)")),
        "the oracle input of lif_norse ran: " + results.keySet());
  }

  @Test
  void aWeightChangedInTheMemoryImageIsLocatedToItsLayerNeuronAndStep() throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("mlp").orElseThrow();
    Rtl.Design d = Rtl.generate("mlp", e.graph(), "norse");
    Path faulty = Rtl.copy(d.dir(), tmp.resolve("faulty"));
    Path image = faulty.resolve("layer_lif1_weights.hex");
    List<String> words = new ArrayList<>(Files.readAllLines(image));
    // Word 0 is input 0's first synapse, {target, weight}: flip a high bit of the weight.
    LayerConstants lif1 = GoldenModel.create(d.graph(), d.config(), d.contract()).constants()
        .get(0);
    int bw = lif1.quant().weight().totalBits();
    long target = lif1.chains().get(0).targets()[0][0];
    long word = Long.parseLong(words.get(0), 16);
    assertEquals(target, word >> bw);
    words.set(0, String.format("%0" + words.get(0).length() + "x", word ^ (1L << (bw - 2))));
    Files.write(image, words);
    double[][] x = new double[5][16];
    x[2][0] = 1;
    try (Testbench good = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println);
        Testbench bad = Testbench.open(faulty, BuildOptions.defaults(), System.out::println)) {
      assertTrue(run(good, d, x, Testbench.Options.defaults()).bitExact());
      CosimResult r = run(bad, d, x, Testbench.Options.defaults());
      Divergence div = r.divergence().orElseThrow();
      System.out.println("planted weight: " + div.describe());
      assertEquals(2, div.timestep());
      assertEquals("lif1", div.layer());
      assertEquals("v", div.variable());
      assertEquals(target, div.neuron(), "the weight's target neuron");
      assertTrue(div.cycle() > 0);
    }
  }

  @Test
  void aThresholdChangedForOneNeuronIsLocatedToThatNeuron() throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("mlp").orElseThrow();
    Rtl.Design d = Rtl.generate("mlp", e.graph(), "norse");
    double[][] x = Rtl.spikes(3, 200, 16, 0.5);
    // The golden side runs a graph where one lif1 neuron whose v rises has a tiny threshold.
    long[][] v = d.golden(x).layers().get("lif1").v();
    int k = risingNeuron(v);
    Map<String, NirNode> nodes = new LinkedHashMap<>(e.graph().nodes());
    LIF lif = (LIF) nodes.get("lif1");
    double[] th = lif.vThreshold().toArray();
    th[k] = 0.01;
    nodes.put("lif1", new LIF(lif.tau(), lif.r(), lif.vLeak(), Tensor.vector(th), lif.vReset(),
        lif.metadata()));
    NirGraph planted = new NirGraph(nodes, e.graph().edges(), e.graph().metadata());
    Rtl.Design golden = new Rtl.Design(planted, d.config(), d.contract(), d.rtl(), d.dir());
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println)) {
      CosimResult r = run(tb, golden, x, Testbench.Options.defaults());
      Divergence div = r.divergence().orElseThrow();
      System.out.println("planted threshold: " + div.describe());
      assertEquals("lif1", div.layer());
      assertEquals(k, div.neuron());
      assertEquals("v", div.variable());
    }
  }

  @Test
  void outputComparisonAloneCatchesAPlantedThresholdAtTheOutputLayer() throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("mlp").orElseThrow();
    Rtl.Design d = Rtl.generate("mlp", e.graph(), "norse");
    Map<String, NirNode> nodes = new LinkedHashMap<>(e.graph().nodes());
    LIF lif = (LIF) nodes.get("lif2");
    double[] th = lif.vThreshold().toArray();
    for (int i = 0; i < th.length; i++) {
      th[i] *= 0.5;
    }
    nodes.put("lif2", new LIF(lif.tau(), lif.r(), lif.vLeak(), Tensor.vector(th), lif.vReset(),
        lif.metadata()));
    NirGraph planted = new NirGraph(nodes, e.graph().edges(), e.graph().metadata());
    Rtl.Design golden = new Rtl.Design(planted, d.config(), d.contract(), d.rtl(), d.dir());
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println)) {
      Testbench.Options noState = new Testbench.Options(1, false, 0, null, 0, 0, true);
      CosimResult r = run(tb, golden, e.sampleInput(), noState);
      Divergence div = r.divergence().orElseThrow();
      assertEquals("lif2", div.layer());
      assertEquals("spikes", div.variable());
    }
  }

  @Test
  void backpressureKeepsTheRunBitExactAndAStuckConsumerIsReportedNotHung() throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("mlp").orElseThrow();
    Rtl.Design d = Rtl.generate("mlp", e.graph(), "norse");
    double[][] x = Rtl.spikes(9, 60, 16, 0.6);
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println)) {
      CosimResult slow = run(tb, d, x, Testbench.Options.defaults().withReadyPeriod(3));
      assertTrue(slow.bitExact(), slow.summary());
      assertTrue(spikes(slow) > 0, "output events must meet the slow consumer");
      tb.reset();
      CosimResult fast = run(tb, d, x, Testbench.Options.defaults());
      assertTrue(slow.cycleStats()[2] > fast.cycleStats()[2], "backpressure costs cycles");
      tb.reset();
      CosimResult stuck = run(tb, d, x, Testbench.Options.defaults().withReadyPeriod(0));
      assertTrue(stuck.stuck().isPresent() && !stuck.bitExact());
      System.out.println("stuck consumer: " + stuck.summary());
      assertTrue(stuck.stuck().get().startsWith("timestep 0: "), stuck.stuck().get());
      assertTrue(stuck.stuck().get().contains("out_ready_i=0"), stuck.stuck().get());
    }
  }

  @Test
  void anInputAddressPastTheInputFailsTheRunOnErrOAndIsDropped() throws Exception {
    Rtl.requireTools();
    // The lif example's input has one element: its 1-bit address field can also say 1.
    Example e = Examples.named("lif").orElseThrow();
    Rtl.Design d = Rtl.generate("lif_err", e.graph(), "norse");
    double[][] x = Rtl.spikes(9, 40, d.inputSize(), 0.5);
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println)) {
      tb.reset();
      CosimResult clean = run(tb, d, x, Testbench.Options.defaults());
      assertEquals(Optional.empty(), clean.divergence().map(Divergence::describe));
      tb.reset();
      Manifest.EventStream in = tb.inputs().get(0);
      // One event at address 1, between steps, straight into the top's input port.
      tb.model().poke(in.port() + "_data_i", 1L << in.events().valueBits());
      tb.model().poke(in.port() + "_valid_i", 1);
      assertEquals(1, tb.model().peek(in.port() + "_ready_o"), "the bad event is taken at once");
      tb.model().tick(1);
      tb.model().poke(in.port() + "_valid_i", 0);
      CosimResult hit = run(tb, d, x, Testbench.Options.defaults());
      // Every step is still bit-exact (the event was dropped); the sticky bit fails the run.
      assertEquals(x.length, hit.stepsRun());
      Divergence div = hit.divergence().orElseThrow();
      assertEquals(x.length - 1, div.timestep());
      assertTrue(div.variable().startsWith("err_o"), div.describe());
      assertEquals(1, div.actual(), div.describe());
    }
  }

  private static CosimResult run(Testbench tb, Rtl.Design d, double[][] x,
      Testbench.Options options) throws Exception {
    GoldenResult g = d.golden(x);
    CosimResult r = tb.run(x, g, options, t -> { });
    double[] c = r.cycleStats();
    System.out.printf("%s: %s; cycles/step min %.0f mean %.1f max %.0f%n", d.rtl().layers()
        .get(0).path(), r.summary(), c[0], c[1], c[2]);
    return r;
  }

  /** The first neuron whose v goes above 0 at some step. */
  private static int risingNeuron(long[][] v) {
    for (int n = 0; n < v[0].length; n++) {
      for (long[] row : v) {
        if (row[n] > 0) {
          return n;
        }
      }
    }
    throw new IllegalStateException("no neuron's v rises");
  }

  private static long spikes(CosimResult r) {
    long n = 0;
    for (long[] row : r.outputs()) {
      for (long s : row) {
        n += s;
      }
    }
    return n;
  }
}
