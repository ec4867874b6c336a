package org.nirfpga.nir.ref;

import org.nirfpga.nir.graph.Dims;

/**
 * Affine and Linear: {@code y = W x (+ b)}. The weight is kept transposed so that each non-zero
 * input adds one contiguous column; zero inputs (most of a spike vector) cost nothing.
 */
final class DenseOp extends Op {
  private final int in;
  private final int outN;
  private final double[] wt;
  private final double[] bias;

  DenseOp(String name, double[] weightRowMajor, int outN, int in, double[] bias, Dims outShape) {
    super(name, outShape);
    this.in = in;
    this.outN = outN;
    this.wt = new double[in * outN];
    for (int o = 0; o < outN; o++) {
      for (int j = 0; j < in; j++) {
        wt[j * outN + o] = weightRowMajor[o * in + j];
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
    double[] w = wt;
    for (int j = 0; j < in; j++) {
      double xj = x[j];
      if (xj == 0.0) {
        continue;
      }
      int base = j * n;
      if (xj == 1.0) {
        for (int o = 0; o < n; o++) {
          y[o] += w[base + o];
        }
      } else {
        for (int o = 0; o < n; o++) {
          y[o] += xj * w[base + o];
        }
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
    double[] w = wt;
    for (int q = 0; q < count; q++) {
      int j = idx[q];
      double xj = x[j];
      int base = j * n;
      for (int o = 0; o < n; o++) {
        y[o] += xj * w[base + o];
      }
    }
  }

  @Override
  int inputSize() {
    return in;
  }
}
