package org.nirfpga.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nirfpga.fixed.FixedFormat;
import org.nirfpga.fixed.LayerQuant;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.ref.Contract;

/** Graphs outside the supported slice are refused with a message naming the node. */
class UnsupportedTest {
  private static String refusal(NirGraph g, QuantOptions o) throws NirfpgaException {
    QuantConfig q = Quantizer.quantize(g, o);
    return assertThrows(NirfpgaException.class,
        () -> PipelineGenerator.generate(g, q, o.contract(), "g.nir", "top")).getMessage();
  }

  @Test
  void layerFedOnlyOverARecurrentEdgeIsRefusedByNodeName() throws Exception {
    String msg = refusal(TestGraphs.layerFedOnlyOverARecurrentEdge(),
        QuantOptions.defaults(Contract.nir()));
    assertEquals("g.nir: node 'lone' (LIF): is fed only over recurrent edges; the RTL generator"
        + " needs at least one feed-forward input per layer", msg);
  }

  @Test
  void outputFedStraightByAnInputIsRefusedByOutputName() throws Exception {
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(2), null));
    nodes.put("fc", new Linear(Tensor.full(new int[] {2, 2}, 0.5), null));
    nodes.put("lif", new LIF(Tensor.vector(1e-3, 1e-3), Tensor.vector(1, 1),
        Tensor.vector(0, 0), Tensor.vector(1, 1), Tensor.vector(0, 0), null));
    nodes.put("out", new Output(Dims.of(2), null));
    nodes.put("echo", new Output(Dims.of(2), null));
    List<Edge> edges = List.of(new Edge("in", "fc"), new Edge("fc", "lif"),
        new Edge("lif", "out"), new Edge("in", "echo"));
    String msg = refusal(new NirGraph(nodes, edges), QuantOptions.defaults(Contract.nir()));
    assertEquals("g.nir: output 'echo' is fed straight by input 'in'; the RTL generator needs a"
        + " layer in between", msg);
  }

  @Test
  void thresholdLayerWithVNarrowerThanItsAccumulatorIsRefusedByNodeName() throws Exception {
    NirGraph g = Graphs.lastLayer("Threshold");
    QuantConfig q = Quantizer.quantize(g, QuantOptions.defaults(Contract.nir()));
    LayerQuant l = q.layers().get("th");
    int ba = l.accumulator().totalBits();
    QuantConfig edited = q.withLayer("th", l.withV(new FixedFormat(ba - 1,
        l.accumulator().fracBits())));
    String msg = assertThrows(NirfpgaException.class, () -> PipelineGenerator.generate(g,
        edited, Contract.nir(), "g.nir", "top")).getMessage();
    assertEquals("node 'th' (Threshold): v.bits = " + (ba - 1) + " is narrower than"
        + " accumulator.bits = " + ba + " (a Threshold layer shows its accumulator as v; make"
        + " them equal); the RTL generator does not support this yet", msg);
  }
}
