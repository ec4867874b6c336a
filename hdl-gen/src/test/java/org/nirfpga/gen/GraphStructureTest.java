package org.nirfpga.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.nirfpga.fixed.EventRange;
import org.nirfpga.fixed.FixedFormat;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerQuant;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.AvgPool2d;
import org.nirfpga.nir.graph.Conv1d;
import org.nirfpga.nir.graph.Conv2d;
import org.nirfpga.nir.graph.Delay;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.Flatten;
import org.nirfpga.nir.graph.IF;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LI;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Padding;
import org.nirfpga.nir.graph.Scale;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.ref.Contract;

/**
 * Convolutions, pooling, fan-in, fan-out, several inputs and outputs, recurrent edges and graded
 * events: the generated RTL stays bit-exact with the golden model.
 */
class GraphStructureTest {
  static Tensor grid(SplittableRandom r, int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = (r.nextInt(33) - 12) / 16.0;
    }
    return Tensor.of(shape, w);
  }

  static LIF lif(int n, double threshold) {
    return new LIF(Tensor.full(new int[] {n}, 2e-3), Tensor.full(new int[] {n}, 10.0),
        Tensor.full(new int[] {n}, 0.0), Tensor.full(new int[] {n}, threshold),
        Tensor.full(new int[] {n}, 0.0), null);
  }

  static List<Edge> edges(String... pairs) {
    List<Edge> e = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      e.add(new Edge(pairs[i], pairs[i + 1]));
    }
    return e;
  }

  private static void assertBitExact(NirGraph g, Contract c, QuantConfig q,
      Map<String, double[][]> x, String... mustSpike) throws Exception {
    GeneratedPipeline p = PipelineGenerator.generate(g, q, c, "g.nir", "g_top");
    GoldenResult golden = GoldenModel.create(g, q, c).run(x);
    for (String l : mustSpike) {
      assertTrue(golden.layers().get(l).spikeCount() > 0, l + " must spike");
    }
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(p, golden, x, true));
  }

  @Test
  void cnnExampleWithConvolutionPoolingAndFlattenIsBitExact() throws Exception {
    Example e = Examples.named("cnn").orElseThrow();
    Contract c = Contract.nir();
    QuantConfig q = Graphs.quantize(e.graph(), c);
    double[][] x = Arrays.copyOf(e.sampleInput(), 12);
    GeneratedPipeline p = PipelineGenerator.generate(e.graph(), q, c, "cnn.nir", "cnn_top");
    GoldenResult g = GoldenModel.create(e.graph(), q, c).run(x);
    assertTrue(g.layers().get("if1").spikeCount() > 50, "the conv layer must spike");
    assertTrue(g.layers().get("lif").spikeCount() > 0, "the output layer must spike");
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(p, g, x, false));
    // The CSR tables store the kernel once per output position it reaches: 288 inputs, each
    // reaching at most 4 filters x 3 x 3 positions.
    LayerInfo conv = p.layers().get(0);
    assertTrue(conv.weightWords() > 288 * 20 && conv.weightWords() <= 288 * 36,
        "conv weight words " + conv.weightWords());
    assertTrue(p.manifestJson().contains("\"memory_bits\""), p.manifestJson());
  }

  @Test
  void conv1dAvgPoolAndScaleChainsAreBitExact() throws Exception {
    SplittableRandom r = new SplittableRandom(21);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(2, 6), null));
    nodes.put("conv", new Conv1d(6, grid(r, new int[] {3, 2, 3}), 1, Padding.of(1), 1, 1,
        Tensor.full(new int[] {3}, 0.0625), null));
    nodes.put("if1", new IF(Tensor.full(new int[] {3, 6}, 1.0), Tensor.full(new int[] {3, 6}, 1.0),
        Tensor.full(new int[] {3, 6}, 0.0), null));
    nodes.put("flat", new Flatten(Dims.of(3, 6), 0, -1, null));
    nodes.put("scale", new Scale(Tensor.full(new int[] {18}, 0.5), null));
    nodes.put("fc", new Linear(grid(r, new int[] {4, 18}), null));
    nodes.put("lif", lif(4, 1.0));
    nodes.put("out", new Output(Dims.of(4), null));
    NirGraph g = new NirGraph(nodes, edges("in", "conv", "conv", "if1", "if1", "flat",
        "flat", "scale", "scale", "fc", "fc", "lif", "lif", "out"));
    Contract c = Contract.norse();
    double[][] x = Graphs.spikes(31, 60, 12, 0.4);
    assertBitExact(g, c, Graphs.quantize(g, c), Map.of("in", x), "if1", "lif");
  }

  @Test
  void conv2dWithStrideAndAvgPoolIsBitExact() throws Exception {
    SplittableRandom r = new SplittableRandom(22);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(1, 6, 6), null));
    nodes.put("conv", new Conv2d(Dims.of(6, 6), grid(r, new int[] {2, 1, 3, 3}), Dims.of(1, 1),
        Padding.of(1, 1), Dims.of(1, 1), 1, Tensor.full(new int[] {2}, 0.0), null));
    nodes.put("if1", new IF(Tensor.full(new int[] {2, 6, 6}, 1.0),
        Tensor.full(new int[] {2, 6, 6}, 1.0), Tensor.full(new int[] {2, 6, 6}, 0.0), null));
    nodes.put("pool", new AvgPool2d(Dims.of(2, 2), Dims.of(2, 2), Dims.of(0, 0), null));
    nodes.put("conv2", new Conv2d(Dims.of(3, 3), grid(r, new int[] {2, 2, 3, 3}), Dims.of(2, 2),
        Padding.of(1, 1), Dims.of(1, 1), 1, Tensor.full(new int[] {2}, 0.0), null));
    nodes.put("if2", new IF(Tensor.full(new int[] {2, 2, 2}, 1.0),
        Tensor.full(new int[] {2, 2, 2}, 0.5), Tensor.full(new int[] {2, 2, 2}, 0.0), null));
    nodes.put("out", new Output(Dims.of(2, 2, 2), null));
    NirGraph g = new NirGraph(nodes, edges("in", "conv", "conv", "if1", "if1", "pool",
        "pool", "conv2", "conv2", "if2", "if2", "out"));
    Contract c = Contract.norse();
    double[][] x = Graphs.spikes(32, 60, 36, 0.4);
    assertBitExact(g, c, Graphs.quantize(g, c), Map.of("in", x), "if1", "if2");
  }

  /**
   * Two inputs; layer a fans out to c and to output 'oa'; c takes chains from a and b (fan-in);
   * b is fed by input 2 only.
   */
  static NirGraph fanGraph() {
    SplittableRandom r = new SplittableRandom(23);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in1", new Input(Dims.of(4), null));
    nodes.put("in2", new Input(Dims.of(3), null));
    nodes.put("wa", new Linear(grid(r, new int[] {5, 4}), null));
    nodes.put("wb", new Linear(grid(r, new int[] {3, 3}), null));
    nodes.put("a", lif(5, 0.5));
    nodes.put("b", lif(3, 0.5));
    nodes.put("wac", new Linear(grid(r, new int[] {4, 5}), null));
    nodes.put("wbc", new Linear(grid(r, new int[] {4, 3}), null));
    nodes.put("c", lif(4, 0.75));
    nodes.put("oc", new Output(Dims.of(4), null));
    nodes.put("oa", new Output(Dims.of(5), null));
    return new NirGraph(nodes, edges("in1", "wa", "wa", "a", "in2", "wb", "wb", "b",
        "a", "wac", "wac", "c", "b", "wbc", "wbc", "c", "c", "oc", "a", "oa"));
  }

  @Test
  void fanInFanOutAndTwoInputsAndOutputsAreBitExact() throws Exception {
    NirGraph g = fanGraph();
    Contract c = Contract.nir();
    Map<String, double[][]> x = Map.of("in1", Graphs.spikes(41, 80, 4, 0.5),
        "in2", Graphs.spikes(42, 80, 3, 0.5));
    QuantConfig q = Graphs.quantize(g, c);
    GeneratedPipeline p = PipelineGenerator.generate(g, q, c, "fan.nir", "fan_top");
    assertEquals(List.of("in_0", "in_1"), p.inputs().stream().map(EventPort::prefix).toList());
    assertEquals(List.of("oc", "oa"), p.outputs().stream().map(EventPort::node).toList());
    assertTrue(p.manifestJson().contains("\"port\" : \"out_1\""), p.manifestJson());
    assertBitExact(g, c, q, x, "a", "b", "c");
  }

  @Test
  void fanInWithSaturatingAccumulatorsFollowsTheGoldenOrder() throws Exception {
    NirGraph g = fanGraph();
    Contract c = Contract.nir();
    QuantConfig q = Graphs.quantize(g, c);
    // A 5-bit accumulator clamps often: the result then depends on the order of the chains.
    LayerQuant lc = q.layers().get("c");
    FixedFormat narrow = new FixedFormat(5, lc.accumulator().fracBits());
    q = q.withLayer("c", lc.withAccumulator(narrow));
    Map<String, double[][]> x = Map.of("in1", Graphs.spikes(43, 60, 4, 0.7),
        "in2", Graphs.spikes(44, 60, 3, 0.7));
    GoldenResult golden = GoldenModel.create(g, q, c).run(x);
    assertTrue(golden.saturation().getOrDefault("c.acc", 0L) > 20, golden.saturation()
        .toString());
    GeneratedPipeline p = PipelineGenerator.generate(g, q, c, "fan.nir", "fan_top");
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(p, golden, x, true));
  }

  /** Input(3) -> Linear -> LIF(6) with a recurrent Linear onto itself -> Linear -> LI(2). */
  static NirGraph recurrentGraph() {
    SplittableRandom r = new SplittableRandom(24);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(3), null));
    nodes.put("fc", new Linear(grid(r, new int[] {6, 3}), null));
    nodes.put("lif", lif(6, 0.75));
    nodes.put("rec", new Linear(grid(r, new int[] {6, 6}), null));
    nodes.put("fo", new Linear(grid(r, new int[] {2, 6}), null));
    nodes.put("ro", new LI(Tensor.full(new int[] {2}, 2e-3), Tensor.full(new int[] {2}, 20.0),
        Tensor.full(new int[] {2}, 0.0), null));
    nodes.put("out", new Output(Dims.of(2), null));
    return new NirGraph(nodes, edges("in", "fc", "fc", "lif", "lif", "rec", "rec", "lif",
        "lif", "fo", "fo", "ro", "ro", "out"));
  }

  @Test
  void recurrentLifLayerReplaysItsSpikesOneStepLater() throws Exception {
    NirGraph g = recurrentGraph();
    Contract c = Contract.nir();
    QuantConfig q = Graphs.quantize(g, c);
    double[][] x = Graphs.spikes(45, 80, 3, 0.4);
    GoldenResult golden = GoldenModel.create(g, q, c).run(Map.of("in", x));
    assertTrue(golden.layers().get("lif").spikeCount() > 30);
    GeneratedPipeline p = PipelineGenerator.generate(g, q, c, "rec.nir", "rec_top");
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(p, golden, x, true));
    assertTrue(p.manifestJson().contains("\"lag\" : 1"), p.manifestJson());
  }

  @Test
  void recurrentComparisonCatchesAGoldenRunWithoutTheRecurrentWeights() throws Exception {
    SplittableRandom r = new SplittableRandom(24);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(3), null));
    nodes.put("fc", new Linear(grid(r, new int[] {6, 3}), null));
    nodes.put("lif", lif(6, 0.75));
    nodes.put("rec", new Linear(grid(r, new int[] {6, 6}), null));
    nodes.put("out", new Output(Dims.of(6), null));
    NirGraph g = new NirGraph(nodes, edges("in", "fc", "fc", "lif", "lif", "rec", "rec", "lif",
        "lif", "out"));
    Map<String, NirNode> plain = new LinkedHashMap<>(nodes);
    plain.put("rec", new Linear(Tensor.full(new int[] {6, 6}, 0.0), null));
    NirGraph planted = new NirGraph(plain, g.edges());
    Contract c = Contract.nir();
    QuantConfig q = Graphs.quantize(g, c);
    double[][] x = Graphs.spikes(45, 40, 3, 0.4);
    GeneratedPipeline p = PipelineGenerator.generate(g, q, c, "rec.nir", "rec_top");
    GoldenResult wrong = GoldenModel.create(planted, q, c).run(Map.of("in", x));
    assertTrue(RtlVsGolden.firstDifference(p, wrong, x, true).isPresent());
  }

  @Test
  void gradedInputCountsMultiplyTheWeights() throws Exception {
    NirGraph g = Graphs.threeLayers();
    Contract c = Contract.norse();
    QuantConfig q = Quantizer.quantize(g, QuantOptions.defaults(c)
        .withInputEvents(new EventRange(0, 4)));
    SplittableRandom r = new SplittableRandom(46);
    double[][] x = new double[60][5];
    for (double[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] = r.nextInt(6) < 3 ? 0 : r.nextInt(5);
      }
    }
    GeneratedPipeline p = PipelineGenerator.generate(g, q, c, "graded.nir", "graded_top");
    assertEquals(4, p.inputs().get(0).valueBits());
    assertBitExact(g, c, q, Map.of("in", x), "if1", "lif2");
  }

  @Test
  void readoutValuesDriveTheNextLayersSynapses() throws Exception {
    SplittableRandom r = new SplittableRandom(47);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(3), null));
    nodes.put("fc", new Linear(grid(r, new int[] {4, 3}), null));
    nodes.put("li", new LI(Tensor.full(new int[] {4}, 2e-3), Tensor.full(new int[] {4}, 10.0),
        Tensor.full(new int[] {4}, 0.0), null));
    nodes.put("fc2", new Linear(grid(r, new int[] {3, 4}), null));
    nodes.put("lif", lif(3, 0.25));
    nodes.put("out", new Output(Dims.of(3), null));
    NirGraph g = new NirGraph(nodes, edges("in", "fc", "fc", "li", "li", "fc2", "fc2", "lif",
        "lif", "out"));
    Contract c = Contract.nir();
    double[][] x = Graphs.spikes(48, 80, 3, 0.6);
    assertBitExact(g, c, Graphs.quantize(g, c), Map.of("in", x), "lif");
  }

  /** Input(3) -> Delay -> Linear -> LIF(4), with a recurrent Delay -> Linear onto the LIF. */
  static NirGraph delayGraph(double... inputDelays) {
    SplittableRandom r = new SplittableRandom(25);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(3), null));
    nodes.put("d", new Delay(Tensor.vector(inputDelays), null));
    nodes.put("fc", new Linear(grid(r, new int[] {4, 3}), null));
    nodes.put("lif", lif(4, 0.5));
    nodes.put("dr", new Delay(Tensor.full(new int[] {4}, 2e-4), null));
    nodes.put("rec", new Linear(grid(r, new int[] {4, 4}), null));
    nodes.put("out", new Output(Dims.of(4), null));
    return new NirGraph(nodes, edges("in", "d", "d", "fc", "fc", "lif", "lif", "dr", "dr", "rec",
        "rec", "lif", "lif", "out"));
  }

  @Test
  void delaysPerAddressAndOnARecurrentEdgeAreBitExact() throws Exception {
    NirGraph g = delayGraph(0, 1e-4, 3e-4);
    Contract c = Contract.nir();
    double[][] x = Graphs.spikes(49, 80, 3, 0.4);
    assertBitExact(g, c, Graphs.quantize(g, c), Map.of("in", x), "lif");
  }

  @Test
  void delayComparisonCatchesAGoldenRunWithAnotherDelay() throws Exception {
    Contract c = Contract.nir();
    double[][] x = Graphs.spikes(49, 40, 3, 0.4);
    NirGraph g = delayGraph(2e-4, 2e-4, 2e-4);
    QuantConfig q = Graphs.quantize(g, c);
    GeneratedPipeline p = PipelineGenerator.generate(g, q, c, "d.nir", "d_top");
    GoldenResult right = GoldenModel.create(g, q, c).run(Map.of("in", x));
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(p, right, x, true));
    GoldenResult wrong = GoldenModel.create(delayGraph(1e-4, 2e-4, 2e-4), q, c)
        .run(Map.of("in", x));
    assertTrue(RtlVsGolden.firstDifference(p, wrong, x, true).isPresent());
  }

  @Test
  void biasOfARecurrentAffineArrivesOneStepLate() throws Exception {
    NirGraph g = lateBiasGraph();
    Contract c = Contract.nir();
    QuantConfig q = Graphs.quantize(g, c);
    GoldenModel golden = GoldenModel.create(g, q, c);
    assertEquals(2, golden.constants().get(0).preload().length, "the bias must arrive late");
    double[][] x = Graphs.spikes(50, 60, 3, 0.3);
    assertBitExact(g, c, q, Map.of("in", x), "lif");
  }

  /** A LIF layer fed back through an Affine: its bias reaches the layer from step 1 on. */
  static NirGraph lateBiasGraph() {
    SplittableRandom r = new SplittableRandom(26);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(3), null));
    nodes.put("fc", new Linear(grid(r, new int[] {4, 3}), null));
    nodes.put("lif", lif(4, 0.75));
    nodes.put("rec", new Affine(grid(r, new int[] {4, 4}), Tensor.vector(0.25, -0.125, 0.5, 0),
        null));
    nodes.put("out", new Output(Dims.of(4), null));
    return new NirGraph(nodes, edges("in", "fc", "fc", "lif", "lif", "rec", "rec", "lif",
        "lif", "out"));
  }

  @Test
  void nestedSubgraphIsFlattenedAndBitExact() throws Exception {
    SplittableRandom r = new SplittableRandom(27);
    Map<String, NirNode> inner = new LinkedHashMap<>();
    inner.put("input", new Input(Dims.of(3), null));
    inner.put("fc", new Linear(grid(r, new int[] {4, 3}), null));
    inner.put("lif", lif(4, 0.5));
    inner.put("output", new Output(Dims.of(4), null));
    NirGraph sub = new NirGraph(inner, edges("input", "fc", "fc", "lif", "lif", "output"));
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(3), null));
    nodes.put("block", sub);
    nodes.put("fc2", new Linear(grid(r, new int[] {2, 4}), null));
    nodes.put("lif2", lif(2, 0.5));
    nodes.put("out", new Output(Dims.of(2), null));
    NirGraph g = new NirGraph(nodes, edges("in", "block", "block", "fc2", "fc2", "lif2",
        "lif2", "out"));
    Contract c = Contract.nir();
    QuantConfig q = Graphs.quantize(g, c);
    GeneratedPipeline p = PipelineGenerator.generate(g, q, c, "nested.nir", "nested_top");
    assertEquals(List.of("block.lif", "lif2"), p.layers().stream().map(LayerInfo::path).toList());
    double[][] x = Graphs.spikes(51, 60, 3, 0.5);
    assertBitExact(g, c, q, Map.of("in", x), "block.lif", "lif2");
  }

  @Test
  void fanInAgainstTheLayerOrderUnderASlowHostNeitherDeadlocksNorDrops() throws Exception {
    // 'late' is declared first, so the golden model (and the engine of 'c') takes its chain
    // first although it is computed after 'early', whose events wait in a FIFO meanwhile.
    SplittableRandom r = new SplittableRandom(28);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("late", lif(4, 0.5));
    nodes.put("in", new Input(Dims.of(4), null));
    nodes.put("w0", new Linear(grid(r, new int[] {5, 4}), null));
    nodes.put("early", lif(5, 0.5));
    nodes.put("w1", new Linear(grid(r, new int[] {4, 5}), null));
    nodes.put("wl", new Linear(grid(r, new int[] {3, 4}), null));
    nodes.put("we", new Linear(grid(r, new int[] {3, 5}), null));
    nodes.put("c", lif(3, 0.5));
    nodes.put("oc", new Output(Dims.of(3), null));
    nodes.put("oe", new Output(Dims.of(5), null));
    NirGraph g = new NirGraph(nodes, edges("in", "w0", "w0", "early", "early", "w1", "w1", "late",
        "late", "wl", "wl", "c", "early", "we", "we", "c", "c", "oc", "early", "oe"));
    Contract c = Contract.nir();
    QuantConfig q = Graphs.quantize(g, c);
    GoldenModel model = GoldenModel.create(g, q, c);
    assertEquals(List.of("late", "early"), model.constants().get(2).chains().stream()
        .map(ch -> ch.source()).toList());
    double[][] x = Graphs.spikes(52, 50, 4, 0.6);
    GoldenResult golden = model.run(Map.of("in", x));
    assertTrue(golden.layers().get("c").spikeCount() > 0, "c must spike");
    GeneratedPipeline p = PipelineGenerator.generate(g, q, c, "order.nir", "order_top");
    PipelineSimulation slow = new PipelineSimulation(p).throttleOutputs(5);
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(slow, golden,
        Map.of("in", x), true));
  }

  @Test
  void manifestNamesEveryPortLinkAndMemorySize() throws Exception {
    NirGraph g = fanGraph();
    Contract c = Contract.nir();
    GeneratedPipeline p = PipelineGenerator.generate(g, Graphs.quantize(g, c), c, "fan.nir",
        "fan_top");
    JsonNode m = new ObjectMapper().readTree(p.manifestJson());
    JsonNode ev = m.get("events");
    assertEquals("in_1", ev.get("inputs").get(1).get("port").asText());
    assertEquals("in2", ev.get("inputs").get(1).get("node").asText());
    assertEquals("a", ev.get("outputs").get(1).get("source").asText());
    assertTrue(m.get("ports").has("in_1_valid_i"), m.get("ports").toString());
    assertTrue(m.get("ports").has("out_1_data_o"), m.get("ports").toString());
    // a feeds c and output oa: its link into c is buffered for a whole step (5 events + eot).
    JsonNode link = null;
    for (JsonNode l : ev.get("links")) {
      if (l.get("from").asText().equals("a") && l.get("to").asText().equals("c")) {
        link = l;
      }
    }
    assertTrue(link != null && link.get("fifo_words").asInt() >= 6, ev.get("links").toString());
    JsonNode layerC = m.get("layers").get(2);
    assertEquals("c", layerC.get("node").asText());
    assertEquals(2, layerC.get("chains").size());
    int words = layerC.get("weight_words").asInt();
    // Each weight word is {target address, weight code}.
    assertEquals((long) words * (p.layers().get(2).addressBits()
        + Graphs.quantize(g, c).layers().get("c").weight().totalBits()),
        layerC.get("memory_bits").get("weights").asLong());
  }
}
