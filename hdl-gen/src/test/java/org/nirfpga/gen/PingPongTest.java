package org.nirfpga.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.nir.NirfpgaException;

/**
 * Layers with ping-pong accumulators stay bit-exact with the golden model whether the host sends
 * a step after the outputs' markers of the one before or streams the steps back to back; in the
 * second case a layer scatters step t + 1 while it scans step t, which takes fewer cycles, and
 * the cycle model's replay equals the cycles the simulator counts in both cases.
 */
class PingPongTest {

  /** Every step's input codes of {@code x}, as the host sends them (spikes and counts). */
  static List<Map<String, long[]>> codes(Map<String, double[][]> x) {
    int steps = x.values().iterator().next().length;
    List<Map<String, long[]>> out = new ArrayList<>();
    for (int t = 0; t < steps; t++) {
      Map<String, long[]> codes = new LinkedHashMap<>();
      for (Map.Entry<String, double[][]> e : x.entrySet()) {
        long[] row = new long[e.getValue()[t].length];
        for (int j = 0; j < row.length; j++) {
          row[j] = (long) e.getValue()[t][j];
        }
        codes.put(e.getKey(), row);
      }
      out.add(codes);
    }
    return out;
  }

  /** Cycles of every step with the steps sent back to back, from reset. */
  static long[] backToBackCycles(GeneratedPipeline p, Map<String, double[][]> x) {
    return new PipelineSimulation(p).backToBack(codes(x)).cycles();
  }

  @ParameterizedTest(name = "{0}, {1} lanes")
  @CsvSource({"mlp, 1", "mlp, 2", "rsnn, 1", "cnn, 1", "three, 1", "readout, 1", "cuba, 1",
      "multiSpike, 1", "threshold, 1", "fan, 1", "recurrent, 1", "delay, 1", "graded, 1",
      "lateBias, 1", "rsnn, 2"})
  void twoBanksAreBitExactAndTheReplayEqualsTheSimulatorsCycles(String name, int lanes)
      throws Exception {
    LanesTest.Case k = LanesTest.named(name);
    QuantConfig q = k.quant();
    GoldenModel gm = GoldenModel.create(k.graph(), q, k.contract());
    GoldenResult golden = gm.run(k.inputs());
    Set<String> banks = Graphs.everyLayer(gm);
    Map<String, Integer> split = new LinkedHashMap<>();
    for (LayerConstants c : gm.constants()) {
      split.put(c.path(), Math.min(lanes, Integer.highestOneBit(c.threshold().length)));
    }
    GeneratedPipeline p = PipelineGenerator.generate(k.graph(), q, k.contract(), "g.nir",
        "g_top", split, banks);
    GeneratedPipeline one = PipelineGenerator.generate(k.graph(), q, k.contract(), "g.nir",
        "g_top", split);
    CycleModel model = CycleModel.of(gm, split, banks);
    CycleModel oneModel = CycleModel.of(gm, split);
    List<CycleModel.Step> events = model.steps(k.inputs(), golden);
    int steps = golden.steps();

    // A step at a time: bit-exact in outputs and in every layer's state after every step.
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(p, golden, k.inputs(), true),
        name + ", a step at a time");
    long[] byStep = CycleModelTest.measuredCycles(p, k.inputs(), steps);
    assertArrayEquals(byStep, model.replay(events, CycleModel.Host.STREAMING),
        name + ": measured vs replayed cycles per step, a step at a time");
    for (int t = 1; t < steps; t++) {
      long[] b = model.bounds(events, t);
      assertTrue(b[0] <= byStep[t] && byStep[t] <= b[1], name + " step " + t + ": "
          + byStep[t] + " cycles outside the bounds [" + b[0] + ", " + b[1] + "]");
    }

    // A step at a time, two banks gain little: the next step comes after the outputs' markers.
    long[] byStepOne = oneModel.replay(events, CycleModel.Host.STREAMING);
    long stepOne = Arrays.stream(byStepOne).skip(1).sum();
    long stepTwo = Arrays.stream(byStep).skip(1).sum();
    System.out.printf("%s, %d lanes, a step at a time: two banks %.1f cycles/step, one bank"
        + " %.1f%n", name, lanes, stepTwo / (double) (steps - 1), stepOne / (double) (steps - 1));
    assertTrue(stepTwo <= stepOne, name + ": " + stepTwo + " cycles a step at a time with two"
        + " banks, " + stepOne + " with one");

    // Back to back: bit-exact, and the replay of either design equals its cycles.
    assertEquals(Optional.empty(), RtlVsGolden.firstDifferenceBackToBack(
        new PipelineSimulation(p), golden, k.inputs()), name + ", back to back");
    long[] streamed = backToBackCycles(p, k.inputs());
    assertArrayEquals(streamed, model.replay(events, CycleModel.Host.BACK_TO_BACK),
        name + ": measured vs replayed cycles per step, back to back");
    long[] oneBank = backToBackCycles(one, k.inputs());
    assertArrayEquals(oneBank, oneModel.replay(events, CycleModel.Host.BACK_TO_BACK),
        name + ", one bank: measured vs replayed cycles per step, back to back");
    // Step 0 includes the reset's fill, which two banks take twice.
    long a = Arrays.stream(oneBank).skip(1).sum();
    long b = Arrays.stream(streamed).skip(1).sum();
    System.out.printf("%s, %d lanes, back to back: two banks %.1f cycles/step, one bank %.1f"
        + " (%.2fx)%n", name, lanes, b / (double) (steps - 1), a / (double) (steps - 1),
        a / (double) b);
    assertTrue(b <= a, name + ": " + b + " cycles with two banks, " + a + " with one");
  }

  @Test
  void twoBanksOverlapTheScatterWithTheScanWhenTheHostStreams() throws Exception {
    LanesTest.Case k = LanesTest.named("mlp");
    QuantConfig q = k.quant();
    GoldenModel gm = GoldenModel.create(k.graph(), q, k.contract());
    long one = Arrays.stream(backToBackCycles(PipelineGenerator.generate(k.graph(), q,
        k.contract(), "g.nir", "g_top"), k.inputs())).skip(1).sum();
    long two = Arrays.stream(backToBackCycles(PipelineGenerator.generate(k.graph(), q,
        k.contract(), "g.nir", "g_top", Map.of(), Graphs.everyLayer(gm)), k.inputs())).skip(1).sum();
    // The mlp's first layer scatters about as long as its neurons take to scan: overlapping
    // them saves a good share of every step.
    assertTrue(two * 5 < one * 4, "two banks: " + two + " cycles, one bank: " + one);
  }

  @Test
  void theManifestNamesTheLayersWithTwoBanksAndTheirMemory() throws Exception {
    LanesTest.Case k = LanesTest.named("three");
    QuantConfig q = k.quant();
    GoldenModel gm = GoldenModel.create(k.graph(), q, k.contract());
    String first = gm.constants().get(0).path();
    GeneratedPipeline p = PipelineGenerator.generate(k.graph(), q, k.contract(), "g.nir",
        "g_top", Map.of(), Set.of(first));
    JsonNode layers = new ObjectMapper().readTree(p.manifestJson()).path("layers");
    assertTrue(layers.get(0).path("ping_pong").asBoolean(), layers.get(0).toString());
    assertTrue(layers.get(1).path("ping_pong").isMissingNode(), layers.get(1).toString());
    assertEquals(2 * layers.get(0).path("memory_bits").path("preload").asLong(),
        layers.get(0).path("memory_bits").path("acc").asLong());
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> PipelineGenerator.generate(k.graph(), q, k.contract(), "g.nir", "g_top",
            Map.of(), Set.of("nope")));
    assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains(first),
        e.getMessage());
  }

  @Test
  void aScanOfTheSynapseEnginesBankIsCaughtEitherWay() throws Exception {
    LanesTest.Case k = LanesTest.named("mlp");
    QuantConfig q = k.quant();
    GoldenModel gm = GoldenModel.create(k.graph(), q, k.contract());
    GoldenResult golden = gm.run(k.inputs());
    String first = gm.constants().get(0).path();
    System.setProperty(LayerEngine.TEST_FAULT_BANK, first);
    GeneratedPipeline faulty;
    try {
      faulty = PipelineGenerator.generate(k.graph(), q, k.contract(), "g.nir", "g_top",
          Map.of(), Graphs.everyLayer(gm));
    } finally {
      System.clearProperty(LayerEngine.TEST_FAULT_BANK);
    }
    Optional<String> d = RtlVsGolden.firstDifference(faulty, golden, k.inputs(), true);
    assertTrue(d.isPresent() && d.get().contains("layer '" + first + "'"), d.toString());
    d = RtlVsGolden.firstDifferenceBackToBack(new PipelineSimulation(faulty), golden,
        k.inputs());
    assertTrue(d.isPresent() && d.get().startsWith("step "), d.toString());
  }

  /**
   * The replay's back-to-back runs take the path where a layer's next marker waits for its scan:
   * were it never taken, the tests above would not show that the wait is modelled right.
   */
  @Test
  void streamingMakesALayerWaitForItsScan() throws Exception {
    LanesTest.Case k = LanesTest.named("three");
    QuantConfig q = k.quant();
    GoldenModel gm = GoldenModel.create(k.graph(), q, k.contract());
    GoldenResult golden = gm.run(k.inputs());
    CycleModel model = CycleModel.of(gm, Map.of(), Graphs.everyLayer(gm));
    HandshakeReplay r = new HandshakeReplay(model, model.steps(k.inputs(), golden),
        CycleModel.Host.BACK_TO_BACK, true);
    r.run();
    assertTrue(r.waits() > 0, "no layer waited for its scan");
  }
}
