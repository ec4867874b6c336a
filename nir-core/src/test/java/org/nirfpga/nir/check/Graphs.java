package org.nirfpga.nir.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.Conv2d;
import org.nirfpga.nir.graph.CubaLIF;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Padding;
import org.nirfpga.nir.graph.Tensor;

/** Small hand-built graphs and nodes for the validation tests. */
final class Graphs {
  private Graphs() {}

  /** Collects nodes and edges in order. */
  static final class Builder {
    private final Map<String, NirNode> nodes = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();

    Builder node(String name, NirNode node) {
      nodes.put(name, node);
      return this;
    }

    Builder edge(String source, String destination) {
      edges.add(new Edge(source, destination));
      return this;
    }

    /** Edges along the given names, in order. */
    Builder chain(String... names) {
      for (int i = 0; i + 1 < names.length; i++) {
        edge(names[i], names[i + 1]);
      }
      return this;
    }

    NirGraph build() {
      return new NirGraph(nodes, edges);
    }
  }

  static Builder graph() {
    return new Builder();
  }

  static Input input(int... shape) {
    return new Input(Dims.of(shape), null);
  }

  static Output output(int... shape) {
    return new Output(Dims.of(shape), null);
  }

  static Tensor full(double value, int... shape) {
    return Tensor.full(shape, value);
  }

  static Linear linear(int out, int in) {
    return new Linear(full(0.5, out, in), null);
  }

  static Affine affine(int out, int in) {
    return new Affine(full(0.5, out, in), full(0.1, out), null);
  }

  /** A LIF of the given shape ({@code ()} for scalar parameters). */
  static LIF lif(int... shape) {
    return new LIF(full(0.01, shape), full(1, shape), full(0, shape), full(1, shape),
        full(0, shape), null);
  }

  static CubaLIF cubaLif(int n) {
    return new CubaLIF(full(0.005, n), full(0.01, n), full(1, n), full(0, n), full(1, n),
        full(0, n), full(1, n), null);
  }

  static Conv2d conv2d(Dims inputShape, int out, int in, int kh, int kw, Dims stride,
      Padding padding, Dims dilation, int groups) {
    return new Conv2d(inputShape, full(0.1, out, in, kh, kw), stride, padding, dilation, groups,
        full(0, out), null);
  }

  /** input (n) -> fc (n x n) -> lif (n) -> output (n). */
  static NirGraph mlp(int n) {
    return graph().node("input", input(n)).node("fc", affine(n, n)).node("lif", lif(n))
        .node("output", output(n)).chain("input", "fc", "lif", "output").build();
  }
}
