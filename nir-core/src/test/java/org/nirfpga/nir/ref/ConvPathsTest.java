package org.nirfpga.nir.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nirfpga.nir.graph.Dims;

/**
 * Each of the convolution's three accumulation paths gives, bit for bit, the sum a direct loop
 * forms: bias first, then the terms in ascending input index.
 */
class ConvPathsTest {
  /** The direct sum, skipping zero inputs as the scatter does. */
  static double[] direct(double[] in, int c, int h, int w, double[] wt, int o, int kh, int kw,
      int sy, int sx, int pad, int dy, int dx, int groups, double[] b) {
    int ho = ConvOp.outSize(h, kh, sy, 2 * pad, dy);
    int wo = ConvOp.outSize(w, kw, sx, 2 * pad, dx);
    int cpg = c / groups;
    int opg = o / groups;
    double[] out = new double[o * ho * wo];
    for (int oc = 0; oc < o; oc++) {
      int g = oc / opg;
      for (int y = 0; y < ho; y++) {
        for (int x = 0; x < wo; x++) {
          double s = b[oc];
          for (int i = 0; i < cpg; i++) {
            for (int ky = 0; ky < kh; ky++) {
              for (int kx = 0; kx < kw; kx++) {
                int iy = y * sy - pad + ky * dy;
                int ix = x * sx - pad + kx * dx;
                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                  double v = in[((g * cpg + i) * h + iy) * w + ix];
                  if (v != 0.0) {
                    s += v * wt[((oc * cpg + i) * kh + ky) * kw + kx];
                  }
                }
              }
            }
          }
          out[(oc * ho + y) * wo + x] = s;
        }
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}: c{1} o{2} {3}x{4} k{5} s{6} p{7} d{8} g{9}")
  @CsvSource({
      "rows, 2, 16, 34, 34, 5, 2, 1, 1, 1",
      "rows, 16, 8, 8, 8, 3, 1, 1, 1, 1",
      "positions, 4, 32, 32, 32, 3, 1, 1, 1, 1",
      "runs, 4, 6, 9, 8, 3, 1, 1, 1, 2",
      "runs, 3, 4, 9, 8, 3, 1, 2, 2, 1"})
  void everyPathSumsLikeADirectLoopBitForBit(String path, int c, int o, int h, int w, int k,
      int stride, int pad, int dil, int groups) {
    Random r = new Random(11);
    double[] wt = new double[o * (c / groups) * k * k];
    double[] b = new double[o];
    for (int j = 0; j < wt.length; j++) {
      wt[j] = r.nextGaussian();
    }
    for (int j = 0; j < o; j++) {
      b[j] = r.nextGaussian();
    }
    int ho = ConvOp.outSize(h, k, stride, 2 * pad, dil);
    int wo = ConvOp.outSize(w, k, stride, 2 * pad, dil);
    ConvOp op = new ConvOp("n", c, h, w, wt, o, k, k, stride, stride, pad, pad, pad, pad, dil,
        dil, groups, b, Dims.of(o, ho, wo));
    assertEquals(path, op.path());
    for (int step = 0; step < 4; step++) {
      // Spikes (1.0, added without a multiplication), counts and signed values; sparse and not.
      double[] x = new double[c * h * w];
      int[] idx = new int[x.length];
      int n = 0;
      for (int j = 0; j < x.length; j++) {
        double u = r.nextDouble();
        x[j] = u < 0.7 ? 0.0 : step == 0 ? 1.0 : step == 1 ? 1 + r.nextInt(3) : r.nextGaussian();
        if (x[j] != 0.0) {
          idx[n++] = j;
        }
      }
      double[] expected = direct(x, c, h, w, wt, o, k, k, stride, stride, pad, dil, dil, groups,
          b);
      op.compute(x);
      assertArrayEquals(expected, op.out.clone(), "dense scan, step " + step);
      op.computeSparse(x, idx, n);
      assertArrayEquals(expected, op.out.clone(), "spike list, step " + step);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"rows, 2, 16, 34, 5, 2, 1", "positions, 4, 32, 32, 3, 1, 1",
      "runs, 4, 6, 9, 3, 1, 2"})
  void aMisplacedWeightIsCaughtOnEveryPath(String path, int c, int o, int h, int k, int stride,
      int groups) {
    Random r = new Random(5);
    double[] wt = new double[o * (c / groups) * k * k];
    for (int j = 0; j < wt.length; j++) {
      wt[j] = r.nextGaussian();
    }
    double[] b = new double[o];
    int ho = ConvOp.outSize(h, k, stride, 2, 1);
    // The planted fault: the op gets the kernel flipped left to right.
    double[] flipped = wt.clone();
    for (int j = 0; j < wt.length; j += k) {
      for (int kx = 0; kx < k; kx++) {
        flipped[j + kx] = wt[j + k - 1 - kx];
      }
    }
    ConvOp op = new ConvOp("n", c, h, h, flipped, o, k, k, stride, stride, 1, 1, 1, 1, 1, 1,
        groups, b, Dims.of(o, ho, ho));
    assertEquals(path, op.path());
    double[] x = new double[c * h * h];
    for (int j = 0; j < x.length; j++) {
      x[j] = r.nextDouble() < 0.3 ? 1.0 : 0.0;
    }
    op.compute(x);
    assertFalse(Arrays.equals(direct(x, c, h, h, wt, o, k, k, stride, stride, 1, 1, 1, groups,
        b), op.out));
  }
}
