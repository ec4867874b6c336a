package org.nirfpga.nir.ref;

import org.nirfpga.nir.graph.Dims;

/**
 * One compiled node of the flattened graph: reads the summed input of its incoming edges and
 * writes its output for the current step.
 */
abstract class Op {
  final String name;
  final Dims shape;
  final double[] out;

  /**
   * Indices of the non-zero outputs of this step, valid when {@link #activeValid}; spiking ops
   * fill it so that a following Affine or convolution visits only the active inputs.
   */
  final int[] active;
  int activeCount;
  boolean activeValid;

  Op(String name, Dims shape) {
    this.name = name;
    this.shape = shape;
    this.out = new double[(int) shape.product()];
    this.active = new int[out.length];
  }

  /**
   * Like {@link #compute} when only the inputs {@code idx[0..n)} are non-zero; ops that can use
   * the list override it.
   */
  void computeSparse(double[] in, int[] idx, int n) {
    compute(in);
  }

  /** Computes {@link #out} from this step's summed input {@code in} (never modified). */
  abstract void compute(double[] in);

  /**
   * Zeroes the outputs listed in {@link #active}: an op whose other outputs are zero already
   * (a spiking op that writes only its spikes) starts its step with an all-zero output this way.
   */
  final void clearActive() {
    double[] o = out;
    int[] act = active;
    for (int q = 0; q < activeCount; q++) {
      o[act[q]] = 0.0;
    }
  }

  /**
   * Lists the indices of the non-zero values of {@link #out} in {@link #active} (ascending) and
   * marks the list valid when it is short enough to pay; returns the count.
   */
  final int listNonZero() {
    double[] o = out;
    int[] act = active;
    int n = 0;
    for (int k = 0; k < o.length; k++) {
      // Without a branch: a zero among random non-zeros is a coin flip for the predictor.
      // Shifting out the sign bit leaves 0 exactly for +0.0 and -0.0.
      long bits = Double.doubleToRawLongBits(o[k]) << 1;
      act[n] = k;
      n += (int) ((bits | -bits) >>> 63);
    }
    activeCount = n;
    activeValid = n < o.length / 4;
    return n;
  }

  /** Clears every state variable to its value before the first step. */
  void reset() {
    java.util.Arrays.fill(out, 0.0);
    activeCount = 0;
    activeValid = false;
  }

  /** The membrane state, or null for a node without one. */
  double[] v() {
    return null;
  }

  /** The synaptic current state (Cuba nodes), or null. */
  double[] i() {
    return null;
  }

  /** True when the output is a spike train (counts times the contract's amplitude). */
  boolean spiking() {
    return false;
  }

  /** Size of the input this op expects. */
  abstract int inputSize();
}
