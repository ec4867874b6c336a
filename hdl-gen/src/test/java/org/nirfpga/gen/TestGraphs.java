package org.nirfpga.gen;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Tensor;

/** Test graphs other modules' tests share (through hdl-gen's test jar). */
public final class TestGraphs {
  private TestGraphs() {}

  /**
   * Two inputs, two outputs, fan-in and fan-out: in1(4) -> Linear -> LIF a(5) -> output 'oa';
   * in2(3) -> Linear -> LIF b(3); a and b -> Linear each -> LIF c(4) -> output 'oc'. Weights on
   * the 1/16 grid from a fixed seed.
   */
  public static NirGraph fan() {
    return GraphStructureTest.fanGraph();
  }

  /**
   * Delay lines: in(3) -> Delay (0, 1 and 3 steps at dt 1e-4) -> Linear -> LIF lif(4) ->
   * output 'out', and lif -> Delay (2 steps) -> Linear -> lif, a delayed recurrent edge.
   */
  public static NirGraph delays() {
    return GraphStructureTest.delayGraph(0, 1e-4, 3e-4);
  }

  /**
   * A graph the RTL generator refuses: LIF 'lone' is fed only over a recurrent edge (lone -> rec
   * -> lone), beside a plain in -> fc -> lif -> out chain.
   */
  public static NirGraph layerFedOnlyOverARecurrentEdge() {
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(2), null));
    nodes.put("fc", new Linear(Tensor.full(new int[] {2, 2}, 0.5), null));
    nodes.put("lif", new LIF(Tensor.vector(1e-3, 1e-3), Tensor.vector(1, 1),
        Tensor.vector(0, 0), Tensor.vector(1, 1), Tensor.vector(0, 0), null));
    nodes.put("rec", new Linear(Tensor.full(new int[] {2, 2}, 0.25), null));
    nodes.put("lone", new LIF(Tensor.vector(1e-3, 1e-3), Tensor.vector(1, 1),
        Tensor.vector(0, 0), Tensor.vector(1, 1), Tensor.vector(0, 0), null));
    nodes.put("out", new Output(Dims.of(2), null));
    nodes.put("out2", new Output(Dims.of(2), null));
    return new NirGraph(nodes, List.of(new Edge("in", "fc"), new Edge("fc", "lif"),
        new Edge("lif", "out"), new Edge("lone", "rec"), new Edge("rec", "lone"),
        new Edge("lone", "out2")));
  }
}
