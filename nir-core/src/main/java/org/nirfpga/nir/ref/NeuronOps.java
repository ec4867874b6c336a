package org.nirfpga.nir.ref;

import java.util.Arrays;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.ref.Contract.CubaCurrentOrder;
import org.nirfpga.nir.ref.Contract.IfMode;
import org.nirfpga.nir.ref.Contract.Integrator;
import org.nirfpga.nir.ref.Contract.Reset;

/**
 * The neuron ops (I, LI, IF, LIF, CubaLI, CubaLIF) under a {@link Contract}. Parameters arrive
 * expanded to one value per neuron. The equations are those of docs/semantics.md.
 */
final class NeuronOps {
  private NeuronOps() {}

  /** {@code e^(-dt/tau)} per neuron for the exp-decay integrator, else null. */
  static double[] decayOrNull(Integrator integrator, double dt, double[] tau) {
    if (integrator != Integrator.EXP_DECAY) {
      return null;
    }
    double[] d = new double[tau.length];
    for (int k = 0; k < tau.length; k++) {
      d[k] = Math.exp(-dt / tau[k]);
    }
    return d;
  }

  /** Iterations of the bisection that locates a CubaLIF threshold crossing inside a step. */
  private static final int BISECTIONS = 60;

  /** Base of the ops that hold a membrane potential. */
  abstract static class Membrane extends Op {
    final double[] v;
    final double dt;

    Membrane(String name, Dims shape, double dt) {
      super(name, shape);
      this.v = new double[out.length];
      this.dt = dt;
    }

    @Override
    void reset() {
      super.reset();
      Arrays.fill(v, 0.0);
    }

    @Override
    double[] v() {
      return v;
    }

    @Override
    int inputSize() {
      return out.length;
    }
  }

  /** Base of the spiking neurons: threshold test and reset at the end of an Euler step. */
  abstract static class Spiking extends Membrane {
    final double[] th;
    final double[] vReset;
    final Reset reset;
    final double amp;

    Spiking(String name, Dims shape, double dt, double[] th, double[] vReset, Reset reset,
        double amp) {
      super(name, shape, dt);
      this.th = th;
      this.vReset = vReset;
      this.reset = reset;
      this.amp = amp;
    }

    /**
     * Sets {@code v[k]} (still the previous step's value on entry) from the integrated value
     * {@code vInt} and returns 1 for a spike, else 0.
     */
    final int fire(int k, double vInt) {
      double t = th[k];
      if (reset == Reset.TO_V_RESET) {
        if (vInt > t) {
          v[k] = vReset[k];
          return 1;
        }
        v[k] = vInt;
        return 0;
      }
      if (reset == Reset.SUBTRACT) {
        if (vInt > t) {
          v[k] = vInt - t;
          return 1;
        }
        v[k] = vInt;
        return 0;
      }
      // snnTorch's reset_delay=False: last step's excess above threshold is subtracted during
      // integration, then corrected by this step's spike.
      int wasAbove = v[k] > t ? 1 : 0;
      double u = vInt - wasAbove * t;
      int z = u > t ? 1 : 0;
      v[k] = u - (z - wasAbove) * t;
      return z;
    }

    /** The membrane value right after a reset at a crossing of the threshold (exact integrator). */
    final double afterCrossing(int k) {
      return reset == Reset.TO_V_RESET ? vReset[k] : 0.0;
    }

    @Override
    boolean spiking() {
      return true;
    }
  }

  /** I: {@code dv/dt = r x}; outputs v. Euler and exact agree for input held over the step. */
  static final class IOp extends Membrane {
    private final double[] r;

    IOp(String name, Dims shape, double dt, double[] r) {
      super(name, shape, dt);
      this.r = r;
    }

    @Override
    void compute(double[] x) {
      for (int k = 0; k < v.length; k++) {
        v[k] += dt * r[k] * x[k];
        out[k] = v[k];
      }
    }
  }

  /** LI: {@code tau dv/dt = v_leak - v + r x}; outputs v. */
  static final class LIOp extends Membrane {
    private final double[] r;
    private final double[] vLeak;
    private final double[] k1;
    private final boolean exact;
    private final double[] decay;

    LIOp(String name, Dims shape, double dt, double[] tau, double[] r, double[] vLeak,
        Integrator integrator) {
      super(name, shape, dt);
      this.r = r;
      this.vLeak = vLeak;
      this.exact = integrator == Integrator.EXACT;
      this.decay = decayOrNull(integrator, dt, tau);
      this.k1 = new double[tau.length];
      for (int k = 0; k < tau.length; k++) {
        k1[k] = exact ? Math.exp(-dt / tau[k]) : dt / tau[k];
      }
    }

    @Override
    void compute(double[] x) {
      for (int k = 0; k < v.length; k++) {
        if (exact) {
          double target = vLeak[k] + r[k] * x[k];
          v[k] = target + (v[k] - target) * k1[k];
        } else if (decay != null) {
          v[k] = vLeak[k] + (v[k] - vLeak[k]) * decay[k] + k1[k] * r[k] * x[k];
        } else {
          v[k] = v[k] + k1[k] * ((vLeak[k] - v[k]) + r[k] * x[k]);
        }
        out[k] = v[k];
      }
    }
  }

  /** IF in one of the contract's three meanings (see {@link IfMode}). */
  static final class IFOp extends Spiking {
    private final double[] r;
    private final IfMode mode;
    private final boolean exact;
    /** All neurons share r, v_threshold and v_reset (every IF layer of the corpus). */
    private final boolean uniform;

    IFOp(String name, Dims shape, Contract c, double[] r, double[] th, double[] vReset,
        double amp) {
      super(name, shape, c.dt(), th, vReset, c.reset(), amp);
      this.r = r;
      this.mode = c.ifMode();
      this.exact = c.integrator() == Integrator.EXACT && mode == IfMode.NIR;
      this.uniform = same(r) && same(th) && same(vReset);
    }

    private static boolean same(double[] a) {
      for (double x : a) {
        if (Double.compare(x, a[0]) != 0) {
          return false;
        }
      }
      return true;
    }

    @Override
    void compute(double[] x) {
      if (mode == IfMode.SINABS_MULTISPIKE) {
        clearActive();
        int n = 0;
        int[] act = active;
        if (uniform) {
          // Integrate and clamp in one branch-free loop, then find the crossings: most neurons
          // stay below threshold, so the division runs only for the few that spike.
          double[] vv = v;
          double t = th[0];
          double rr = r[0];
          double lo = -t;
          for (int k = 0; k < vv.length; k++) {
            vv[k] = Math.max(lo, vv[k] + rr * x[k]);
          }
          for (int k = 0; k < vv.length; k++) {
            double u = vv[k];
            if (u >= t) {
              double count = Math.floor(u / t);
              vv[k] = u - count * t;
              out[k] = count * amp;
              act[n++] = k;
            }
          }
          activeCount = n;
          activeValid = true;
          return;
        }
        for (int k = 0; k < v.length; k++) {
          double t = uniform ? th[0] : th[k];
          double u = v[k] + (uniform ? r[0] : r[k]) * x[k];
          if (u < -t) {
            u = -t;
          }
          if (u >= t) {
            double count = Math.floor(u / t);
            v[k] = u - count * t;
            out[k] = count * amp;
            act[n++] = k;
          } else {
            v[k] = u;
          }
        }
        activeCount = n;
        activeValid = true;
        return;
      }
      double scale = mode == IfMode.NIR ? dt : 1.0;
      if (!exact && reset == Reset.TO_V_RESET) {
        // The common case (Norse, NIR) without per-element option tests.
        clearActive();
        int n = 0;
        int[] act = active;
        double[] vv = v;
        int len = vv.length;
        // Integrate first, in a loop the JIT vectorizes; then find the crossings. The values
        // are those of one combined loop.
        if (uniform) {
          // Scalars instead of three parameter arrays: the loop streams half the memory.
          double sr = scale * r[0];
          double t = th[0];
          double vr = vReset[0];
          for (int k = 0; k < len; k++) {
            vv[k] = vv[k] + sr * x[k];
          }
          for (int k = 0; k < len; k++) {
            if (vv[k] > t) {
              vv[k] = vr;
              act[n++] = k;
            }
          }
        } else {
          double[] rr = r;
          for (int k = 0; k < len; k++) {
            vv[k] = vv[k] + scale * rr[k] * x[k];
          }
          for (int k = 0; k < len; k++) {
            if (vv[k] > th[k]) {
              vv[k] = vReset[k];
              act[n++] = k;
            }
          }
        }
        for (int q = 0; q < n; q++) {
          out[act[q]] = amp;
        }
        activeCount = n;
        activeValid = true;
        return;
      }
      for (int k = 0; k < v.length; k++) {
        if (exact) {
          out[k] = exactStep(k, r[k] * x[k]) * amp;
          continue;
        }
        double u = v[k] + scale * r[k] * x[k];
        out[k] = fire(k, u) * amp;
      }
    }

    /** dv/dt = rate over the step; each crossing resets and the remaining time integrates on. */
    private int exactStep(int k, double rate) {
      double t = th[k];
      double remaining = dt;
      double u = v[k];
      int spikes = 0;
      while (rate > 0 && u + rate * remaining > t) {
        double s = Math.max(0.0, (t - u) / rate);
        remaining -= s;
        u = afterCrossing(k);
        spikes++;
        if (afterCrossing(k) >= t) {
          break;
        }
      }
      v[k] = u + rate * remaining;
      return spikes;
    }
  }

  /** LIF: {@code tau dv/dt = v_leak - v + r x}, spike when {@code v > v_threshold}. */
  static final class LIFOp extends Spiking {
    private final double[] r;
    private final double[] vLeak;
    private final double[] tau;
    private final double[] k1;
    private final boolean exact;
    private final double[] decay;

    LIFOp(String name, Dims shape, Contract c, double[] tau, double[] r, double[] vLeak,
        double[] th, double[] vReset, double amp) {
      super(name, shape, c.dt(), th, vReset, c.reset(), amp);
      this.r = r;
      this.vLeak = vLeak;
      this.tau = tau;
      this.exact = c.integrator() == Integrator.EXACT;
      this.decay = decayOrNull(c.integrator(), dt, tau);
      this.k1 = new double[tau.length];
      for (int k = 0; k < tau.length; k++) {
        k1[k] = dt / tau[k];
      }
    }

    @Override
    void compute(double[] x) {
      for (int k = 0; k < v.length; k++) {
        if (exact) {
          out[k] = exactStep(k, vLeak[k] + r[k] * x[k]) * amp;
          continue;
        }
        double u = decay != null
            ? vLeak[k] + (v[k] - vLeak[k]) * decay[k] + k1[k] * r[k] * x[k]
            : v[k] + k1[k] * ((vLeak[k] - v[k]) + r[k] * x[k]);
        out[k] = fire(k, u) * amp;
      }
    }

    /**
     * Exponential relaxation towards {@code target} over the step; a crossing of the threshold
     * at time {@code s = tau ln((target - v)/(target - th))} resets there.
     */
    private int exactStep(int k, double target) {
      double t = th[k];
      double remaining = dt;
      double u = v[k];
      int spikes = 0;
      while (target > t && target + (u - target) * Math.exp(-remaining / tau[k]) > t) {
        double s = u >= t ? 0.0 : tau[k] * Math.log((target - u) / (target - t));
        remaining -= s;
        u = afterCrossing(k);
        spikes++;
        if (u >= t) {
          break;
        }
      }
      v[k] = target + (u - target) * Math.exp(-remaining / tau[k]);
      return spikes;
    }
  }

  /**
   * CubaLI and CubaLIF: {@code tau_syn dI/dt = -I + w_in x}, {@code tau_mem dv/dt = v_leak - v +
   * r I}; with a threshold the node spikes and outputs spikes, without it outputs v.
   */
  static final class CubaOp extends Spiking {
    private final double[] r;
    private final double[] vLeak;
    private final double[] wIn;
    private final double[] tauSyn;
    private final double[] tauMem;
    private final double[] ks;
    private final double[] km;
    private final double[] cur;
    private final boolean exact;
    private final boolean useNew;
    private final boolean fires;
    private final double[] decaySyn;
    private final double[] decayMem;

    CubaOp(String name, Dims shape, Contract c, double[] tauSyn, double[] tauMem, double[] r,
        double[] vLeak, double[] wIn, double[] th, double[] vReset, double amp) {
      super(name, shape, c.dt(), th, vReset, c.reset(), amp);
      this.fires = th != null;
      this.r = r;
      this.vLeak = vLeak;
      this.wIn = wIn;
      this.tauSyn = tauSyn;
      this.tauMem = tauMem;
      this.cur = new double[out.length];
      this.exact = c.integrator() == Integrator.EXACT;
      this.useNew = c.cubaCurrentOrder() == CubaCurrentOrder.NEW;
      this.decaySyn = decayOrNull(c.integrator(), dt, tauSyn);
      this.decayMem = decayOrNull(c.integrator(), dt, tauMem);
      this.ks = new double[out.length];
      this.km = new double[out.length];
      for (int k = 0; k < ks.length; k++) {
        ks[k] = dt / tauSyn[k];
        km[k] = dt / tauMem[k];
      }
    }

    @Override
    void reset() {
      super.reset();
      Arrays.fill(cur, 0.0);
    }

    @Override
    double[] i() {
      return cur;
    }

    @Override
    boolean spiking() {
      return fires;
    }

    @Override
    void compute(double[] x) {
      for (int k = 0; k < v.length; k++) {
        double drive = wIn[k] * x[k];
        if (exact) {
          int z = exactStep(k, drive);
          out[k] = fires ? z * amp : v[k];
          continue;
        }
        double iNew = decaySyn != null ? cur[k] * decaySyn[k] + ks[k] * drive
            : cur[k] + ks[k] * (-cur[k] + drive);
        double iUsed = useNew ? iNew : cur[k];
        cur[k] = iNew;
        double u = decayMem != null
            ? vLeak[k] + (v[k] - vLeak[k]) * decayMem[k] + km[k] * r[k] * iUsed
            : v[k] + km[k] * ((vLeak[k] - v[k]) + r[k] * iUsed);
        if (!fires) {
          v[k] = u;
          out[k] = u;
          continue;
        }
        out[k] = fire(k, u) * amp;
      }
    }

    /** v after time {@code s} from (v0, i0) with the drive held constant (closed form). */
    private double vAt(int k, double s, double v0, double i0, double drive) {
      double tm = tauMem[k];
      double ts = tauSyn[k];
      double vInf = vLeak[k] + r[k] * drive;
      double d = i0 - drive;
      double em = Math.exp(-s / tm);
      if (Math.abs(ts - tm) <= 1e-12 * tm) {
        return vInf + (v0 - vInf) * em + r[k] * d * (s / tm) * em;
      }
      double kk = r[k] * d * ts / (ts - tm);
      return vInf + (v0 - vInf - kk) * em + kk * Math.exp(-s / ts);
    }

    private double iAt(int k, double s, double i0, double drive) {
      return drive + (i0 - drive) * Math.exp(-s / tauSyn[k]);
    }

    /**
     * Exact step: closed-form (v, I) over the step; when v ends above threshold the first
     * crossing is located by bisection, v resets there and the rest of the step integrates on.
     */
    private int exactStep(int k, double drive) {
      double remaining = dt;
      double u = v[k];
      double i0 = cur[k];
      int spikes = 0;
      while (fires && vAt(k, remaining, u, i0, drive) > th[k] && spikes < 1_000_000) {
        double lo = 0.0;
        double hi = remaining;
        if (u <= th[k]) {
          for (int b = 0; b < BISECTIONS; b++) {
            double mid = 0.5 * (lo + hi);
            if (vAt(k, mid, u, i0, drive) > th[k]) {
              hi = mid;
            } else {
              lo = mid;
            }
          }
        } else {
          hi = 0.0;
        }
        i0 = iAt(k, hi, i0, drive);
        remaining -= hi;
        u = afterCrossing(k);
        spikes++;
        if (hi == 0.0 && u >= th[k]) {
          break;
        }
      }
      v[k] = vAt(k, remaining, u, i0, drive);
      cur[k] = iAt(k, remaining, i0, drive);
      return spikes;
    }
  }
}
