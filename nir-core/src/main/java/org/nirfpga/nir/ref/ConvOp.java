package org.nirfpga.nir.ref;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nirfpga.nir.graph.Dims;

/**
 * 2-d convolution (Conv1d runs as a height-1 Conv2d) with stride, zero padding, dilation and
 * groups, computed by scattering each non-zero input into the outputs it reaches, so a spike
 * map costs in proportion to its spikes.
 *
 * <p>The scatter accumulates in (y, x, channel) order, then transposes into (channel, y, x).
 * The JIT (C2 of JDK 17) vectorizes a loop only when both arrays are indexed by the loop
 * variable alike, so the weights are laid out to match an accumulator:
 * <ul>
 *   <li>rows (one group, each input column reaching a gap-free range of output columns, weights
 *       up to {@link #ROW_PATH_MAX_DOUBLES}): one accumulator per output row, and per (input
 *       channel, kernel row, input column) a weight row with the taps at the accumulator
 *       positions they reach;
 *   <li>positions (one group, at least {@link #POSITION_PATH_MIN} output channels): one
 *       accumulator per output position and one weight vector per kernel tap;
 *   <li>runs (any other case): one flat accumulator, each pixel's taps along a kernel row added
 *       as one run of neighbouring outputs.
 * </ul>
 * Whatever the path, each output receives the bias first and then its terms in ascending input
 * index, so the sums are those of a direct loop, bit for bit.
 */
final class ConvOp extends Op {
  /**
   * The row path's weight rows hold {@code cin*kh*w*wo*cout} doubles, most of them never read;
   * above this many the position or run path is used.
   */
  static final long ROW_PATH_MAX_DOUBLES = 1 << 18;
  /** Output channels from which a per-position accumulator pays (a vector of 16 doubles). */
  static final int POSITION_PATH_MIN = 16;

  private final int cin;
  private final int h;
  private final int w;
  private final int cout;
  private final int ho;
  private final int wo;
  private final int taps;
  private final int cinPerGroup;
  private final int coutPerGroup;
  /** The bias, or zeros. */
  private final double[] bias;

  // Row path (null on the other paths).
  /** Accumulator per output row oy, in (x, channel) order. */
  private final double[][] accRows;
  /**
   * Weights of input channel ci, kernel row ky and input column x at {@code (ci*kh + ky)*w + x},
   * laid out like an accumulator row: the weight reaching output (ox, co) sits at
   * {@code ox*cout + co}; only {@code [rowStart[x], rowEnd[x])} is filled and ever read.
   */
  private final double[][] rowWeights;
  private final int[] rowStart;
  private final int[] rowEnd;
  /** An accumulator row holding only the bias, to start each step from. */
  private final double[] biasRow;
  /** Input row y reaches pairs (output row oy, kernel row ky) {@code yRows[y]}. */
  private final int[][] yRows;
  private final int kh;

  // Position path (null on the other paths).
  /** Accumulator per output position oy*wo+ox, over output channels. */
  private final double[][] accAt;
  /** Weights of tap (ci, ky, kx) at {@code ci*kh*kw + ky*kw + kx}, over output channels. */
  private final double[][] tapWeights;
  /** Input pixel p reaches pairs (position, tap ky*kw+kx) {@code reach[reachEnd[p] ..)}. */
  private final int[] reach;
  private final int[] reachEnd;

  // Run path (null on the other paths).
  /** The (y, x, channel) accumulator. */
  private final double[] acc;
  /** Weights in run order: input channel ci's block starts at {@code ci * perChannel}. */
  private final double[] runWeights;
  private final int perChannel;
  /**
   * For each input pixel p, triples (accumulator offset without the group's channel offset,
   * weight offset inside the channel's block, length) in {@code runs[runEnd[p] ..
   * runEnd[p + 1])}.
   */
  private final int[] runs;
  private final int[] runEnd;

  ConvOp(String name, int cin, int h, int w, double[] weight, int cout, int kh, int kw, int sy,
      int sx, int padTop, int padLeft, int padBottom, int padRight, int dy, int dx, int groups,
      double[] bias, Dims outShape) {
    super(name, outShape);
    this.cin = cin;
    this.h = h;
    this.w = w;
    this.cout = cout;
    this.ho = outSize(h, kh, sy, padTop + padBottom, dy);
    this.wo = outSize(w, kw, sx, padLeft + padRight, dx);
    this.taps = kh * kw;
    this.cinPerGroup = cin / groups;
    this.coutPerGroup = cout / groups;
    this.bias = bias == null ? new double[cout] : bias;
    Geometry g = new Geometry(kh, kw, sy, sx, padTop, padLeft, dy, dx);
    this.kh = kh;
    int[] span = groups == 1 ? rowSpans(g, w, wo) : null;
    if (span != null && (long) cin * kh * w * wo * cout <= ROW_PATH_MAX_DOUBLES) {
      this.accRows = new double[ho][wo * cout];
      this.biasRow = new double[wo * cout];
      for (int ox = 0; ox < wo; ox++) {
        System.arraycopy(this.bias, 0, biasRow, ox * cout, cout);
      }
      this.rowStart = new int[w];
      this.rowEnd = new int[w];
      this.rowWeights = new double[cin * kh * w][];
      for (int x = 0; x < w; x++) {
        rowStart[x] = span[2 * x] * cout;
        rowEnd[x] = span[2 * x + 1] * cout;
        for (int ci = 0; ci < cin; ci++) {
          for (int ky = 0; ky < kh; ky++) {
            double[] row = new double[rowEnd[x]];
            for (int kx = 0; kx < kw; kx++) {
              int ox = g.outX(x, kx);
              for (int co = 0; co < cout && ox >= 0; co++) {
                row[ox * cout + co] = weight[((co * cin + ci) * kh + ky) * kw + kx];
              }
            }
            rowWeights[(ci * kh + ky) * w + x] = row;
          }
        }
      }
      this.yRows = new int[h][];
      for (int y = 0; y < h; y++) {
        int[] buf = new int[2 * kh];
        int n = 0;
        for (int ky = 0; ky < kh; ky++) {
          int oy = g.outY(y, ky);
          if (oy >= 0) {
            buf[n++] = oy;
            buf[n++] = ky;
          }
        }
        yRows[y] = Arrays.copyOf(buf, n);
      }
      this.accAt = null;
      this.tapWeights = null;
      this.reach = null;
      this.reachEnd = null;
      this.acc = null;
      this.runWeights = null;
      this.perChannel = 0;
      this.runs = null;
      this.runEnd = null;
    } else if (groups == 1 && cout >= POSITION_PATH_MIN) {
      this.accRows = null;
      this.biasRow = null;
      this.rowWeights = null;
      this.rowStart = null;
      this.rowEnd = null;
      this.yRows = null;
      this.accAt = new double[ho * wo][cout];
      this.tapWeights = new double[cin * taps][cout];
      for (int co = 0; co < cout; co++) {
        for (int t = 0; t < cin * taps; t++) {
          tapWeights[t][co] = weight[co * cin * taps + t];
        }
      }
      int[] buf = new int[2 * h * w * taps];
      int n = 0;
      this.reachEnd = new int[h * w + 1];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int ky = 0; ky < kh; ky++) {
            int oy = g.outY(y, ky);
            for (int kx = 0; kx < kw && oy >= 0; kx++) {
              int ox = g.outX(x, kx);
              if (ox >= 0) {
                buf[n++] = oy * wo + ox;
                buf[n++] = ky * kw + kx;
              }
            }
          }
          reachEnd[y * w + x + 1] = n;
        }
      }
      this.reach = Arrays.copyOf(buf, n);
      this.acc = null;
      this.runWeights = null;
      this.perChannel = 0;
      this.runs = null;
      this.runEnd = null;
    } else {
      this.accRows = null;
      this.biasRow = null;
      this.rowWeights = null;
      this.rowStart = null;
      this.rowEnd = null;
      this.yRows = null;
      this.accAt = null;
      this.tapWeights = null;
      this.reach = null;
      this.reachEnd = null;
      this.acc = new double[ho * wo * cout];
      RunTable rt = new RunTable(g, h, w, wo, cout, coutPerGroup, groups == 1);
      this.runs = rt.runs;
      this.runEnd = rt.runEnd;
      this.perChannel = rt.blockDoubles;
      this.runWeights = new double[cin * perChannel];
      int block = 0;
      for (int[] t : rt.taps) {
        for (int ci = 0; ci < cin; ci++) {
          int grp = ci / cinPerGroup;
          int cig = ci % cinPerGroup;
          for (int j = 0; j < t.length / 2; j++) {
            for (int c = 0; c < coutPerGroup; c++) {
              int co = grp * coutPerGroup + c;
              runWeights[ci * perChannel + block + j * coutPerGroup + c] =
                  weight[((co * cinPerGroup + cig) * kh + t[2 * j]) * kw + t[2 * j + 1]];
            }
          }
        }
        block += t.length / 2 * coutPerGroup;
      }
    }
    reset();
  }

  /**
   * For each input column x, the output columns [first, end) its kernel taps reach, when every
   * such range is gap-free (so a row of weights covers it exactly); null otherwise.
   */
  private static int[] rowSpans(Geometry g, int w, int wo) {
    int[] span = new int[2 * w];
    for (int x = 0; x < w; x++) {
      int lo = Integer.MAX_VALUE;
      int hi = -1;
      int count = 0;
      for (int kx = 0; kx < g.kw; kx++) {
        int ox = g.outX(x, kx);
        if (ox >= 0) {
          lo = Math.min(lo, ox);
          hi = Math.max(hi, ox);
          count++;
        }
      }
      if (count == 0) {
        lo = 0;
        hi = -1;
      } else if (hi - lo + 1 != count) {
        return null;
      }
      span[2 * x] = lo;
      span[2 * x + 1] = hi + 1;
    }
    return span;
  }

  /** Where an input pixel lands: the output row/column of a kernel tap, or -1 for none. */
  private final class Geometry {
    final int kh;
    final int kw;
    final int sy;
    final int sx;
    final int padTop;
    final int padLeft;
    final int dy;
    final int dx;

    Geometry(int kh, int kw, int sy, int sx, int padTop, int padLeft, int dy, int dx) {
      this.kh = kh;
      this.kw = kw;
      this.sy = sy;
      this.sx = sx;
      this.padTop = padTop;
      this.padLeft = padLeft;
      this.dy = dy;
      this.dx = dx;
    }

    int outY(int y, int ky) {
      int num = y + padTop - ky * dy;
      return num < 0 || num % sy != 0 || num / sy >= ho ? -1 : num / sy;
    }

    int outX(int x, int kx) {
      int num = x + padLeft - kx * dx;
      return num < 0 || num % sx != 0 || num / sx >= wo ? -1 : num / sx;
    }
  }

  /**
   * The runs of the run path: per input pixel and kernel row, the taps in ascending output x,
   * split where the outputs stop being neighbours; equal tap lists share a weight block.
   */
  private static final class RunTable {
    final List<int[]> taps = new ArrayList<>();
    final int[] runEnd;
    int[] runs = new int[16];
    int blockDoubles;

    RunTable(Geometry g, int h, int w, int wo, int cout, int cpg, boolean merge) {
      Map<List<Integer>, Integer> blockOf = new HashMap<>();
      runEnd = new int[h * w + 1];
      int n = 0;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int ky = 0; ky < g.kh; ky++) {
            int oy = g.outY(y, ky);
            if (oy < 0) {
              continue;
            }
            List<Integer> run = new ArrayList<>();
            int runOx = -1;
            int lastOx = -2;
            // Descending kx is ascending output x; kx = -1 closes the last run.
            for (int kx = g.kw - 1; kx >= -1; kx--) {
              int ox = kx >= 0 ? g.outX(x, kx) : -1;
              if (kx >= 0 && ox < 0) {
                continue;
              }
              if (!run.isEmpty() && (kx < 0 || !merge || ox != lastOx + 1)) {
                Integer block = blockOf.get(run);
                if (block == null) {
                  block = blockDoubles;
                  blockOf.put(List.copyOf(run), block);
                  taps.add(run.stream().mapToInt(Integer::intValue).toArray());
                  blockDoubles += run.size() / 2 * cpg;
                }
                if (runs.length < n + 3) {
                  runs = Arrays.copyOf(runs, 2 * runs.length);
                }
                runs[n++] = (oy * wo + runOx) * cout;
                runs[n++] = block;
                runs[n++] = run.size() / 2 * cpg;
                run = new ArrayList<>();
              }
              if (kx >= 0) {
                if (run.isEmpty()) {
                  runOx = ox;
                }
                run.add(ky);
                run.add(kx);
                lastOx = ox;
              }
            }
          }
          runEnd[y * w + x + 1] = n;
        }
      }
      runs = Arrays.copyOf(runs, n);
    }
  }

  static int outSize(int in, int k, int stride, int padTotal, int dil) {
    return Math.floorDiv(in + padTotal - dil * (k - 1) - 1, stride) + 1;
  }

  /** Which accumulation this op uses: {@code "rows"}, {@code "positions"} or {@code "runs"}. */
  String path() {
    return accRows != null ? "rows" : accAt != null ? "positions" : "runs";
  }

  int outHeight() {
    return ho;
  }

  int outWidth() {
    return wo;
  }

  @Override
  void compute(double[] in) {
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
    finish();
  }

  @Override
  void computeSparse(double[] in, int[] idx, int n) {
    int hw = h * w;
    // j = ci * hw + p; the list ascends, so the channel only steps forward (no division).
    int ci = 0;
    int chanStart = 0;
    for (int q = 0; q < n; q++) {
      int j = idx[q];
      while (j >= chanStart + hw) {
        ci++;
        chanStart += hw;
      }
      scatter(ci, j - chanStart, in[j]);
    }
    finish();
  }

  private void scatter(int ci, int p, double val) {
    if (accRows != null) {
      scatterRows(ci, p, val);
    } else if (accAt != null) {
      scatterAt(ci, p, val);
    } else {
      scatterRuns(ci, p, val);
    }
  }

  /**
   * Copies the accumulators into {@link #out} in (channel, y, x) order and sets them back to
   * the bias for the next step. The copy writes {@link #out} in order: writing one position's
   * channels at a stride of a whole plane keeps landing in the same few cache sets.
   */
  private void finish() {
    double[] o = out;
    double[] b = bias;
    int plane = ho * wo;
    int n = cout;
    if (accRows != null) {
      // Row by row: one accumulator row stays in the first-level cache while it is read.
      for (int oy = 0; oy < ho; oy++) {
        double[] row = accRows[oy];
        int co = 0;
        // Four channels per pass: each pass reads the row once for four output planes.
        for (; co + 4 <= n; co += 4) {
          int d0 = co * plane + oy * wo;
          int d1 = d0 + plane;
          int d2 = d1 + plane;
          int d3 = d2 + plane;
          for (int ox = 0; ox < wo; ox++) {
            int src = ox * n + co;
            o[d0 + ox] = row[src];
            o[d1 + ox] = row[src + 1];
            o[d2 + ox] = row[src + 2];
            o[d3 + ox] = row[src + 3];
          }
        }
        for (; co < n; co++) {
          int dst = co * plane + oy * wo;
          for (int ox = 0; ox < wo; ox++) {
            o[dst + ox] = row[ox * n + co];
          }
        }
        System.arraycopy(biasRow, 0, row, 0, row.length);
      }
      return;
    }
    if (accAt != null) {
      double[][] at = accAt;
      for (int co = 0; co < n; co++) {
        int dst = co * plane;
        double bco = b[co];
        for (int pos = 0; pos < plane; pos++) {
          double[] a = at[pos];
          o[dst + pos] = a[co];
          a[co] = bco;
        }
      }
      return;
    }
    double[] a = acc;
    for (int co = 0; co < n; co++) {
      int dst = co * plane;
      double bco = b[co];
      for (int pos = 0; pos < plane; pos++) {
        o[dst + pos] = a[pos * n + co];
        a[pos * n + co] = bco;
      }
    }
  }

  @Override
  void reset() {
    super.reset();
    int plane = ho * wo;
    for (int pos = 0; pos < plane; pos++) {
      if (accRows != null) {
        System.arraycopy(bias, 0, accRows[pos / wo], (pos % wo) * cout, cout);
      } else if (accAt != null) {
        System.arraycopy(bias, 0, accAt[pos], 0, cout);
      } else {
        System.arraycopy(bias, 0, acc, pos * cout, cout);
      }
    }
  }

  /**
   * Row path: adds input {@code val} at channel ci, pixel p to every output it reaches: per
   * kernel row one stretch of an accumulator row, indexed exactly like its weight row, which
   * the JIT vectorizes; up to three kernel rows share one loop. A pixel's kernel rows reach
   * distinct output rows.
   */
  private void scatterRows(int ci, int p, double val) {
    int y = p / w;
    int x = p - y * w;
    int s = rowStart[x];
    int e = rowEnd[x];
    int[] ys = yRows[y];
    double[][] rows = accRows;
    double[][] rw = rowWeights;
    int wb = ci * kh;
    boolean spike = val == 1.0;
    int q = 0;
    for (; q + 6 <= ys.length; q += 6) {
      double[] a0 = rows[ys[q]];
      double[] a1 = rows[ys[q + 2]];
      double[] a2 = rows[ys[q + 4]];
      double[] w0 = rw[(wb + ys[q + 1]) * w + x];
      double[] w1 = rw[(wb + ys[q + 3]) * w + x];
      double[] w2 = rw[(wb + ys[q + 5]) * w + x];
      if (spike) {
        for (int c = s; c < e; c++) {
          a0[c] += w0[c];
          a1[c] += w1[c];
          a2[c] += w2[c];
        }
      } else {
        for (int c = s; c < e; c++) {
          a0[c] += val * w0[c];
          a1[c] += val * w1[c];
          a2[c] += val * w2[c];
        }
      }
    }
    if (q + 4 <= ys.length) {
      double[] a0 = rows[ys[q]];
      double[] a1 = rows[ys[q + 2]];
      double[] w0 = rw[(wb + ys[q + 1]) * w + x];
      double[] w1 = rw[(wb + ys[q + 3]) * w + x];
      if (spike) {
        for (int c = s; c < e; c++) {
          a0[c] += w0[c];
          a1[c] += w1[c];
        }
      } else {
        for (int c = s; c < e; c++) {
          a0[c] += val * w0[c];
          a1[c] += val * w1[c];
        }
      }
      q += 4;
    }
    for (; q < ys.length; q += 2) {
      double[] a = rows[ys[q]];
      double[] wt = rw[(wb + ys[q + 1]) * w + x];
      if (spike) {
        for (int c = s; c < e; c++) {
          a[c] += wt[c];
        }
      } else {
        for (int c = s; c < e; c++) {
          a[c] += val * wt[c];
        }
      }
    }
  }

  /**
   * Position path: adds input {@code val} at channel ci, pixel p to every output it reaches.
   * Three (position, tap) pairs share one loop: the loop overhead, not the arithmetic, is what
   * a 16-channel vector loop spends its time on. A pixel reaches each position once, so the
   * three accumulators are distinct.
   */
  private void scatterAt(int ci, int p, double val) {
    double[][] at = accAt;
    double[][] tw = tapWeights;
    int[] r = reach;
    int tb = ci * taps;
    int q = reachEnd[p];
    int qEnd = reachEnd[p + 1];
    int n = cout;
    // 1.0 * w == w exactly: a spike adds its weights without the multiplications.
    boolean spike = val == 1.0;
    for (; q + 6 <= qEnd; q += 6) {
      double[] a0 = at[r[q]];
      double[] a1 = at[r[q + 2]];
      double[] a2 = at[r[q + 4]];
      double[] w0 = tw[tb + r[q + 1]];
      double[] w1 = tw[tb + r[q + 3]];
      double[] w2 = tw[tb + r[q + 5]];
      if (spike) {
        for (int c = 0; c < n; c++) {
          a0[c] += w0[c];
          a1[c] += w1[c];
          a2[c] += w2[c];
        }
      } else {
        for (int c = 0; c < n; c++) {
          a0[c] += val * w0[c];
          a1[c] += val * w1[c];
          a2[c] += val * w2[c];
        }
      }
    }
    for (; q < qEnd; q += 2) {
      double[] a = at[r[q]];
      double[] w = tw[tb + r[q + 1]];
      if (spike) {
        for (int c = 0; c < n; c++) {
          a[c] += w[c];
        }
      } else {
        for (int c = 0; c < n; c++) {
          a[c] += val * w[c];
        }
      }
    }
  }

  /** Run path: adds input {@code val} at channel ci, pixel p to every output it reaches. */
  private void scatterRuns(int ci, int p, double val) {
    double[] a = acc;
    double[] wt = runWeights;
    int[] r = runs;
    int coStart = (ci / cinPerGroup) * coutPerGroup;
    int wBase = ci * perChannel;
    int qEnd = runEnd[p + 1];
    if (val == 1.0) {
      for (int q = runEnd[p]; q < qEnd; q += 3) {
        int ab = r[q] + coStart;
        int wb = wBase + r[q + 1];
        int len = r[q + 2];
        for (int c = 0; c < len; c++) {
          a[ab + c] += wt[wb + c];
        }
      }
      return;
    }
    for (int q = runEnd[p]; q < qEnd; q += 3) {
      int ab = r[q] + coStart;
      int wb = wBase + r[q + 1];
      int len = r[q + 2];
      for (int c = 0; c < len; c++) {
        a[ab + c] += val * wt[wb + c];
      }
    }
  }

  @Override
  int inputSize() {
    return cin * h * w;
  }
}
