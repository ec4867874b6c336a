package org.nirfpga.gen;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.nir.NirfpgaException;
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

/** Small graphs and inputs for the generator tests. */
final class Graphs {
  private Graphs() {}

  /** Input(3) -> Linear 2x3 (mixed signs) -> IF(2) -> Output, IF threshold {@code theta}; r = 1, so a per-step IF (norse) adds the weights unscaled. */
  static NirGraph smallIf(double theta) {
    return smallIf(theta, 0.0);
  }

  /** {@link #smallIf(double)} with v_reset {@code vReset}. */
  static NirGraph smallIf(double theta, double vReset) {
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(3), null));
    nodes.put("fc", new Linear(Tensor.of(new int[] {2, 3},
        0.5, -0.25, 0.75,
        -0.5, 1.0, 0.25), null));
    nodes.put("if1", new IF(Tensor.vector(1.0, 1.0), Tensor.vector(theta, theta),
        Tensor.vector(vReset, vReset), null));
    nodes.put("out", new Output(Dims.of(2), null));
    return new NirGraph(nodes, List.of(new Edge("in", "fc"), new Edge("fc", "if1"),
        new Edge("if1", "out")));
  }

  /** Bernoulli(p) spikes, [steps][n], from a fixed seed. */
  static double[][] spikes(long seed, int steps, int n, double p) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[steps][n];
    for (double[] row : x) {
      for (int j = 0; j < n; j++) {
        row[j] = r.nextDouble() < p ? 1 : 0;
      }
    }
    return x;
  }

  static QuantConfig quantize(NirGraph g, Contract c) throws NirfpgaException {
    return Quantizer.quantize(g, QuantOptions.defaults(c));
  }

  static GoldenResult golden(NirGraph g, QuantConfig q, Contract c, double[][] x)
      throws NirfpgaException {
    return GoldenModel.create(g, q, c).run(x);
  }
}
