package org.nirfpga.nir.ref;

import java.util.Arrays;
import org.nirfpga.nir.graph.Dims;

/**
 * 2-d convolution (Conv1d runs as a height-1 Conv2d) with stride, zero padding, dilation and
 * groups, computed by scattering each non-zero input into the outputs it reaches, so a spike
 * map costs in proportion to its spikes. (Accumulating in (y, x, channel) order and transposing
 * measured no faster.)
 */
final class ConvOp extends Op {
  private final int cin;
  private final int h;
  private final int w;
  private final int cout;
  private final int ho;
  private final int wo;
  private final int kh;
  private final int kw;
  private final int cinPerGroup;
  private final int coutPerGroup;
  /** Weights as [group][ci in group][ky][kx][co in group]. */
  private final double[] wgt;
  private final double[] bias;
  /**
   * For each input pixel (y, x): pairs of (output position oy*wo+ox, weight offset
   * (ky*kw+kx)*coutPerGroup) it reaches, so the inner loops do no bounds tests.
   */
  private final int[] reachFlat;
  /** Pixel p's pairs are {@code reachFlat[reachEnd[p] .. reachEnd[p + 1])}. */
  private final int[] reachEnd;

  ConvOp(String name, int cin, int h, int w, double[] weight, int cout, int kh, int kw, int sy,
      int sx, int padTop, int padLeft, int padBottom, int padRight, int dy, int dx, int groups,
      double[] bias, Dims outShape) {
    super(name, outShape);
    this.cin = cin;
    this.h = h;
    this.w = w;
    this.cout = cout;
    this.kh = kh;
    this.kw = kw;
    this.ho = outSize(h, kh, sy, padTop + padBottom, dy);
    this.wo = outSize(w, kw, sx, padLeft + padRight, dx);
    this.cinPerGroup = cin / groups;
    this.coutPerGroup = cout / groups;
    this.bias = bias;
    this.wgt = new double[weight.length];
    for (int co = 0; co < cout; co++) {
      int g = co / coutPerGroup;
      int cog = co % coutPerGroup;
      for (int cig = 0; cig < cinPerGroup; cig++) {
        for (int ky = 0; ky < kh; ky++) {
          for (int kx = 0; kx < kw; kx++) {
            int src = ((co * cinPerGroup + cig) * kh + ky) * kw + kx;
            int dst = ((((g * cinPerGroup + cig) * kh + ky) * kw + kx) * coutPerGroup) + cog;
            wgt[dst] = weight[src];
          }
        }
      }
    }
    int[][] reach = new int[h * w][];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int[] tmp = new int[2 * kh * kw];
        int n = 0;
        for (int ky = 0; ky < kh; ky++) {
          int oyNum = y + padTop - ky * dy;
          if (oyNum < 0 || oyNum % sy != 0 || oyNum / sy >= ho) {
            continue;
          }
          for (int kx = 0; kx < kw; kx++) {
            int oxNum = x + padLeft - kx * dx;
            if (oxNum < 0 || oxNum % sx != 0 || oxNum / sx >= wo) {
              continue;
            }
            tmp[n++] = (oyNum / sy) * wo + oxNum / sx;
            tmp[n++] = (ky * kw + kx) * coutPerGroup;
          }
        }
        reach[y * w + x] = java.util.Arrays.copyOf(tmp, n);
      }
    }
    this.reachEnd = new int[h * w + 1];
    for (int p = 0; p < h * w; p++) {
      reachEnd[p + 1] = reachEnd[p] + reach[p].length;
    }
    this.reachFlat = new int[reachEnd[h * w]];
    for (int p = 0; p < h * w; p++) {
      System.arraycopy(reach[p], 0, reachFlat, reachEnd[p], reach[p].length);
    }
  }

  static int outSize(int in, int k, int stride, int padTotal, int dil) {
    return Math.floorDiv(in + padTotal - dil * (k - 1) - 1, stride) + 1;
  }

  int outHeight() {
    return ho;
  }

  int outWidth() {
    return wo;
  }

  @Override
  void compute(double[] in) {
    clear();
    int hw = h * w;
    for (int ci = 0; ci < cin; ci++) {
      int inBase = ci * hw;
      for (int p = 0; p < hw; p++) {
        double val = in[inBase + p];
        if (val != 0.0) {
          scatter(ci, p, val);
        }
      }
    }
  }

  @Override
  void computeSparse(double[] in, int[] idx, int n) {
    clear();
    int hw = h * w;
    for (int q = 0; q < n; q++) {
      int j = idx[q];
      // j = ci * hw + p.
      int ci = j / hw;
      scatter(ci, j - ci * hw, in[j]);
    }
  }

  private void clear() {
    int plane = ho * wo;
    for (int co = 0; co < cout; co++) {
      Arrays.fill(out, co * plane, (co + 1) * plane, bias == null ? 0.0 : bias[co]);
    }
  }

  /** Adds input {@code val} at channel ci, pixel p to every output it reaches. */
  private void scatter(int ci, int p, double val) {
    double[] a = out;
    double[] wt = wgt;
    int[] flat = reachFlat;
    int plane = ho * wo;
    int cpg = coutPerGroup;
    int coStart = (ci / cinPerGroup) * cpg * plane;
    int wRow = ci * kh * kw * cpg;
    int qEnd = reachEnd[p + 1];
    for (int q = reachEnd[p]; q < qEnd; q += 2) {
      int ab = flat[q] + coStart;
      int wb = wRow + flat[q + 1];
      for (int c = 0; c < cpg; c++) {
        a[ab] += val * wt[wb + c];
        ab += plane;
      }
    }
  }

  @Override
  int inputSize() {
    return cin * h * w;
  }
}
