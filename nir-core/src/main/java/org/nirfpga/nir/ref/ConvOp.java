package org.nirfpga.nir.ref;

import org.nirfpga.nir.graph.Dims;

/**
 * 2-d convolution (Conv1d runs as a height-1 Conv2d) with stride, zero padding, dilation and
 * groups, computed by scattering each non-zero input into the outputs it reaches. Accumulation
 * happens in (y, x, channel) order so the innermost loop runs over contiguous output channels.
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
  private final int sy;
  private final int sx;
  private final int padTop;
  private final int padLeft;
  private final int dy;
  private final int dx;
  private final int cinPerGroup;
  private final int coutPerGroup;
  /** Weights as [group][ci in group][ky][kx][co in group]. */
  private final double[] wgt;
  private final double[] bias;
  private final double[] acc;
  /**
   * For each input pixel (y, x): pairs of (accumulator base, kernel offset ky*kw+kx) it reaches,
   * so the inner loops do no index arithmetic or bounds tests.
   */
  private final int[][] reach;

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
    this.sy = sy;
    this.sx = sx;
    this.padTop = padTop;
    this.padLeft = padLeft;
    this.dy = dy;
    this.dx = dx;
    this.ho = outSize(h, kh, sy, padTop + padBottom, dy);
    this.wo = outSize(w, kw, sx, padLeft + padRight, dx);
    this.cinPerGroup = cin / groups;
    this.coutPerGroup = cout / groups;
    this.bias = bias;
    this.acc = new double[ho * wo * cout];
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
    this.reach = new int[h * w][];
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
            tmp[n++] = ((oyNum / sy) * wo + oxNum / sx) * cout;
            tmp[n++] = ky * kw + kx;
          }
        }
        reach[y * w + x] = java.util.Arrays.copyOf(tmp, n);
      }
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
    double[] a = acc;
    int hw = h * w;
    int cpg = coutPerGroup;
    int kk = kh * kw;
    if (bias != null) {
      for (int p = 0, n = ho * wo; p < n; p++) {
        System.arraycopy(bias, 0, a, p * cout, cout);
      }
    } else {
      java.util.Arrays.fill(a, 0.0);
    }
    for (int ci = 0; ci < cin; ci++) {
      int g = ci / cinPerGroup;
      int coStart = g * cpg;
      int wRow = ci * kk * cpg;
      int inBase = ci * hw;
      for (int p = 0; p < hw; p++) {
        double val = in[inBase + p];
        if (val == 0.0) {
          continue;
        }
        int[] r = reach[p];
        for (int q = 0; q < r.length; q += 2) {
          int ab = r[q] + coStart;
          int wb = wRow + r[q + 1] * cpg;
          for (int c = 0; c < cpg; c++) {
            a[ab + c] += val * wgt[wb + c];
          }
        }
      }
    }
    double[] o = out;
    int plane = ho * wo;
    for (int p = 0; p < plane; p++) {
      int src = p * cout;
      for (int co = 0; co < cout; co++) {
        o[co * plane + p] = a[src + co];
      }
    }
  }

  @Override
  int inputSize() {
    return cin * h * w;
  }
}
