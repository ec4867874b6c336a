package org.nirfpga.nir.hdf5;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.AvgPool2d;
import org.nirfpga.nir.graph.Conv1d;
import org.nirfpga.nir.graph.Conv2d;
import org.nirfpga.nir.graph.CubaLI;
import org.nirfpga.nir.graph.CubaLIF;
import org.nirfpga.nir.graph.Delay;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.Flatten;
import org.nirfpga.nir.graph.I;
import org.nirfpga.nir.graph.IF;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LI;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.Metadata;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Padding;
import org.nirfpga.nir.graph.Scale;
import org.nirfpga.nir.graph.SumPool2d;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.graph.Threshold;

/** Small hand-built graphs for reader and writer tests. */
final class SampleGraphs {
  private SampleGraphs() {}

  static Tensor ramp(int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = 0.25 * i - 1.5;
    }
    return Tensor.of(shape, v);
  }

  /** A single LIF neuron between an input and an output. */
  static NirGraph lif() {
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("input", new Input(Dims.of(3), null));
    nodes.put("lif", new LIF(Tensor.vector(0.01, 0.02, 0.03), Tensor.vector(1, 1, 1),
        Tensor.vector(0, 0, 0), Tensor.vector(1, 1, 1), Tensor.vector(0, 0, 0), null));
    nodes.put("output", new Output(Dims.of(3), null));
    return new NirGraph(nodes, List.of(new Edge("input", "lif"), new Edge("lif", "output")));
  }

  /** Every node type, nested graphs, metadata of every kind and edge cases of the format. */
  static NirGraph everything() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("flag", true);
    inner.put("off", false);
    inner.put("names", List.of("a", "b c"));
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("description", "every node type");
    meta.put("dt", 1e-4);
    meta.put("seed", 42L);
    meta.put("table", ramp(2, 3));
    meta.put("nested", inner);

    Map<String, NirNode> sub = new LinkedHashMap<>();
    sub.put("in", new Input(Dims.of(4), null));
    sub.put("cuba", new CubaLI(ramp(4), ramp(4), ramp(4), ramp(4), Tensor.full(new int[] {4}, 1),
        null));
    sub.put("out", new Output(Dims.of(4), null));
    // A subgraph whose own subgraph has no edges exercises the (0,) edge dataset.
    Map<String, NirNode> lonely = new LinkedHashMap<>();
    lonely.put("only", new Scale(Tensor.scalar(2.0), null));
    sub.put("lonely", new NirGraph(lonely, List.of()));
    NirGraph subgraph = new NirGraph(sub, List.of(new Edge("in", "cuba"),
        new Edge("cuba", "out")), new Metadata(Map.of("role", "recurrent block")));

    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("input", new Input(Dims.of(2, 8, 8), new Metadata(Map.of("unit", "spikes"))));
    nodes.put("conv", new Conv2d(Dims.of(8, 8), ramp(4, 2, 3, 3), Dims.of(1, 1), Padding.of(1, 1),
        Dims.of(1, 1), 1, ramp(4), new Metadata(Map.of("k", 3L))));
    nodes.put("conv_same", new Conv2d(null, ramp(4, 4, 3, 3), Dims.of(1, 2), Padding.SAME,
        Dims.of(2, 1), 2, ramp(4), null));
    nodes.put("conv1d", new Conv1d(16, ramp(2, 1, 3), 2, Padding.VALID, 1, 1, ramp(2), null));
    nodes.put("conv1d_pad", new Conv1d(null, ramp(2, 2, 3), 1, Padding.of(2), 3, 1, ramp(2),
        null));
    nodes.put("sum", new SumPool2d(Dims.of(2, 2), Dims.of(2, 2), Dims.of(0, 0), null));
    nodes.put("avg", new AvgPool2d(Dims.of(3, 3), Dims.of(1, 1), Dims.of(1, 1), null));
    nodes.put("flat", new Flatten(Dims.of(4, 4, 4), 0, -1, null));
    nodes.put("flat_untyped", new Flatten(null, 1, -1, null));
    nodes.put("aff", new Affine(ramp(10, 64), ramp(10), null));
    nodes.put("lin", new Linear(ramp(10, 10), null));
    nodes.put("scale", new Scale(ramp(10), null));
    nodes.put("delay", new Delay(ramp(10), null));
    nodes.put("thr", new Threshold(ramp(10), null));
    nodes.put("i", new I(ramp(10), null));
    nodes.put("if", new IF(ramp(10), ramp(10), Tensor.full(new int[] {10}, 0), null));
    nodes.put("li", new LI(Tensor.full(new int[] {10}, Double.POSITIVE_INFINITY), ramp(10),
        ramp(10), null));
    nodes.put("lif", new LIF(ramp(10), ramp(10), ramp(10), ramp(10), ramp(10), null));
    nodes.put("lif_scalar", new LIF(Tensor.scalar(0.02), Tensor.scalar(1), Tensor.scalar(0),
        Tensor.scalar(1), Tensor.scalar(0), null));
    nodes.put("cuba", new CubaLIF(ramp(10), ramp(10), ramp(10), ramp(10), ramp(10), ramp(10),
        ramp(10), null));
    nodes.put("empty_bias", new Affine(ramp(0, 3), Tensor.of(new int[] {0}), null));
    nodes.put("sub", subgraph);
    nodes.put("output", new Output(Dims.of(10), null));
    List<Edge> edges = List.of(new Edge("input", "conv"), new Edge("conv", "conv_same"),
        new Edge("conv_same", "sum"), new Edge("sum", "flat"), new Edge("flat", "aff"),
        new Edge("aff", "lif"), new Edge("lif", "lin"), new Edge("lin", "cuba"),
        new Edge("cuba", "scale"), new Edge("scale", "li"), new Edge("li", "output"),
        new Edge("lif", "lif"));
    return new NirGraph(nodes, edges, new Metadata(meta));
  }
}
