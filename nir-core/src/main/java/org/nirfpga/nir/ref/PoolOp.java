package org.nirfpga.nir.ref;

import org.nirfpga.nir.graph.Dims;

/**
 * SumPool2d and AvgPool2d per channel over zero padding; the average divides by the full window
 * size, padding included (PyTorch's default {@code count_include_pad=True}).
 */
final class PoolOp extends Op {
  private final int c;
  private final int h;
  private final int w;
  private final int kh;
  private final int kw;
  private final int sy;
  private final int sx;
  private final int py;
  private final int px;
  private final int ho;
  private final int wo;
  private final double scale;
  /** Input pixel p reaches output positions {@code reachFlat[reachEnd[p] .. reachEnd[p + 1])}. */
  private final int[] reachEnd;
  private final int[] reachFlat;

  PoolOp(String name, int c, int h, int w, int kh, int kw, int sy, int sx, int py, int px,
      boolean average, Dims outShape) {
    super(name, outShape);
    this.c = c;
    this.h = h;
    this.w = w;
    this.kh = kh;
    this.kw = kw;
    this.sy = sy;
    this.sx = sx;
    this.py = py;
    this.px = px;
    this.ho = outSize(h, kh, sy, py);
    this.wo = outSize(w, kw, sx, px);
    this.scale = average ? 1.0 / (kh * kw) : 1.0;
    // The output positions of each input pixel, found once, so that scattering a spike list
    // needs no division.
    this.reachEnd = new int[h * w + 1];
    int[] tmp = new int[h * w * kh * kw];
    int n = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int ky = 0; ky < kh; ky++) {
          int oyNum = y + py - ky;
          if (oyNum < 0 || oyNum % sy != 0 || oyNum / sy >= ho) {
            continue;
          }
          for (int kx = 0; kx < kw; kx++) {
            int oxNum = x + px - kx;
            if (oxNum >= 0 && oxNum % sx == 0 && oxNum / sx < wo) {
              tmp[n++] = (oyNum / sy) * wo + oxNum / sx;
            }
          }
        }
        reachEnd[y * w + x + 1] = n;
      }
    }
    this.reachFlat = java.util.Arrays.copyOf(tmp, n);
  }

  static int outSize(int in, int k, int stride, int pad) {
    return Math.floorDiv(in + 2 * pad - k, stride) + 1;
  }

  @Override
  void compute(double[] in) {
    int n = 0;
    for (int ch = 0; ch < c; ch++) {
      int base = ch * h * w;
      for (int oy = 0; oy < ho; oy++) {
        for (int ox = 0; ox < wo; ox++) {
          double s = 0;
          for (int ky = 0; ky < kh; ky++) {
            int y = oy * sy - py + ky;
            if (y < 0 || y >= h) {
              continue;
            }
            for (int kx = 0; kx < kw; kx++) {
              int x = ox * sx - px + kx;
              if (x >= 0 && x < w) {
                s += in[base + y * w + x];
              }
            }
          }
          out[n++] = s * scale;
        }
      }
    }
    listNonZero();
  }

  @Override
  void computeSparse(double[] in, int[] idx, int n) {
    java.util.Arrays.fill(out, 0.0);
    int hw = h * w;
    int plane = ho * wo;
    int[] ends = reachEnd;
    int[] flat = reachFlat;
    for (int q = 0; q < n; q++) {
      int j = idx[q];
      int ch = j / hw;
      int p = j - ch * hw;
      double val = in[j] * scale;
      int base = ch * plane;
      for (int e = ends[p]; e < ends[p + 1]; e++) {
        out[base + flat[e]] += val;
      }
    }
    // The next layer (a convolution behind the pooling) then visits only the non-zero sums.
    listNonZero();
  }

  @Override
  int inputSize() {
    return c * h * w;
  }
}
