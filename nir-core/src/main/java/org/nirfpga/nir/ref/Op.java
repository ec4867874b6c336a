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
