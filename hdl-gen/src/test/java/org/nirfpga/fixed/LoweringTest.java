package org.nirfpga.fixed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.AvgPool2d;
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
import org.nirfpga.nir.graph.Scale;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.ref.Contract;

/** Graph structure: folding, address transforms, delays, nesting and the refusals. */
class LoweringTest {
  static Tensor v(double... x) {
    return Tensor.vector(x);
  }

  static NirGraph graph(Map<String, NirNode> nodes, String... chain) {
    List<Edge> edges = new java.util.ArrayList<>();
    for (int i = 0; i + 1 < chain.length; i++) {
      edges.add(new Edge(chain[i], chain[i + 1]));
    }
    return new NirGraph(nodes, edges);
  }

  static IF perStepIf(int n) {
    return new IF(Tensor.full(new int[] {n}, 1), Tensor.full(new int[] {n}, 100),
        Tensor.full(new int[] {n}, 0), null);
  }

  @Test
  void scaleAndAvgPoolFoldIntoTheWeights() throws Exception {
    // Input (1,2,2) -> Scale 0.5 -> AvgPool 2x2 (1/4) -> Flatten -> IF: each event adds 1/8.
    Map<String, NirNode> n = new LinkedHashMap<>();
    n.put("in", new Input(Dims.of(1, 2, 2), null));
    n.put("s", new Scale(Tensor.scalar(0.5), null));
    n.put("p", new AvgPool2d(Dims.of(2, 2), Dims.of(2, 2), Dims.of(0, 0), null));
    n.put("f", new Flatten(Dims.of(1, 1, 1), 0, -1, null));
    n.put("if", perStepIf(1));
    n.put("out", new Output(Dims.of(1), null));
    Plan p = Lowering.lower(graph(n, "in", "s", "p", "f", "if", "out"), Contract.norse());
    Plan.ChainPlan c = p.layers().get(0).chains().get(0);
    for (int j = 0; j < 4; j++) {
      assertArrayEquals(new int[] {0}, c.targets()[j]);
      assertArrayEquals(new double[] {0.125}, c.weights()[j]);
    }
    assertEquals(List.of("s", "p", "f"), p.layers().get(0).synapses());
  }

  @Test
  void aDelayHoldsEventsForWholeStepsAndMustBeAWholeNumberOfThem() throws Exception {
    Map<String, NirNode> n = new LinkedHashMap<>();
    n.put("in", new Input(Dims.of(1), null));
    n.put("d", new Delay(v(3e-4), null));
    n.put("if", perStepIf(1));
    n.put("out", new Output(Dims.of(1), null));
    NirGraph g = graph(n, "in", "d", "if", "out");
    QuantConfig q = Quantizer.quantize(g, QuantOptions.defaults(Contract.norse()));
    GoldenResult r = GoldenModel.create(g, q, Contract.norse())
        .run(new double[][] {{1}, {0}, {0}, {0}, {0}});
    long[][] vv = r.layers().get("if").v();
    assertEquals(0, vv[2][0]);
    assertEquals(vv[4][0], vv[3][0]);
    assertEquals(true, vv[3][0] > 0);
    n.put("d", new Delay(v(2.5e-4), null));
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> Lowering.lower(graph(n, "in", "d", "if", "out"), Contract.norse()));
    assertEquals("node 'd': delay 2.5E-4 s is not a whole number of steps of dt = 1.0E-4 s",
        e.getMessage());
  }

  @Test
  void aValueLayerDrivesSynapsesWithItsMembraneCodes() throws Exception {
    // in -> LI -> Linear -> IF: the LI's v (code worth 2^-Fv) is the event value.
    Map<String, NirNode> n = new LinkedHashMap<>();
    n.put("in", new Input(Dims.of(1), null));
    n.put("li", new LI(v(1e-3), v(1), v(0), null));
    n.put("fc", new Linear(Tensor.of(new int[] {2, 1}, 3.0, -2.0), null));
    n.put("if", new IF(v(1, 1), v(0.5, 0.5), v(0, 0), null));
    n.put("out", new Output(Dims.of(2), null));
    NirGraph g = graph(n, "in", "li", "fc", "if", "out");
    double[][] x = new double[30][1];
    for (int t = 0; t < 30; t++) {
      x[t][0] = t % 3 == 0 ? 1 : 0;
    }
    Contract c = Contract.norse();
    // A 16-bit weight times a 28-bit v code: 15 + 27 magnitude bits and a sign, 43 bits.
    QuantConfig q = Quantizer.quantize(g, GoldenVsFloatTest.wide(c).withBits(16, 28));
    assertEquals(43, q.layers().get("if").accumulator().totalBits());
    List<String> m = GoldenVsFloatTest.mismatches("g", GoldenModel.create(g, q, c).run(x),
        org.nirfpga.nir.ref.Evaluator.create(g, c), x);
    assertEquals(List.of(), m);
    GoldenResult f = GoldenModel.create(g, q, c).run(x);
    assertEquals(true, f.layers().get("if").spikeCount() > 0);
  }

  @Test
  void theExactIntegratorIsRefusedForSpikingNeuronsByName() {
    Map<String, NirNode> n = new LinkedHashMap<>();
    n.put("in", new Input(Dims.of(1), null));
    n.put("lif", new LIF(v(1e-3), v(1), v(0), v(1), v(0), null));
    n.put("out", new Output(Dims.of(1), null));
    NirfpgaException e = assertThrows(NirfpgaException.class, () -> Lowering.lower(
        graph(n, "in", "lif", "out"), Contract.norse().withIntegrator(Contract.Integrator.EXACT)));
    assertEquals("node 'lif' (LIF): the golden model implements integrator=exact only for LI; use"
        + " integrator=euler", e.getMessage());
  }

  @Test
  void aSynapseWithNoNeuronBeforeTheOutputIsRefusedByName() {
    Map<String, NirNode> n = new LinkedHashMap<>();
    n.put("in", new Input(Dims.of(2), null));
    n.put("fc", new Affine(Tensor.of(new int[] {1, 2}, 1, 1), v(0), null));
    n.put("out", new Output(Dims.of(1), null));
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> Lowering.lower(graph(n, "in", "fc", "out"), Contract.norse()));
    assertEquals("node 'fc' (Affine) sits between 'in' and output 'out' with no neuron after it;"
        + " the golden model needs a neuron (e.g. LI) to hold a synapse's result", e.getMessage());
  }

  @Test
  void nestedGraphsAreFlattenedWithDottedNames() throws Exception {
    Map<String, NirNode> inner = new LinkedHashMap<>();
    inner.put("input", new Input(Dims.of(2), null));
    inner.put("lif", new LIF(v(1e-3, 1e-3), v(1, 1), v(0, 0), v(1, 1), v(0, 0), null));
    inner.put("output", new Output(Dims.of(2), null));
    NirGraph sub = new NirGraph(inner,
        List.of(new Edge("input", "lif"), new Edge("lif", "output")));
    Map<String, NirNode> n = new LinkedHashMap<>();
    n.put("in", new Input(Dims.of(2), null));
    n.put("fc", new Linear(Tensor.of(new int[] {2, 2}, 1, 0, 0, 1), null));
    n.put("layer", sub);
    n.put("out", new Output(Dims.of(2), null));
    NirGraph g = graph(n, "in", "fc", "layer", "out");
    Plan p = Lowering.lower(g, Contract.norse());
    assertEquals("layer.lif", p.layers().get(0).path());
    assertEquals(Map.of("out", "layer.lif"), p.outputs());
  }

  @Test
  void delaysAndBiasesBehindThemMatchTheFloatEvaluatorExactly() throws Exception {
    // in -> Delay (per element: 0, 1, 3 steps) -> Affine (bias) -> Delay 2 steps -> LIF: the
    // bias only arrives after the second delay, as the evaluator's delay line starts empty.
    Map<String, NirNode> n = new LinkedHashMap<>();
    n.put("in", new Input(Dims.of(3), null));
    n.put("d1", new Delay(v(0, 1e-4, 3e-4), null));
    n.put("fc", new Affine(Tensor.of(new int[] {2, 3}, 3, -1, 2, 1, 2, -2), v(0.5, -0.25), null));
    n.put("d2", new Delay(v(2e-4), null));
    n.put("lif", new LIF(v(1e-3, 2e-3), v(1, 1), v(0, 0), v(1, 1), v(0, 0), null));
    n.put("out", new Output(Dims.of(2), null));
    NirGraph g = graph(n, "in", "d1", "fc", "d2", "lif", "out");
    double[][] x = new double[40][3];
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
    for (double[] row : x) {
      for (int j = 0; j < 3; j++) {
        row[j] = rnd.nextInt(3) == 0 ? 1 : 0;
      }
    }
    Contract c = Contract.norse();
    QuantConfig q = Quantizer.quantize(g, GoldenVsFloatTest.wide(c));
    GoldenResult f = GoldenModel.create(g, q, c).run(x);
    org.nirfpga.nir.ref.RunResult r = org.nirfpga.nir.ref.Evaluator.create(g, c)
        .run(x, List.of("lif"), org.nirfpga.nir.ref.ProgressListener.NONE);
    double[][] fv = f.layers().get("lif").vDecoded();
    for (int t = 0; t < x.length; t++) {
      for (int k = 0; k < 2; k++) {
        assertEquals(r.trace("lif").v()[t][k], fv[t][k], 1e-6, "step " + t + " neuron " + k);
        assertEquals(r.trace("lif").output()[t][k], f.layers().get("lif").spikes()[t][k], 0.0);
      }
    }
    assertEquals(0.0, fv[0][0] + fv[1][0], 0.0); // nothing, not even the bias, before step 2
    assertEquals(true, fv[2][0] != 0);
  }
}
