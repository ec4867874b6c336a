package org.nirfpga.nir.ref;

import org.nirfpga.nir.graph.Dims;

/**
 * Affine and Linear: {@code y = W x (+ b)}. The weight is kept as one array per input column so
 * that each non-zero input adds a column in a loop indexing output and column alike, which the
 * JIT vectorizes; zero inputs (most of a spike vector) cost nothing.
 */
final class DenseOp extends Op {
  private final int in;
  private final int outN;
  /** Column j of the weight: {@code cols[j][o] = W[o][j]}. */
  private final double[][] cols;
  private final double[] bias;

  DenseOp(String name, double[] weightRowMajor, int outN, int in, double[] bias, Dims outShape) {
    super(name, outShape);
    this.in = in;
    this.outN = outN;
    this.cols = new double[in][outN];
    for (int o = 0; o < outN; o++) {
      for (int j = 0; j < in; j++) {
        cols[j][o] = weightRowMajor[o * in + j];
      }
    }
    this.bias = bias;
  }

  @Override
  void compute(double[] x) {
    double[] y = out;
    if (bias != null) {
      System.arraycopy(bias, 0, y, 0, outN);
    } else {
      java.util.Arrays.fill(y, 0.0);
    }
    int n = outN;
    for (int j = 0; j < in; j++) {
      double xj = x[j];
      if (xj != 0.0) {
        add(y, cols[j], xj, n);
      }
    }
  }

  @Override
  void computeSparse(double[] x, int[] idx, int count) {
    double[] y = out;
    if (bias != null) {
      System.arraycopy(bias, 0, y, 0, outN);
    } else {
      java.util.Arrays.fill(y, 0.0);
    }
    int n = outN;
    for (int q = 0; q < count; q++) {
      int j = idx[q];
      add(y, cols[j], x[j], n);
    }
  }

  /** {@code y += xj * col}; a spike (1.0, exactly the weight) skips the multiplication. */
  private static void add(double[] y, double[] col, double xj, int n) {
    if (xj == 1.0) {
      for (int o = 0; o < n; o++) {
        y[o] += col[o];
      }
    } else {
      for (int o = 0; o < n; o++) {
        y[o] += xj * col[o];
      }
    }
  }

  @Override
  int inputSize() {
    return in;
  }
}
