package org.nirfpga.nir.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Scale;
import org.nirfpga.nir.graph.Tensor;

/** How edges combine, which edges are delayed, in which order nodes run, and nested graphs. */
class GraphExecutionTest {
  static Scale scale(double s) {
    return new Scale(Tensor.vector(s), null);
  }

  @Test
  void edgesIntoANodeAreSummedWithinTheStep() throws Exception {
    Map<String, NirNode> n = new LinkedHashMap<>();
    n.put("input", new Input(Dims.of(1), null));
    n.put("a", scale(2));
    n.put("b", scale(3));
    n.put("sum", scale(1));
    n.put("output", new Output(Dims.of(1), null));
    NirGraph g = new NirGraph(n, List.of(new Edge("input", "a"), new Edge("input", "b"),
        new Edge("a", "sum"), new Edge("b", "sum"), new Edge("sum", "output")));
    Evaluator ev = Evaluator.create(g, Contract.nir());
    assertArrayEquals(new double[] {5}, ev.step(new double[] {1}));
    assertEquals(List.of(), ev.cycleClosingEdges());
  }

  @Test
  void aRunWithOneArrayPerInputNodeFeedsEachNodeItsSteps() throws Exception {
    Map<String, NirNode> n = new LinkedHashMap<>();
    n.put("p", new Input(Dims.of(1), null));
    n.put("q", new Input(Dims.of(1), null));
    n.put("a", scale(2));
    n.put("b", scale(10));
    n.put("o", new Output(Dims.of(1), null));
    NirGraph g = new NirGraph(n, List.of(new Edge("p", "a"), new Edge("q", "b"),
        new Edge("a", "o"), new Edge("b", "o")));
    Evaluator ev = Evaluator.create(g, Contract.nir());
    RunResult r = ev.run(Map.of("p", new double[][] {{1}, {0}, {3}}, "q",
        new double[][] {{0}, {1}, {1}}), List.of("o"), ProgressListener.NONE);
    assertEquals(3, r.steps());
    assertArrayEquals(new double[] {2}, r.trace("o").output()[0]);
    assertArrayEquals(new double[] {10}, r.trace("o").output()[1]);
    assertArrayEquals(new double[] {16}, r.trace("o").output()[2]);
    NirfpgaException e = assertThrows(NirfpgaException.class, () -> ev.run(
        Map.of("p", new double[][] {{1}}), List.of("o"), ProgressListener.NONE));
    assertEquals("no input array for input node 'q'; the graph's input nodes are [p, q]",
        e.getMessage());
  }

  /** input -> x -> y -> output with y -> x closing a cycle: x sees input[t] + y[t - 1]. */
  static NirGraph loop(List<Edge> edgeOrder) {
    Map<String, NirNode> n = new LinkedHashMap<>();
    n.put("input", new Input(Dims.of(1), null));
    n.put("x", scale(1));
    n.put("y", scale(0.5));
    n.put("output", new Output(Dims.of(1), null));
    return new NirGraph(n, edgeOrder);
  }

  @Test
  void aCycleClosingEdgeCarriesThePreviousStepAndZeroAtFirst() throws Exception {
    NirGraph g = loop(List.of(new Edge("input", "x"), new Edge("x", "y"), new Edge("y", "x"),
        new Edge("y", "output")));
    Evaluator ev = Evaluator.create(g, Contract.nir());
    assertEquals(List.of("y -> x"), ev.cycleClosingEdges());
    assertEquals(List.of("input", "x", "y", "output"), ev.nodeNames());
    RunResult r = ev.run(new double[][] {{1}, {0}, {0}, {2}}, Set.of("x"), ProgressListener.NONE);
    double[][] x = r.trace("x").output();
    // x[t] = in[t] + 0.5 x[t-1]
    assertArrayEquals(new double[] {1}, x[0]);
    assertArrayEquals(new double[] {0.5}, x[1]);
    assertArrayEquals(new double[] {0.25}, x[2]);
    assertArrayEquals(new double[] {2.125}, x[3]);
  }

  @Test
  void theBackEdgeFollowsTheSearchFromTheInputNotTheEdgeList() throws Exception {
    NirGraph g = loop(List.of(new Edge("y", "x"), new Edge("y", "output"), new Edge("x", "y"),
        new Edge("input", "x")));
    assertEquals(List.of("y -> x"), Evaluator.create(g, Contract.nir()).cycleClosingEdges());
  }

  @Test
  void runResetsStateSoTwoRunsAgree() throws Exception {
    NirGraph g = loop(List.of(new Edge("input", "x"), new Edge("x", "y"), new Edge("y", "x"),
        new Edge("y", "output")));
    Evaluator ev = Evaluator.create(g, Contract.nir());
    double[][] in = {{1}, {1}, {0}};
    double[][] a = ev.run(in, Set.of("x"), ProgressListener.NONE).trace("x").output();
    double[][] b = ev.run(in, Set.of("x"), ProgressListener.NONE).trace("x").output();
    assertArrayEquals(a, b);
  }

  @Test
  void aNestedGraphRunsLikeItsFlatCopy() throws Exception {
    Map<String, NirNode> inner = new LinkedHashMap<>();
    inner.put("in", new Input(Dims.of(2), null));
    inner.put("w", new Linear(Tensor.of(new int[] {2, 2}, 1, 2, 3, 4), null));
    inner.put("out", new Output(Dims.of(2), null));
    NirGraph sub = new NirGraph(inner, List.of(new Edge("in", "w"), new Edge("w", "out")));
    Map<String, NirNode> outer = new LinkedHashMap<>();
    outer.put("input", new Input(Dims.of(2), null));
    outer.put("sub", sub);
    outer.put("s", scale(10));
    outer.put("output", new Output(Dims.of(2), null));
    NirGraph g = new NirGraph(outer, List.of(new Edge("input", "sub"), new Edge("sub", "s"),
        new Edge("s", "output")));
    Evaluator ev = Evaluator.create(g, Contract.nir());
    assertEquals(List.of("input", "sub.in", "sub.w", "sub.out", "s", "output"), ev.nodeNames());
    assertArrayEquals(new double[] {50, 110}, ev.step(new double[] {1, 2}));
    assertArrayEquals(new double[] {5, 11}, ev.output("sub.w"));
  }

  @Test
  void anEdgeToAMissingNodeIsNamed() {
    NirGraph g = loop(List.of(new Edge("input", "x"), new Edge("x", "z")));
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> Evaluator.create(g, Contract.nir()));
    assertEquals("edge (x -> z) names no node 'z'; nodes are: input, x, y, output",
        e.getMessage());
  }

  @Test
  void mismatchedEdgeSizesNameTheEdge() {
    Map<String, NirNode> n = new LinkedHashMap<>();
    n.put("input", new Input(Dims.of(3), null));
    n.put("w", new Linear(Tensor.of(new int[] {2, 2}, 1, 2, 3, 4), null));
    n.put("output", new Output(Dims.of(2), null));
    NirGraph g = new NirGraph(n, List.of(new Edge("input", "w"), new Edge("w", "output")));
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> Evaluator.create(g, Contract.nir()));
    assertEquals("node 'w': weight (2, 2) takes 2 inputs but its input has shape (3,)",
        e.getMessage());
  }

  @Test
  void recordingAnUnknownNodeListsTheNodes() throws Exception {
    Evaluator ev = Evaluator.create(TestGraphs.lifNorse(), Contract.nir());
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> ev.run(new double[][] {{0}}, Set.of("lif"), ProgressListener.NONE));
    assertEquals("cannot record 'lif': no such node; nodes are input, 0, 1, output",
        e.getMessage());
  }

  @Test
  void aWrongSizedStepInputIsNamed() throws Exception {
    Evaluator ev = Evaluator.create(TestGraphs.lifNorse(), Contract.nir());
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> ev.step(new double[] {1, 2}));
    assertEquals("input 'input' has 2 values per step, expected 1 (shape (1,))", e.getMessage());
  }
}
