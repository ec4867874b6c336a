package org.nirfpga.nir.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.AvgPool2d;
import org.nirfpga.nir.graph.Conv1d;
import org.nirfpga.nir.graph.Conv2d;
import org.nirfpga.nir.graph.Delay;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.Flatten;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Padding;
import org.nirfpga.nir.graph.SumPool2d;
import org.nirfpga.nir.graph.Tensor;

/** The stateless primitives against direct textbook implementations. */
class PrimitivesTest {
  static NirGraph chain(Dims inShape, NirNode node) {
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("input", new Input(inShape, null));
    nodes.put("n", node);
    nodes.put("output", new Output(Dims.of(1), null));
    return new NirGraph(nodes, List.of(new Edge("input", "n"), new Edge("n", "output")));
  }

  static double[] random(Random r, int n, double pZero) {
    double[] x = new double[n];
    for (int k = 0; k < n; k++) {
      x[k] = r.nextDouble() < pZero ? 0.0 : r.nextGaussian();
    }
    return x;
  }

  /** PyTorch's conv2d, written out: out[o][y][x] = b[o] + sum w[o][i][ky][kx] in[g*cpg+i][..]. */
  static double[] naiveConv2d(double[] in, int c, int h, int w, double[] wt, int o, int kh, int kw,
      int sy, int sx, int pt, int pl, int pb, int pr, int dy, int dx, int groups, double[] b) {
    int ho = (h + pt + pb - dy * (kh - 1) - 1) / sy + 1;
    int wo = (w + pl + pr - dx * (kw - 1) - 1) / sx + 1;
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
                int iy = y * sy - pt + ky * dy;
                int ix = x * sx - pl + kx * dx;
                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                  s += wt[((oc * cpg + i) * kh + ky) * kw + kx]
                      * in[((g * cpg + i) * h + iy) * w + ix];
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

  @ParameterizedTest(name = "c{0} o{1} k{2}x{3} s{4},{5} p{6},{7} d{8},{9} g{10}")
  @CsvSource({"2,16,5,5,2,2,1,1,1,1,1", "4,6,3,3,1,1,1,1,1,1,2", "3,3,3,2,2,1,0,2,2,1,3",
      "2,4,3,3,1,2,2,0,2,2,1", "4,8,1,1,1,1,0,0,1,1,4"})
  void conv2dEqualsTheTextbookSumOnSparseAndDenseInputs(int c, int o, int kh, int kw, int sy,
      int sx, int py, int px, int dy, int dx, int groups) throws Exception {
    Random r = new Random(7);
    int h = 9;
    int w = 8;
    double[] wt = random(r, o * (c / groups) * kh * kw, 0);
    double[] b = random(r, o, 0);
    Conv2d conv = new Conv2d(Dims.of(h, w), Tensor.of(new int[] {o, c / groups, kh, kw}, wt),
        Dims.of(sy, sx), Padding.of(py, px), Dims.of(dy, dx), groups, Tensor.vector(b), null);
    Evaluator ev = Evaluator.create(chain(Dims.of(c, h, w), conv), Contract.nir());
    for (double pZero : new double[] {0.0, 0.9}) {
      double[] x = random(r, c * h * w, pZero);
      ev.step(x);
      assertArrayEquals(naiveConv2d(x, c, h, w, wt, o, kh, kw, sy, sx, py, px, py, px, dy, dx,
          groups, b), ev.output("n"), 1e-12);
    }
  }

  @Test
  void sameAndValidPaddingFollowPyTorch() throws Exception {
    Random r = new Random(3);
    double[] wt = random(r, 2 * 2 * 4 * 3, 0);
    double[] b = {0.5, -0.5};
    double[] x = random(r, 2 * 6 * 7, 0.5);
    for (Padding p : List.of(Padding.SAME, Padding.VALID)) {
      Conv2d conv = new Conv2d(Dims.of(6, 7), Tensor.of(new int[] {2, 2, 4, 3}, wt), Dims.of(1, 1),
          p, Dims.of(1, 1), 1, Tensor.vector(b), null);
      Evaluator ev = Evaluator.create(chain(Dims.of(2, 6, 7), conv), Contract.nir());
      ev.step(x);
      // 'same' for an even kernel (4): 1 row before, 2 after, as PyTorch pads.
      double[] expected = p instanceof Padding.Same
          ? naiveConv2d(x, 2, 6, 7, wt, 2, 4, 3, 1, 1, 1, 1, 2, 1, 1, 1, 1, b)
          : naiveConv2d(x, 2, 6, 7, wt, 2, 4, 3, 1, 1, 0, 0, 0, 0, 1, 1, 1, b);
      assertEquals(p instanceof Padding.Same ? Dims.of(2, 6, 7) : Dims.of(2, 3, 5),
          ev.shapeOf("n"));
      assertArrayEquals(expected, ev.output("n"), 1e-12);
    }
  }

  @Test
  void conv1dIsAHeightOneConv2d() throws Exception {
    Random r = new Random(5);
    double[] wt = random(r, 4 * 1 * 3, 0);
    double[] b = random(r, 4, 0);
    double[] x = random(r, 2 * 10, 0.3);
    Conv1d conv = new Conv1d(10, Tensor.of(new int[] {4, 1, 3}, wt), 2, Padding.of(2), 2, 2,
        Tensor.vector(b), null);
    Evaluator ev = Evaluator.create(chain(Dims.of(2, 10), conv), Contract.nir());
    ev.step(x);
    assertArrayEquals(naiveConv2d(x, 2, 1, 10, wt, 4, 1, 3, 1, 2, 0, 2, 0, 2, 1, 2, 2, b),
        ev.output("n"), 1e-12);
    assertEquals(Dims.of(4, 5), ev.shapeOf("n"));
  }

  @Test
  void theConvolutionCheckCatchesAMisplacedWeight() throws Exception {
    Random r = new Random(7);
    double[] wt = random(r, 2 * 2 * 3 * 3, 0);
    double[] b = {0, 0};
    double[] x = random(r, 2 * 5 * 5, 0);
    Conv2d conv = new Conv2d(Dims.of(5, 5), Tensor.of(new int[] {2, 2, 3, 3}, wt), Dims.of(1, 1),
        Padding.of(1, 1), Dims.of(1, 1), 1, Tensor.vector(b), null);
    Evaluator ev = Evaluator.create(chain(Dims.of(2, 5, 5), conv), Contract.nir());
    ev.step(x);
    double[] flipped = wt.clone();
    flipped[0] = wt[8];
    flipped[8] = wt[0];
    assertNotEquals(0.0, maxDiff(naiveConv2d(x, 2, 5, 5, flipped, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1,
        1, b), ev.output("n")));
  }

  static double maxDiff(double[] a, double[] b) {
    double m = 0;
    for (int k = 0; k < a.length; k++) {
      m = Math.max(m, Math.abs(a[k] - b[k]));
    }
    return m;
  }

  @Test
  void sumAndAveragePoolingCountPaddingAsZeros() throws Exception {
    double[] x = new double[1 * 3 * 3];
    for (int k = 0; k < x.length; k++) {
      x[k] = k + 1;
    }
    Evaluator sum = Evaluator.create(chain(Dims.of(1, 3, 3),
        new SumPool2d(Dims.of(2, 2), Dims.of(2, 2), Dims.of(1, 1), null)), Contract.nir());
    sum.step(x);
    assertArrayEquals(new double[] {1, 2 + 3, 4 + 7, 5 + 6 + 8 + 9}, sum.output("n"));
    Evaluator avg = Evaluator.create(chain(Dims.of(1, 3, 3),
        new AvgPool2d(Dims.of(2, 2), Dims.of(2, 2), Dims.of(1, 1), null)), Contract.nir());
    avg.step(x);
    assertArrayEquals(new double[] {0.25, 1.25, 2.75, 7}, avg.output("n"));
  }

  @Test
  void poolingOfASparseSpikeListEqualsTheWindowSums() throws Exception {
    Random r = new Random(11);
    Evaluator ev = Evaluator.create(chain(Dims.of(3, 6, 6), new SumPool2d(Dims.of(3, 3),
        Dims.of(2, 2), Dims.of(1, 1), null)), Contract.nir());
    double[] x = random(r, 3 * 36, 0.95);
    ev.step(x);
    double[] expected = new double[3 * 3 * 3];
    for (int c = 0; c < 3; c++) {
      for (int oy = 0; oy < 3; oy++) {
        for (int ox = 0; ox < 3; ox++) {
          for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
              int y = oy * 2 - 1 + ky;
              int xx = ox * 2 - 1 + kx;
              if (y >= 0 && y < 6 && xx >= 0 && xx < 6) {
                expected[(c * 3 + oy) * 3 + ox] += x[(c * 6 + y) * 6 + xx];
              }
            }
          }
        }
      }
    }
    assertArrayEquals(expected, ev.output("n"), 1e-12);
  }

  @Test
  void flattenKeepsCOrder() throws Exception {
    Evaluator ev = Evaluator.create(chain(Dims.of(2, 2, 2),
        new Flatten(Dims.of(2, 2, 2), 0, -1, null)), Contract.nir());
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8};
    ev.step(x);
    assertArrayEquals(x, ev.output("n"));
    assertEquals(Dims.of(8), ev.shapeOf("n"));
  }

  @Test
  void delayShiftsByRoundedStepsPerElement() throws Exception {
    Evaluator ev = Evaluator.create(chain(Dims.of(3),
        new Delay(Tensor.vector(0.0, 1e-4, 2.6e-4), null)), Contract.nir());
    double[][] seen = new double[5][];
    for (int t = 0; t < 5; t++) {
      ev.step(new double[] {t + 1, t + 1, t + 1});
      seen[t] = ev.output("n");
    }
    assertArrayEquals(new double[] {1, 0, 0}, seen[0]);
    assertArrayEquals(new double[] {2, 1, 0}, seen[1]);
    assertArrayEquals(new double[] {4, 3, 1}, seen[3]);
    assertArrayEquals(new double[] {5, 4, 2}, seen[4]);
  }

  @Test
  void aParameterOfTheWrongSizeNamesNodeAndField() {
    NirfpgaException e = assertThrows(NirfpgaException.class, () -> Evaluator.create(
        chain(Dims.of(3), new Delay(Tensor.vector(0, 0), null)), Contract.nir()));
    assertEquals("node 'n': delay has 2 values (shape (2,)) for 3 neurons; give one value or 3",
        e.getMessage());
  }
}
