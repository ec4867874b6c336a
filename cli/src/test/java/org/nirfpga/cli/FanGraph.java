package org.nirfpga.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.data.NpyArray;
import org.nirfpga.nir.data.NpyDtype;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.hdf5.NirWriter;

/**
 * Test support: a graph with two Input and two Output nodes, written as .nir, and seeded spike
 * inputs for it. in1(4) -> Linear -> LIF a(5) -> 'oa'; in2(3) -> Linear -> LIF b(3); a and b ->
 * Linear each -> LIF c(4) -> 'oc'.
 */
final class FanGraph {
  private FanGraph() {}

  static NirGraph graph() {
    SplittableRandom r = new SplittableRandom(23);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in1", new Input(Dims.of(4), null));
    nodes.put("in2", new Input(Dims.of(3), null));
    nodes.put("wa", new Linear(grid(r, 5, 4), null));
    nodes.put("wb", new Linear(grid(r, 3, 3), null));
    nodes.put("a", lif(5, 0.5));
    nodes.put("b", lif(3, 0.5));
    nodes.put("wac", new Linear(grid(r, 4, 5), null));
    nodes.put("wbc", new Linear(grid(r, 4, 3), null));
    nodes.put("c", lif(4, 0.75));
    nodes.put("oc", new Output(Dims.of(4), null));
    nodes.put("oa", new Output(Dims.of(5), null));
    String[] pairs = {"in1", "wa", "wa", "a", "in2", "wb", "wb", "b", "a", "wac", "wac", "c",
        "b", "wbc", "wbc", "c", "c", "oc", "a", "oa"};
    List<Edge> edges = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      edges.add(new Edge(pairs[i], pairs[i + 1]));
    }
    return new NirGraph(nodes, edges);
  }

  /** Writes the graph to {@code file}. */
  static Path write(Path file) throws Exception {
    NirWriter.write(file, graph());
    return file;
  }

  /** Bernoulli({@code p}) spikes, {@code steps} x {@code n}, from {@code seed}, as .npy. */
  static Path spikes(Path file, long seed, int steps, int n, double p) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[steps][n];
    for (double[] row : x) {
      for (int j = 0; j < n; j++) {
        row[j] = r.nextDouble() < p ? 1 : 0;
      }
    }
    Npy.write(file, NpyArray.ofRows(x, NpyDtype.FLOAT32));
    return file;
  }

  private static LIF lif(int n, double threshold) {
    return new LIF(Tensor.full(new int[] {n}, 2e-3), Tensor.full(new int[] {n}, 10.0),
        Tensor.full(new int[] {n}, 0.0), Tensor.full(new int[] {n}, threshold),
        Tensor.full(new int[] {n}, 0.0), null);
  }

  private static Tensor grid(SplittableRandom r, int rows, int cols) {
    double[] w = new double[rows * cols];
    for (int i = 0; i < w.length; i++) {
      w[i] = (r.nextInt(33) - 12) / 16.0;
    }
    return Tensor.of(new int[] {rows, cols}, w);
  }
}
