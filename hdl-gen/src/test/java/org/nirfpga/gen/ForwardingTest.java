package org.nirfpga.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nirfpga.fixed.EventRange;
import org.nirfpga.fixed.FixedFormat;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.fixed.LayerQuant;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.IF;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.ref.Contract;

/**
 * The synapse pipeline takes the next event with the last word of a row, so the next event's
 * first word reads its accumulator in the cycle the last word writes it; the write is forwarded.
 * A layer of one neuron has rows of one word, all with target 0, so every event that follows
 * another at once meets that hazard.
 */
class ForwardingTest {

  /** Input(8) -> Linear 1x8 -> IF(1) -> Output: every row one word, target 0. */
  static NirGraph oneNeuron() {
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(8), null));
    nodes.put("fc", new Linear(Tensor.of(new int[] {1, 8},
        0.25, -0.125, 0.5, 0.0625, -0.25, 0.375, 0.125, -0.0625), null));
    nodes.put("if1", new IF(Tensor.vector(1.0), Tensor.vector(1.0), Tensor.vector(0.0), null));
    nodes.put("out", new Output(Dims.of(1), null));
    return new NirGraph(nodes, List.of(new Edge("in", "fc"), new Edge("fc", "if1"),
        new Edge("if1", "out")));
  }

  static LanesTest.Case named(String name) throws Exception {
    switch (name) {
      case "spikes":
        return new LanesTest.Case(oneNeuron(), Contract.nir(),
            Map.of("in", Graphs.spikes(81, 40, 8, 0.7)));
      case "graded": {
        // Input counts 0..4 multiply the weights: each word must keep its own event's count.
        SplittableRandom r = new SplittableRandom(82);
        double[][] x = new double[40][8];
        for (double[] row : x) {
          for (int j = 0; j < row.length; j++) {
            row[j] = r.nextInt(4) == 0 ? 0 : r.nextInt(5);
          }
        }
        return new LanesTest.Case(oneNeuron(), Contract.nir(), Map.of("in", x),
            QuantOptions.defaults(Contract.nir()).withInputEvents(new EventRange(0, 4)));
      }
      default:
        throw new IllegalArgumentException(name);
    }
  }

  private static GeneratedPipeline generate(LanesTest.Case k, QuantConfig q, Set<String> pingPong)
      throws Exception {
    return PipelineGenerator.generate(k.graph(), q, k.contract(), "g.nir", "g_top", Map.of(),
        pingPong, Set.of());
  }

  /** The pipeline with layer {@code node}'s forwarding removed (a planted fault). */
  private static GeneratedPipeline withoutForwarding(String node, LanesTest.Case k, QuantConfig q,
      Set<String> pingPong) throws Exception {
    System.setProperty(LayerEngine.TEST_FAULT_FORWARD, node);
    try {
      return generate(k, q, pingPong);
    } finally {
      System.clearProperty(LayerEngine.TEST_FAULT_FORWARD);
    }
  }

  @ParameterizedTest(name = "{0}, ping-pong {1}")
  @CsvSource({"spikes, false", "spikes, true", "graded, false"})
  void theLastWriteReachesTheNextEventsFirstWordAndItsAbsenceIsCaught(String name,
      boolean pingPong) throws Exception {
    LanesTest.Case k = named(name);
    QuantConfig q = k.quant();
    GoldenModel gm = GoldenModel.create(k.graph(), q, k.contract());
    GoldenResult golden = gm.run(k.inputs());
    LayerConstants last = gm.constants().get(gm.constants().size() - 1);
    assertEquals(1, last.threshold().length);
    Set<String> pp = pingPong ? Graphs.everyLayer(gm) : Set.of();
    GeneratedPipeline good = generate(k, q, pp);
    assertEquals(Optional.empty(),
        RtlVsGolden.firstDifference(good, golden, k.inputs(), true));
    if (!pingPong) {
      // Events back to back at one word each: the replay's overlap is the simulator's, and the
      // step's least bound counts it.
      int steps = golden.steps();
      long[] measured = CycleModelTest.measuredCycles(good, k.inputs(), steps);
      CycleModel model = CycleModel.of(gm, Map.of());
      List<CycleModel.Step> events = model.steps(k.inputs(), golden);
      assertArrayEquals(measured, model.replay(events, CycleModel.Host.STREAMING));
      for (int t = 1; t < steps; t++) {
        long[] b = model.bounds(events, t);
        assertTrue(b[0] <= measured[t] && measured[t] <= b[1], "step " + t + ": "
            + measured[t] + " cycles outside [" + b[0] + ", " + b[1] + "]");
      }
    }

    GeneratedPipeline faulty = withoutForwarding(last.path(), k, q, pp);
    Optional<String> d = RtlVsGolden.firstDifference(faulty, golden, k.inputs(), true);
    assertTrue(d.isPresent(), "a pipeline without forwarding matched the golden model");
    assertTrue(d.get().contains(last.path()), d.get());
  }

  @ParameterizedTest(name = "ping-pong {0}")
  @CsvSource({"false", "true"})
  void aForwardedSumSaturatesAndIsCountedAsTheGoldenModelDoes(boolean pingPong)
      throws Exception {
    // An accumulator as wide as a weight clamps often, also on sums formed from a forwarded
    // write.
    LanesTest.Case k = named("spikes");
    QuantConfig q = k.quant();
    LayerQuant lq = q.layers().get("if1");
    int frac = lq.accumulator().fracBits();
    q = q.withLayer("if1", lq.withAccumulator(new FixedFormat(lq.weight().totalBits(), frac)));
    GoldenResult golden = GoldenModel.create(k.graph(), q, k.contract()).run(k.inputs());
    assertTrue(golden.saturation().getOrDefault("if1.acc", 0L) > 20,
        golden.saturation().toString());
    Set<String> pp = pingPong ? Set.of("if1") : Set.of();
    assertEquals(Optional.empty(),
        RtlVsGolden.firstDifference(generate(k, q, pp), golden, k.inputs(), true));
    GeneratedPipeline faulty = withoutForwarding("if1", k, q, pp);
    assertTrue(RtlVsGolden.firstDifference(faulty, golden, k.inputs(), true).isPresent());
  }
}
