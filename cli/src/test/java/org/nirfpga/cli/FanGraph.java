package org.nirfpga.cli;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.nirfpga.gen.TestGraphs;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.data.NpyArray;
import org.nirfpga.nir.data.NpyDtype;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.hdf5.NirWriter;

/**
 * Test support: a graph with two Input and two Output nodes, written as .nir, and seeded spike
 * inputs for it. in1(4) -> Linear -> LIF a(5) -> 'oa'; in2(3) -> Linear -> LIF b(3); a and b ->
 * Linear each -> LIF c(4) -> 'oc'.
 */
final class FanGraph {
  private FanGraph() {}

  static NirGraph graph() {
    return TestGraphs.fan();
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
}
