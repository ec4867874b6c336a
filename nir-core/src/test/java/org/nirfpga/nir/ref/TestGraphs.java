package org.nirfpga.nir.ref;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Tensor;

/** Small graphs built in code for the evaluator tests. */
final class TestGraphs {
  private TestGraphs() {}

  /** {@code lif_norse.nir} as the file holds it (float32 parameters, v_reset defaulting to 0). */
  static NirGraph lifNorse(double tau, double threshold) {
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("0", new Affine(Tensor.of(new int[] {1, 1}, 1.0), Tensor.vector(0.0), null));
    nodes.put("1", new LIF(Tensor.vector(tau), Tensor.vector(1.0), Tensor.vector(0.0),
        Tensor.vector(threshold), Tensor.vector(0.0), null));
    nodes.put("input", new Input(Dims.of(1), null));
    nodes.put("output", new Output(Dims.of(1), null));
    return new NirGraph(nodes, List.of(new Edge("input", "0"), new Edge("0", "1"),
        new Edge("1", "output")));
  }

  static NirGraph lifNorse() {
    return lifNorse((float) 0.0025, (float) 0.1);
  }
}
