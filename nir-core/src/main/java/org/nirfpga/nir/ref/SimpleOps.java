package org.nirfpga.nir.ref;

import java.util.Arrays;
import org.nirfpga.nir.graph.Dims;

/** The stateless and bookkeeping ops: graph ports, Flatten, Scale, Threshold and Delay. */
final class SimpleOps {
  private SimpleOps() {}

  /** A graph's Input: its output is whatever the caller supplies for the step. */
  static final class Source extends Op {
    Source(String name, Dims shape) {
      super(name, shape);
    }

    void set(double[] value) {
      System.arraycopy(value, 0, out, 0, out.length);
      // Worth a list only when sparse; a dense input is scanned directly.
      listNonZero();
    }

    @Override
    void compute(double[] in) {
      // Filled by set() before the step; an edge into an Input adds to it.
      if (in != null) {
        for (int k = 0; k < out.length; k++) {
          out[k] += in[k];
        }
        activeValid = false;
      }
    }

    @Override
    int inputSize() {
      return out.length;
    }
  }

  /**
   * Output ports, nested Input/Output ports and Flatten: data pass through unchanged, and a
   * spike train stays a spike train.
   */
  static final class Identity extends Op {
    private final boolean spiking;

    Identity(String name, Dims shape, boolean spiking) {
      super(name, shape);
      this.spiking = spiking;
    }

    @Override
    boolean spiking() {
      return spiking;
    }

    @Override
    void compute(double[] in) {
      System.arraycopy(in, 0, out, 0, out.length);
      activeValid = false;
    }

    /** Passes the source's list of non-zero inputs on with the data. */
    @Override
    void computeSparse(double[] in, int[] idx, int n) {
      System.arraycopy(in, 0, out, 0, out.length);
      System.arraycopy(idx, 0, active, 0, n);
      activeCount = n;
      activeValid = true;
    }

    @Override
    int inputSize() {
      return out.length;
    }
  }

  /** Scale: {@code y = s x} elementwise. */
  static final class ScaleOp extends Op {
    private final double[] s;

    ScaleOp(String name, Dims shape, double[] s) {
      super(name, shape);
      this.s = s;
    }

    @Override
    void compute(double[] in) {
      for (int k = 0; k < out.length; k++) {
        out[k] = s[k] * in[k];
      }
    }

    @Override
    int inputSize() {
      return out.length;
    }
  }

  /** Threshold: a spike of the contract's amplitude where {@code x > threshold}. */
  static final class ThresholdOp extends Op {
    private final double[] th;
    private final double amp;

    ThresholdOp(String name, Dims shape, double[] th, double amp) {
      super(name, shape);
      this.th = th;
      this.amp = amp;
    }

    @Override
    void compute(double[] in) {
      for (int k = 0; k < out.length; k++) {
        out[k] = in[k] > th[k] ? amp : 0.0;
      }
    }

    @Override
    boolean spiking() {
      return true;
    }

    @Override
    int inputSize() {
      return out.length;
    }
  }

  /**
   * Delay: {@code y[t] = x[t - d]} with {@code d = round(delay / dt)} steps per element, zero
   * before the first input arrives; a ring buffer of {@code max d + 1} steps.
   */
  static final class DelayOp extends Op {
    private final int[] steps;
    private final double[][] ring;
    private int now;

    DelayOp(String name, Dims shape, int[] steps) {
      super(name, shape);
      this.steps = steps;
      int max = Arrays.stream(steps).max().orElse(0);
      this.ring = new double[max + 1][out.length];
    }

    @Override
    void compute(double[] in) {
      int depth = ring.length;
      System.arraycopy(in, 0, ring[now], 0, out.length);
      for (int k = 0; k < out.length; k++) {
        out[k] = ring[Math.floorMod(now - steps[k], depth)][k];
      }
      now = (now + 1) % depth;
    }

    @Override
    void reset() {
      super.reset();
      for (double[] r : ring) {
        Arrays.fill(r, 0.0);
      }
      now = 0;
    }

    @Override
    int inputSize() {
      return out.length;
    }
  }
}
