package org.nirfpga.nir.ref;

import java.util.Objects;
import org.nirfpga.nir.graph.Dims;

/**
 * What was recorded of one node over a run: output per step ({@code output[t][k]}, C order over
 * {@code shape}), and the membrane {@code v} and synaptic current {@code i} per step (null where
 * the node has no such state). States are read after the step's reset.
 */
public record NodeTrace(String node, String type, Dims shape, boolean spiking, double amplitude,
    double[][] output, double[][] v, double[][] i) {
  public NodeTrace {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(output, "output");
  }

  public int steps() {
    return output.length;
  }

  /** Spikes emitted: the outputs summed, over the spike amplitude; 0 for non-spiking nodes. */
  public long spikeCount() {
    if (!spiking) {
      return 0;
    }
    double s = 0;
    for (double[] row : output) {
      for (double x : row) {
        s += x;
      }
    }
    return Math.round(s / amplitude);
  }
}
