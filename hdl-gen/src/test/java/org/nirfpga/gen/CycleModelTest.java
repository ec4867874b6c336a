package org.nirfpga.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.Delay;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LI;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.ref.Contract;

/**
 * The cycle model's prediction equals the cycles the cycle simulator counts, step by step, and the
 * count-only bounds hold them; a wrong constant is caught.
 */
class CycleModelTest {
  private static final int STEPS = 60;

  /** A pipeline, its golden run on random spikes and the model built from its constants. */
  private record Run(GeneratedPipeline pipeline, CycleModel model, GoldenResult golden,
      double[][] input) {}

  private static Run run(String name, double density) throws Exception {
    NirGraph g;
    Contract c = Contract.nir();
    if (name.equals("three")) {
      g = Graphs.threeLayers();
      c = Contract.norse();
    } else if (name.equals("LI")) {
      g = Graphs.readout("LI");
    } else {
      g = Examples.named(name).orElseThrow().graph();
    }
    QuantConfig q = Graphs.quantize(g, c);
    GeneratedPipeline p = PipelineGenerator.generate(g, q, c, name + ".nir", "top");
    GoldenModel golden = GoldenModel.create(g, q, c);
    double[][] x = Graphs.spikes(name.hashCode() + (long) (density * 100), STEPS,
        p.layers().get(0).sourceSize(), density);
    return new Run(p, CycleModel.of(golden.constants()), golden.run(x), x);
  }

  /** Measured cycles of every step, from the simulator's counter. */
  private static long[] measured(Run r) {
    PipelineSimulation sim = new PipelineSimulation(r.pipeline());
    long[] cycles = new long[r.input().length];
    for (int t = 0; t < cycles.length; t++) {
      int[] spikes = new int[r.input()[t].length];
      for (int j = 0; j < spikes.length; j++) {
        spikes[j] = r.input()[t][j] != 0 ? 1 : 0;
      }
      long before = sim.cycles();
      sim.step(spikes);
      cycles[t] = sim.cycles() - before;
    }
    return cycles;
  }

  /** The first step whose predicted cycles differ from the measured ones, or a bound that fails. */
  private static Optional<String> firstMismatch(Run r, CycleModel model, long[] measured) {
    for (int t = 0; t < measured.length; t++) {
      int[] in = CycleModel.inputEvents(r.input()[t]);
      List<int[]> out = model.outputEvents(r.golden(), t);
      long predicted = model.predictStep(in, out, t == 0);
      if (predicted != measured[t]) {
        return Optional.of("step " + t + ": predicted " + predicted + " cycles, measured "
            + measured[t]);
      }
      if (t > 0) {
        List<CycleModel.Counts> counts = model.counts(in, out);
        long lo = model.lowerBound(counts);
        long hi = model.upperBound(counts);
        if (measured[t] < lo || measured[t] > hi) {
          return Optional.of("step " + t + ": measured " + measured[t] + " cycles outside the"
              + " bounds [" + lo + ", " + hi + "] of " + counts);
        }
      }
    }
    return Optional.empty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"lif", "mlp", "three", "LI"})
  void predictionEqualsTheSimulatorsCyclesEveryStep(String name) throws Exception {
    // Sparse input leaves layers idle between events; dense input makes them stall each other.
    double[] densities = name.equals("lif") || name.equals("mlp") ? new double[] {0.15, 0.6}
        : new double[] {0.4};
    for (double density : densities) {
      Run r = run(name, density);
      long[] m = measured(r);
      assertEquals(Optional.empty(), firstMismatch(r, r.model(), m), name + " at " + density);
    }
  }

  @Test
  void wrongConstantsAreCaught() throws Exception {
    Run r = run("mlp", 0.3);
    long[] m = measured(r);
    CycleModel.Costs ok = r.model().costs();
    List<CycleModel.Costs> planted = List.of(
        new CycleModel.Costs(ok.perInputEvent(), ok.perWeightWord() - 1, ok.perNeuron(),
            ok.perOutputEvent(), ok.perStep(), ok.initPerNeuron(), ok.eventOverlap()),
        new CycleModel.Costs(ok.perInputEvent() + 1, ok.perWeightWord(), ok.perNeuron(),
            ok.perOutputEvent(), ok.perStep(), ok.initPerNeuron(), ok.eventOverlap()),
        new CycleModel.Costs(ok.perInputEvent(), ok.perWeightWord(), ok.perNeuron() + 1,
            ok.perOutputEvent(), ok.perStep(), ok.initPerNeuron(), ok.eventOverlap()),
        new CycleModel.Costs(ok.perInputEvent(), ok.perWeightWord(), ok.perNeuron(),
            ok.perOutputEvent() + 1, ok.perStep(), ok.initPerNeuron(), ok.eventOverlap()),
        new CycleModel.Costs(ok.perInputEvent(), ok.perWeightWord(), ok.perNeuron(),
            ok.perOutputEvent(), ok.perStep() + 1, ok.initPerNeuron(), ok.eventOverlap()),
        new CycleModel.Costs(ok.perInputEvent(), ok.perWeightWord(), ok.perNeuron(),
            ok.perOutputEvent(), ok.perStep(), ok.initPerNeuron() + 1, ok.eventOverlap()),
        new CycleModel.Costs(ok.perInputEvent(), ok.perWeightWord(), ok.perNeuron(),
            ok.perOutputEvent(), ok.perStep(), ok.initPerNeuron(), 0));
    List<String> missed = new ArrayList<>();
    for (CycleModel.Costs c : planted) {
      Optional<String> d = firstMismatch(r, r.model().withCosts(c), m);
      if (d.isEmpty()) {
        missed.add(c.toString());
      }
    }
    assertEquals(List.of(), missed);
    // A model that ignores the overlap of layers (serial sum) is caught too.
    long serial = 0;
    long actual = 0;
    for (int t = 1; t < m.length; t++) {
      int[] in = CycleModel.inputEvents(r.input()[t]);
      List<CycleModel.Counts> counts = r.model().counts(in, r.model().outputEvents(r.golden(), t));
      serial += r.model().upperBound(counts);
      actual += m[t];
    }
    assertTrue(serial > actual, "the layers never overlapped: " + serial + " vs " + actual);
  }

  @Test
  void aSingleLayerTakesExactlyItsOwnWork() {
    // Rows of 1 and 2 words, 3 neurons; inputs 0 and 1, neuron 1 spikes. The layer formula:
    // 2 events * 2 + 3 words * 1 (one a cycle through the synapse pipeline) + 3 neurons * 1
    // (one a cycle through the core) + the step's 13 (marker in, 2 cycles for the last
    // accumulator write, the first read, the core's 7 levels, the marker's push, the output
    // buffer) = 23; the spike is pushed in its neuron's retire cycle. Input 1's event is taken
    // with input 0's only word, so the step takes one cycle less: 22.
    CycleModel m = new CycleModel(List.of(new CycleModel.Layer("l", 3, true, new int[] {1, 2})),
        CycleModel.Costs.LAYER_ENGINE);
    List<int[]> out = List.of(new int[] {1});
    List<CycleModel.Counts> counts = m.counts(new int[] {0, 1}, out);
    assertEquals(List.of(new CycleModel.Counts(2, 3, 3, 1)), counts);
    assertEquals(23, m.layerCycles(counts.get(0)));
    assertEquals(22, m.predictStep(new int[] {0, 1}, out, false));
    assertEquals(22, m.lowerBound(counts));
    assertEquals(23, m.upperBound(counts));
    // Input 0 alone: one event, one word, no overlap; the formula is exact.
    List<CycleModel.Counts> one = m.counts(new int[] {0}, out);
    assertEquals(m.layerCycles(one.get(0)), m.predictStep(new int[] {0}, out, false));
    assertEquals(m.lowerBound(one), m.upperBound(one));
    // After reset the layer first spends 2 cycles per neuron initializing.
    assertEquals(28, m.predictStep(new int[] {0, 1}, out, true));
  }

  @Test
  void manifestCarriesTheFormulaPerLayerAndTheConstants() throws Exception {
    Run r = run("mlp", 0.3);
    JsonNode cm = new ObjectMapper().readTree(r.pipeline().manifestJson()).get("cycle_model");
    assertEquals(1, cm.get("constants").get("per_weight_word").asInt());
    assertEquals(2, cm.get("layers").size());
    assertEquals("lif1", cm.get("layers").get(0).get("node").asText());
    // 24 neurons, one a cycle, plus the step's 13; a spike costs no cycle of its own.
    assertEquals("2*E + 1*W + 37", cm.get("layers").get(0).get("formula").asText());
    assertEquals(48, cm.get("reset_cycles").asLong());
  }

  /**
   * Cycles of each of the first {@code steps} steps of {@code x} (by input node, event codes as
   * numbers) in the HDL simulator, from reset.
   */
  static long[] measuredCycles(GeneratedPipeline p, Map<String, double[][]> x, int steps) {
    PipelineSimulation sim = new PipelineSimulation(p);
    long[] cycles = new long[steps];
    List<Map<String, long[]>> codes = PingPongTest.codes(x);
    for (int t = 0; t < steps; t++) {
      long before = sim.cycles();
      sim.step(codes.get(t));
      cycles[t] = sim.cycles() - before;
    }
    return cycles;
  }

  /** Cycles of every step of {@code x} in the HDL simulator, and the replay's prediction. */
  private static long[][] measuredAndReplayed(NirGraph g, Contract c, QuantConfig q,
      Map<String, double[][]> x, CycleModel.Costs costs) throws Exception {
    GeneratedPipeline p = PipelineGenerator.generate(g, q, c, "g.nir", "g_top");
    GoldenModel gm = GoldenModel.create(g, q, c);
    GoldenResult golden = gm.run(x);
    int steps = golden.steps();
    long[] measured = measuredCycles(p, x, steps);
    CycleModel model = CycleModel.of(gm).withCosts(costs);
    List<CycleModel.Step> events = model.steps(x, golden);
    long[] predicted = model.replay(events, CycleModel.Host.STREAMING);
    long[] lower = new long[steps];
    long[] upper = new long[steps];
    for (int t = 1; t < steps; t++) {
      long[] b = model.bounds(events, t);
      lower[t] = b[0];
      upper[t] = b[1];
    }
    return new long[][] {measured, predicted, lower, upper};
  }

  private static Map<String, double[][]> one(double[][] x) {
    return Map.of("in", x);
  }

  /** in(3) -> Linear -> LI(4) -> Delay (1 step) -> Linear -> LIF(3) -> out: graded v delayed. */
  private static NirGraph delayedReadout() {
    SplittableRandom r = new SplittableRandom(51);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(3), null));
    nodes.put("fc", new Linear(GraphStructureTest.grid(r, new int[] {4, 3}), null));
    nodes.put("li", new LI(Tensor.full(new int[] {4}, 2e-3), Tensor.full(new int[] {4}, 10.0),
        Tensor.full(new int[] {4}, 0.0), null));
    nodes.put("d", new Delay(Tensor.full(new int[] {4}, 1e-4), null));
    nodes.put("fc2", new Linear(GraphStructureTest.grid(r, new int[] {3, 4}), null));
    nodes.put("lif", GraphStructureTest.lif(3, 0.25));
    nodes.put("out", new Output(Dims.of(3), null));
    return new NirGraph(nodes, GraphStructureTest.edges("in", "fc", "fc", "li", "li", "d", "d",
        "fc2", "fc2", "lif", "lif", "out"));
  }

  /** in(3) -> Linear -> LIF(6) -> out, with a recurrent Linear onto the output layer itself. */
  private static NirGraph recurrentOutput() {
    SplittableRandom r = new SplittableRandom(24);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(3), null));
    nodes.put("fc", new Linear(GraphStructureTest.grid(r, new int[] {6, 3}), null));
    nodes.put("lif", GraphStructureTest.lif(6, 0.75));
    nodes.put("rec", new Linear(GraphStructureTest.grid(r, new int[] {6, 6}), null));
    nodes.put("out", new Output(Dims.of(6), null));
    return new NirGraph(nodes, GraphStructureTest.edges("in", "fc", "fc", "lif", "lif", "rec",
        "rec", "lif", "lif", "out"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"rsnn", "fan", "delay", "recurrent", "cnn", "delayedReadout",
      "recurrentOutput"})
  void replayEqualsTheSimulatorsCyclesEveryStepOfAnyGraph(String name) throws Exception {
    Contract c = Contract.nir();
    NirGraph g;
    Map<String, double[][]> x;
    if (name.equals("rsnn")) {
      g = Examples.named("rsnn").orElseThrow().graph();
      c = Contract.norse();
      x = Map.of("input", Arrays.copyOf(Examples.named("rsnn").orElseThrow().sampleInput(), 12));
    } else if (name.equals("fan")) {
      g = TestGraphs.fan();
      x = Map.of("in1", Graphs.spikes(41, 30, 4, 0.5), "in2", Graphs.spikes(42, 30, 3, 0.5));
    } else if (name.equals("delay")) {
      g = GraphStructureTest.delayGraph(0, 1e-4, 3e-4);
      x = one(Graphs.spikes(49, 60, 3, 0.4));
    } else if (name.equals("delayedReadout")) {
      g = delayedReadout();
      x = one(Graphs.spikes(52, 40, 3, 0.15));
    } else if (name.equals("recurrentOutput")) {
      g = recurrentOutput();
      x = one(Graphs.spikes(53, 40, 3, 0.4));
    } else if (name.equals("recurrent")) {
      g = GraphStructureTest.recurrentGraph();
      x = one(Graphs.spikes(45, 60, 3, 0.4));
    } else {
      g = Examples.named("cnn").orElseThrow().graph();
      x = Map.of("input", Arrays.copyOf(Examples.named("cnn").orElseThrow().sampleInput(), 3));
    }
    long[][] r = measuredAndReplayed(g, c, Graphs.quantize(g, c), x,
        CycleModel.Costs.LAYER_ENGINE);
    assertArrayEquals(r[0], r[1], name + ": measured vs replayed cycles per step");
    double low = 0;
    double high = 0;
    for (int t = 1; t < r[0].length; t++) {
      assertTrue(r[2][t] <= r[0][t] && r[0][t] <= r[3][t], name + " step " + t + ": "
          + r[0][t] + " cycles outside the bounds [" + r[2][t] + ", " + r[3][t] + "]");
      low += r[2][t] / (double) r[0][t];
      high += r[3][t] / (double) r[0][t];
    }
    System.out.printf("%s: bounds / measured on average %.2f .. %.2f%n", name,
        low / (r[0].length - 1), high / (r[0].length - 1));
  }

  @Test
  void replayOfAGraphWithDelaysCatchesAWrongWeightWordCost() throws Exception {
    NirGraph g = GraphStructureTest.delayGraph(0, 1e-4, 3e-4);
    Contract c = Contract.nir();
    CycleModel.Costs ok = CycleModel.Costs.LAYER_ENGINE;
    CycleModel.Costs wrong = new CycleModel.Costs(ok.perInputEvent(), ok.perWeightWord() + 1,
        ok.perNeuron(), ok.perOutputEvent(), ok.perStep(), ok.initPerNeuron(), ok.eventOverlap());
    long[][] r = measuredAndReplayed(g, c, Graphs.quantize(g, c),
        one(Graphs.spikes(49, 30, 3, 0.4)), wrong);
    assertFalse(Arrays.equals(r[0], r[1]), "a wrong cost must change some step's prediction");
  }

  @Test
  void boundsOfAFanInLayerFollowTheirFormulasAndHoldTheReplay() {
    // Layer l (3 neurons) takes chain 0 from input x (rows of 1 and 2 words) and chain 1 from
    // input y (a row of 3 words): two chains, so both links are FIFOs.
    CycleModel m = new CycleModel(Map.of("x", 2, "y", 1), List.of(new CycleModel.Layer("l", 3,
        true, List.of(new CycleModel.Chain("x", 0, null, new int[] {1, 2}),
            new CycleModel.Chain("y", 0, null, new int[] {3})))), List.of("l"),
        CycleModel.Costs.LAYER_ENGINE);
    assertTrue(m.fifoDepth(0, 0) > 0 && m.fifoDepth(0, 1) > 0);
    CycleModel.Step step = new CycleModel.Step(Map.of("x", new int[] {0, 1}, "y", new int[] {0},
        "l", new int[] {1}));
    List<CycleModel.Step> steps = List.of(step, step);
    long[] b = m.bounds(steps, 1);
    // Least: l scatters both inputs' events, (2 - 1)*3 + 1*6 + 1 = 10 (their markers arrive at
    // 2 + 2 and 1 + 2), then scans 12 + 1*3 = 15 cycles; + 1. Most: 1 + its work 2*3 + 1*6 +
    // 1*3 + 13 = 29, + 2 per FIFO link.
    assertEquals(26, b[0]);
    assertEquals(33, b[1]);
    // The replay: x's first event leaves its FIFO in cycle 2; l takes x's second event in
    // cycle 4 with the first one's word, x's marker in 8 after its two words, y's event in 9
    // and y's marker in 14; neuron 0 retires 11 cycles later, neuron 1's spike is pushed in
    // cycle 26 and the marker in 28, which leaves the output buffer in 29.
    long[] cycles = m.replay(steps, CycleModel.Host.STREAMING);
    assertEquals(30, cycles[1]);
    // A layer fed only by a recurrent chain's events of the step before adds nothing to least.
    CycleModel chain = new CycleModel(List.of(new CycleModel.Layer("l", 3, true,
        new int[] {1, 2})), CycleModel.Costs.LAYER_ENGINE);
    List<int[]> out = List.of(new int[] {1});
    CycleModel.Step one = new CycleModel.Step(Map.of("input", new int[] {0, 1}, "l",
        new int[] {1}));
    assertEquals(chain.lowerBound(chain.counts(new int[] {0, 1}, out)),
        chain.bounds(List.of(one, one), 1)[0]);
    assertEquals(24, chain.bounds(List.of(one, one), 1)[1]);
  }

  @Test
  void boundsCatchAWrongNeuronCost() throws Exception {
    // A quiet step of the cnn example (no input event, so no spike and no stall) sits at the
    // lower bound: a neuron update charged one cycle more puts it below.
    NirGraph g = Examples.named("cnn").orElseThrow().graph();
    Contract c = Contract.nir();
    CycleModel.Costs ok = CycleModel.Costs.LAYER_ENGINE;
    CycleModel.Costs wrong = new CycleModel.Costs(ok.perInputEvent(), ok.perWeightWord(),
        ok.perNeuron() + 1, ok.perOutputEvent(), ok.perStep(), ok.initPerNeuron(), ok.eventOverlap());
    double[][] quiet = new double[3][Examples.named("cnn").orElseThrow().sampleInput()[0].length];
    long[][] r = measuredAndReplayed(g, c, Graphs.quantize(g, c), Map.of("input", quiet), wrong);
    boolean outside = false;
    for (int t = 1; t < r[0].length; t++) {
      outside |= r[0][t] < r[2][t] || r[0][t] > r[3][t];
    }
    assertTrue(outside, "a wrong neuron cost left every step inside the bounds");
  }
}
