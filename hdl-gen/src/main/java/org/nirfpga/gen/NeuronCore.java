package org.nirfpga.gen;

import static org.nirfpga.hdl.Hdl.lit;
import static org.nirfpga.hdl.Hdl.mux;
import static org.nirfpga.hdl.Hdl.sint;
import static org.nirfpga.hdl.Hdl.uint;

import org.nirfpga.fixed.DecayEncoding;
import org.nirfpga.fixed.FixedMath;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.fixed.LayerQuant;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.ReadDuringWrite;
import org.nirfpga.hdl.Rounding;
import org.nirfpga.hdl.Signal;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.ref.Contract;

/**
 * The neuron update datapath of one layer (docs/fixed-point.md 4.2, 4.3): one core whose stages
 * are chosen per neuron type and contract — an integrate stage (decay, input, leak) and a fire
 * stage (none for readouts, or the contract's reset) — instead of one module per type.
 *
 * <p>The layer's engine reads a neuron's accumulator and state in one cycle and presents the read
 * data; the core's outputs are combinational on it and valid in the following (update) cycle.
 */
final class NeuronCore {
  /** v after this step's update and reset, to write back. */
  final Signal vNew;
  /** v after the update, before any reset: the value a non-spiking readout emits. */
  final Signal u;
  /** Whether the neuron emits an event this step (always 1 for a readout). */
  final Signal spike;
  /** Narrowing events of v in this update (0..3), counted as the golden model counts them. */
  final Signal vSat;

  private NeuronCore(Signal vNew, Signal u, Signal spike, Signal vSat) {
    this.vNew = vNew;
    this.u = u;
    this.spike = spike;
    this.vSat = vSat;
  }

  /** Whether layers of this NIR type emit spikes (else their v, as values). */
  static boolean spiking(String type) {
    return !type.equals("LI") && !type.equals("I");
  }

  /**
   * The core of layer {@code c}.
   *
   * @param m the layer module it is built into
   * @param c the golden model's constants of the layer
   * @param contract the discrete-time contract (reset rule)
   * @param par the layer's parameter source (constants or per-neuron ROMs)
   * @param acc the neuron's accumulator read data
   * @param v the neuron's v read data (v as stored at the end of the previous step)
   */
  static NeuronCore build(Module m, LayerConstants c, Contract contract, Params par, Expr acc,
      Signal v) throws NirfpgaException {
    LayerQuant q = c.quant();
    int bv = q.v().totalBits();
    Rounding rnd = Rounding.valueOf(q.rounding().name());
    Signal sum = m.wire("v_sum", integrate(c, q, acc, v, rnd, par));
    Signal u = m.wire("u", LayerEngine.narrow(sum, bv, q.overflow()));
    Signal spike = m.wire("spike", uint(1));
    Signal vNew = m.wire("v_new", sint(bv));
    Signal vSat = m.wire("v_sat", uint(2));
    Expr th = par.of("theta", c.threshold());
    if (!spiking(c.type())) {
      spike.set(1);
      vNew.set(u);
      vSat.set(LayerEngine.overflowed(sum, bv, q.overflow()).resize(2));
    } else {
      resetStage(m, contract, q, th, par.of("v_reset", c.reset()), sum, u, v, spike, vNew, vSat);
    }
    return new NeuronCore(vNew, u, spike, vSat);
  }

  /** Spike and reset (docs/fixed-point.md 4.3) of a spiking neuron, by the contract's reset. */
  private static void resetStage(Module m, Contract contract, LayerQuant q, Expr th, Expr vReset,
      Signal sum, Signal u, Signal vData, Signal spike, Signal vNew, Signal vSat) {
    int bv = q.v().totalBits();
    switch (contract.reset()) {
      case TO_V_RESET:
        spike.set(u.gt(th));
        vNew.set(mux(spike, vReset, u));
        vSat.set(LayerEngine.overflowed(sum, bv, q.overflow()).resize(2));
        break;
      case SUBTRACT: {
        spike.set(u.gt(th));
        Signal diff = m.wire("v_minus_theta", u.sub(th));
        vNew.set(mux(spike, LayerEngine.narrow(diff, bv, q.overflow()), u));
        vSat.set(LayerEngine.overflowed(sum, bv, q.overflow()).resize(2)
            .add(spike.and(LayerEngine.overflowed(diff, bv, q.overflow()))).truncate(2));
        break;
      }
      case SUBTRACT_DELAYED: {
        Expr r = vData.gt(th);
        Signal vdSum = m.wire("v_delayed_sum", u.sub(mux(r, th, constant(0))));
        Signal vd = m.wire("v_delayed", LayerEngine.narrow(vdSum, bv, q.overflow()));
        spike.set(vd.gt(th));
        Expr up = spike.and(r.not());
        Expr down = spike.not().and(r);
        Signal fin = m.wire("v_final_sum",
            mux(up, vd.sub(th), mux(down, vd.add(th), vd.resize(bv + 2))));
        vNew.set(LayerEngine.narrow(fin, bv, q.overflow()));
        vSat.set(LayerEngine.overflowed(sum, bv, q.overflow()).resize(2)
            .add(LayerEngine.overflowed(vdSum, bv, q.overflow()))
            .add(LayerEngine.overflowed(fin, bv, q.overflow())).truncate(2));
        break;
      }
      default:
        throw new IllegalStateException("reset " + contract.reset());
    }
  }

  /** {@code D_v(v) + align(acc, Fw, Fv) + L_q}, before narrowing to the v width. */
  private static Expr integrate(LayerConstants c, LayerQuant q, Expr acc, Expr v, Rounding rnd,
      Params par) throws NirfpgaException {
    int k = q.weight().fracBits() - q.v().fracBits();
    Expr x;
    if (k > 0) {
      if (k >= q.accumulator().totalBits()) {
        throw unsupported(c, "aligning the accumulator to v drops all " + k + " bits");
      }
      x = acc.shiftRightRound(k, rnd);
    } else {
      x = acc.shl(-k);
    }
    Expr d;
    if (q.decay() == DecayEncoding.MULTIPLY) {
      boolean none = true;
      for (long a : c.alphaV()) {
        none &= a == 1L << q.decayFracBits();
      }
      // alpha = 1 everywhere (IF, I): D(v) = v, no multiplier.
      d = none ? v
          : par.of("alpha", c.alphaV()).mul(v).shiftRightRound(q.decayFracBits(), rnd);
    } else {
      int s = c.shiftV()[0];
      if (s < 0) {
        d = v;
      } else if (s >= q.v().totalBits()) {
        throw unsupported(c, "decay shift " + s + " is not below the v width");
      } else {
        d = v.sub(v.shiftRightRound(s, rnd));
      }
    }
    return d.add(x).add(par.of("leak", c.leak()));
  }

  /**
   * Per-neuron parameters: a constant when all neurons share the value, else a small ROM read
   * with the neuron's state (address {@code idx} while {@code enable}, data one clock later).
   */
  static final class Params {
    private final Module m;
    private final Expr idx;
    private final Expr enable;

    Params(Module m, Expr idx, Expr enable) {
      this.m = m;
      this.idx = idx;
      this.enable = enable;
    }

    Expr of(String name, long[] values) {
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      for (long x : values) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      if (lo == hi) {
        return constant(lo);
      }
      Memory rom = m.memory(name + "_rom", sint(FixedMath.signedBitsFor(lo, hi)),
          Math.max(2, values.length), ReadDuringWrite.READ_FIRST).init(values);
      return rom.readSync(name, idx, enable);
    }
  }

  static Expr constant(long value) {
    return lit(value, sint(FixedMath.signedBitsFor(value, value)));
  }

  static NirfpgaException unsupported(LayerConstants c, String what) {
    return new NirfpgaException("node '" + c.path() + "' (" + c.type() + "): " + what
        + "; the RTL generator does not support this yet");
  }
}
