package org.nirfpga.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nirfpga.fixed.EventRange;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.ref.Contract;

/**
 * Layers split over lanes ({@link LanedLayer}) stay bit-exact with the golden model on every
 * kind of layer and graph, emit in ascending address order, take fewer cycles, and the cycle
 * model's replay still equals the cycles the simulator counts, inside the bounds.
 */
class LanesTest {

  /** A graph, its contract, its inputs by Input node and the options it is quantized with. */
  record Case(NirGraph graph, Contract contract, Map<String, double[][]> inputs,
      QuantOptions options) {
    Case(NirGraph graph, Contract contract, Map<String, double[][]> inputs) {
      this(graph, contract, inputs, QuantOptions.defaults(contract));
    }

    QuantConfig quant() throws NirfpgaException {
      return Quantizer.quantize(graph, options);
    }
  }

  static Case named(String name) throws Exception {
    switch (name) {
      case "mlp":
        return new Case(Examples.named("mlp").orElseThrow().graph(), Contract.nir(),
            Map.of("input", Graphs.spikes(61, 30, 16, 0.3)));
      case "rsnn":
        return new Case(Examples.named("rsnn").orElseThrow().graph(), Contract.norse(),
            Map.of("input", Arrays.copyOf(Examples.named("rsnn").orElseThrow().sampleInput(),
                12)));
      case "cnn":
        return new Case(Examples.named("cnn").orElseThrow().graph(), Contract.nir(),
            Map.of("input", Arrays.copyOf(Examples.named("cnn").orElseThrow().sampleInput(),
                3)));
      case "three":
        return new Case(Graphs.threeLayers(), Contract.norse(),
            Map.of("in", Graphs.spikes(62, 40, 5, 0.5)));
      case "readout":
        return new Case(Graphs.readout("LI"), Contract.nir(),
            Map.of("in", Graphs.spikes(63, 40, 4, 0.5)));
      case "cuba":
        return new Case(Graphs.cuba(true), Contract.norse(),
            Map.of("in", Graphs.spikes(64, 40, 4, 0.5)));
      case "multiSpike":
        return new Case(Graphs.twoIfLayers(), Contract.preset("sinabs"),
            Map.of("in", Graphs.spikes(65, 40, 4, 0.6)));
      case "threshold":
        return new Case(Graphs.lastLayer("Threshold"), Contract.nir(),
            Map.of("in", Graphs.spikes(66, 40, 4, 0.6)));
      case "fan":
        return new Case(TestGraphs.fan(), Contract.nir(),
            Map.of("in1", Graphs.spikes(67, 30, 4, 0.5), "in2", Graphs.spikes(68, 30, 3, 0.5)));
      case "recurrent":
        return new Case(GraphStructureTest.recurrentGraph(), Contract.nir(),
            Map.of("in", Graphs.spikes(69, 40, 3, 0.4)));
      case "graded": {
        // Input counts 0..4 multiply the weights.
        SplittableRandom r = new SplittableRandom(72);
        double[][] x = new double[40][5];
        for (double[] row : x) {
          for (int j = 0; j < row.length; j++) {
            row[j] = r.nextInt(6) < 3 ? 0 : r.nextInt(5);
          }
        }
        return new Case(Graphs.threeLayers(), Contract.norse(), Map.of("in", x),
            QuantOptions.defaults(Contract.norse()).withInputEvents(new EventRange(0, 4)));
      }
      case "lateBias":
        return new Case(GraphStructureTest.lateBiasGraph(), Contract.nir(),
            Map.of("in", Graphs.spikes(50, 40, 3, 0.3)));
      case "delay":
        return new Case(GraphStructureTest.delayGraph(0, 1e-4, 3e-4), Contract.nir(),
            Map.of("in", Graphs.spikes(70, 40, 3, 0.4)));
      default:
        throw new IllegalArgumentException(name);
    }
  }

  /** Every layer at {@code lanes}, or at the largest power of two its neurons allow. */
  private static Map<String, Integer> everyLayer(GoldenModel gm, int lanes) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (LayerConstants c : gm.constants()) {
      int l = lanes;
      while (l > c.threshold().length) {
        l /= 2;
      }
      out.put(c.path(), l);
    }
    return out;
  }

  /** Cycles of every step of the pipeline in the simulator. */
  private static long[] measured(GeneratedPipeline p, Map<String, double[][]> x, int steps) {
    return CycleModelTest.measuredCycles(p, x, steps);
  }

  @ParameterizedTest(name = "{0}, {1} lanes")
  @CsvSource({"mlp, 2", "mlp, 4", "rsnn, 2", "cnn, 4", "three, 2", "readout, 2", "cuba, 4",
      "multiSpike, 2", "threshold, 2", "fan, 2", "recurrent, 2", "delay, 2", "graded, 2"})
  void lanedLayersAreBitExactAndTheReplayEqualsTheSimulatorsCycles(String name, int lanes)
      throws Exception {
    Case k = named(name);
    QuantConfig q = k.quant();
    GoldenModel gm = GoldenModel.create(k.graph(), q, k.contract());
    GoldenResult golden = gm.run(k.inputs());
    Map<String, Integer> split = everyLayer(gm, lanes);
    GeneratedPipeline p = PipelineGenerator.generate(k.graph(), q, k.contract(), "g.nir",
        "g_top", split);
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(p, golden, k.inputs(), true),
        name + " with lanes " + split);

    int steps = golden.steps();
    long[] laned = measured(p, k.inputs(), steps);
    CycleModel model = CycleModel.of(gm, split);
    List<CycleModel.Step> events = model.steps(k.inputs(), golden);
    assertArrayEquals(laned, model.replay(events, CycleModel.Host.STREAMING),
        name + ": measured vs replayed cycles per step");
    for (int t = 1; t < steps; t++) {
      long[] b = model.bounds(events, t);
      assertTrue(b[0] <= laned[t] && laned[t] <= b[1], name + " step " + t + ": " + laned[t]
          + " cycles outside the bounds [" + b[0] + ", " + b[1] + "]");
    }
    GeneratedPipeline one = PipelineGenerator.generate(k.graph(), q, k.contract(), "g.nir",
        "g_top");
    long[] single = measured(one, k.inputs(), steps);
    long a = Arrays.stream(single).sum();
    long b = Arrays.stream(laned).sum();
    System.out.printf("%s: %s lanes %s: %.1f cycles/step, one lane %.1f (%.2fx)%n", name,
        lanes, split.values(), b / (double) steps, a / (double) steps, a / (double) b);
    assertTrue(b <= a, name + ": " + b + " cycles with lanes, " + a + " without");
  }

  @Test
  void lanesOfAConvolutionAreFasterThanOneLane() throws Exception {
    Case k = named("cnn");
    QuantConfig q = k.quant();
    GoldenModel gm = GoldenModel.create(k.graph(), q, k.contract());
    int steps = k.inputs().get("input").length;
    long one = Arrays.stream(measured(PipelineGenerator.generate(k.graph(), q, k.contract(),
        "g.nir", "g_top"), k.inputs(), steps)).sum();
    long four = Arrays.stream(measured(PipelineGenerator.generate(k.graph(), q, k.contract(),
        "g.nir", "g_top", everyLayer(gm, 4)), k.inputs(), steps)).sum();
    // The convolution's neurons and words spread evenly: well under half the cycles.
    assertTrue(four * 2 < one, "4 lanes: " + four + " cycles, 1 lane: " + one);
  }

  @Test
  void aMergeThatIgnoresTheOtherLanesBreaksTheAddressOrderAndIsCaught() throws Exception {
    Case k = named("mlp");
    QuantConfig q = k.quant();
    GoldenModel gm = GoldenModel.create(k.graph(), q, k.contract());
    Map<String, Integer> split = everyLayer(gm, 4);
    String last = gm.constants().get(gm.constants().size() - 1).path();
    // Dense input, so that several lanes of the output layer hold events at once.
    double[][] x = Graphs.spikes(71, 20, 16, 0.7);
    GoldenResult golden = gm.run(Map.of("input", x));
    System.setProperty(LanedLayer.TEST_FAULT_MERGE, last);
    GeneratedPipeline faulty;
    try {
      faulty = PipelineGenerator.generate(k.graph(), q, k.contract(), "g.nir", "g_top", split);
    } finally {
      System.clearProperty(LanedLayer.TEST_FAULT_MERGE);
    }
    // A slow consumer lets the lanes' buffers fill, so lanes hold events of different rows.
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> RtlVsGolden.firstDifference(new PipelineSimulation(faulty).throttleOutputs(3),
            golden, Map.of("input", x), false));
    assertTrue(e.getMessage().contains("ascending address order"), e.getMessage());
    GeneratedPipeline good = PipelineGenerator.generate(k.graph(), q, k.contract(), "g.nir",
        "g_top", split);
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(
        new PipelineSimulation(good).throttleOutputs(3), golden, Map.of("input", x), false));
  }

  @Test
  void theLanesOfALayerTogetherHoldEveryWordAndParameterOnce() throws Exception {
    Case k = named("cuba");
    QuantConfig q = k.quant();
    LayerConstants c = GoldenModel.create(k.graph(), q, k.contract()).constants().get(0);
    int n = c.threshold().length;
    int lanes = 4;
    int[] sizes = new int[lanes];
    long[] thresholds = new long[n];
    int words = 0;
    for (int l = 0; l < lanes; l++) {
      LayerConstants s = Lanes.slice(c, lanes, l);
      sizes[l] = s.threshold().length;
      for (int i = 0; i < sizes[l]; i++) {
        thresholds[i * lanes + l] = s.threshold()[i];
      }
      for (int j = 0; j < s.chains().get(0).targets().length; j++) {
        int[] t = s.chains().get(0).targets()[j];
        for (int e = 0; e < t.length; e++) {
          // Lane l's word for local neuron t[e] is the original row's word for t[e]*lanes + l.
          int global = t[e] * lanes + l;
          int at = indexOf(c.chains().get(0).targets()[j], global);
          assertTrue(at >= 0, "lane " + l + " row " + j + " targets " + global);
          assertEquals(c.chains().get(0).weights()[j][at], s.chains().get(0).weights()[j][e]);
          words++;
        }
      }
    }
    assertArrayEquals(new int[] {2, 1, 1, 1}, sizes);
    assertArrayEquals(c.threshold(), thresholds);
    int all = 0;
    for (long[] row : c.chains().get(0).weights()) {
      all += row.length;
    }
    assertEquals(all, words);
  }

  private static int indexOf(int[] a, int x) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == x) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void lanesThatAreNoPowerOfTwoOrExceedTheNeuronsOrNameNoLayerAreRefused() throws Exception {
    Case k = named("cuba");
    QuantConfig q = k.quant();
    NirfpgaException three = assertThrows(NirfpgaException.class,
        () -> PipelineGenerator.generate(k.graph(), q, k.contract(), "g.nir", "g_top",
            Map.of("lif1", 3)));
    assertEquals("g.nir: node 'lif1' (CubaLIF): 3 lanes; a layer takes a power of two up to 4"
        + " (at most 16 and no more than its 5 neurons)", three.getMessage());
    NirfpgaException many = assertThrows(NirfpgaException.class,
        () -> PipelineGenerator.generate(k.graph(), q, k.contract(), "g.nir", "g_top",
            Map.of("ro", 4)));
    assertTrue(many.getMessage().startsWith("g.nir: node 'ro' (CubaLI): 4 lanes;"),
        many.getMessage());
    NirfpgaException none = assertThrows(NirfpgaException.class,
        () -> PipelineGenerator.generate(k.graph(), q, k.contract(), "g.nir", "g_top",
            Map.of("w1", 2)));
    assertEquals("g.nir: lanes for 'w1', which is no neuron node of the graph; its layers are"
        + " lif1, ro", none.getMessage());
  }

  @Test
  void theManifestNamesEachLayersLanesAndTheCycleModelCountsTheLargestLane()
      throws Exception {
    Case k = named("cuba");
    QuantConfig q = k.quant();
    GeneratedPipeline p = PipelineGenerator.generate(k.graph(), q, k.contract(), "g.nir",
        "g_top", Map.of("lif1", 4));
    JsonNode m = new ObjectMapper().readTree(p.manifestJson());
    assertEquals(4, m.path("layers").get(0).path("lanes").asInt());
    assertEquals(1, m.path("layers").get(1).path("lanes").asInt());
    JsonNode cm = m.path("cycle_model").path("layers").get(0);
    assertEquals(4, cm.path("lanes").asInt());
    // 2*E + 1*W + (ceil(5 / 4) = 2 neurons + 13 + 1 cycle of the merge's buffer)
    assertEquals("2*E + 1*W + 16", cm.path("formula").asText());
  }
}
