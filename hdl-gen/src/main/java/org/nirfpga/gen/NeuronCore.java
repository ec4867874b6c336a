package org.nirfpga.gen;

import static org.nirfpga.hdl.Hdl.cat;
import static org.nirfpga.hdl.Hdl.lit;
import static org.nirfpga.hdl.Hdl.mux;
import static org.nirfpga.hdl.Hdl.sint;
import static org.nirfpga.hdl.Hdl.uint;

import java.util.TreeSet;
import org.nirfpga.fixed.DecayEncoding;
import org.nirfpga.fixed.FixedMath;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.fixed.LayerQuant;
import org.nirfpga.fixed.Overflow;
import org.nirfpga.hdl.Const;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.ReadDuringWrite;
import org.nirfpga.hdl.Rounding;
import org.nirfpga.hdl.Signal;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.ref.Contract;

/**
 * The neuron update datapath of one layer (docs/fixed-point.md 4.2, 4.3): one core assembled from
 * per-type stages instead of one module per neuron type. An input stage brings the accumulator to
 * v (directly, or through the synaptic current of CubaLI/CubaLIF), an integrate stage adds the
 * decayed v and the leak, and a fire stage decides the events: none for readouts (LI, I, CubaLI),
 * the contract's reset (LIF, IF, CubaLIF), a spike count (multi-spike IF) or a plain comparison of
 * the accumulator (Threshold, stateless).
 *
 * <p>The layer's engine reads a neuron's accumulator and state in one cycle and presents the read
 * data; the core's outputs are combinational on it and valid in the following (update) cycle.
 */
final class NeuronCore {
  /** v after this step's update and reset, to write back (Threshold: the accumulator). */
  final Signal vNew;
  /** v after the update, before any reset: the value a non-spiking readout emits. */
  final Signal u;
  /** Whether the neuron emits an event this step (always 1 for a readout). */
  final Signal spike;
  /** Narrowing events of v in this update (0..3), counted as the golden model counts them. */
  final Signal vSat;
  /** The value field of the emitted event (readout v, or a spike count), else null. */
  final Signal value;
  /** The current after this step, to write back (CubaLI, CubaLIF), else null. */
  final Signal iNew;
  /** Narrowing event of the current in this update (Cuba), else null. */
  final Signal iSat;
  /** Whether more spikes were due than max_spikes allows (multi-spike IF), else null. */
  final Signal spikesSat;

  private NeuronCore(Stages s) {
    this.vNew = s.vNew;
    this.u = s.u;
    this.spike = s.spike;
    this.vSat = s.vSat;
    this.value = s.value;
    this.iNew = s.iNew;
    this.iSat = s.iSat;
    this.spikesSat = s.spikesSat;
  }

  /** Whether layers of this NIR type emit spikes (else their v, as values). */
  static boolean spiking(String type) {
    return !type.equals("LI") && !type.equals("I") && !type.equals("CubaLI");
  }

  /** Whether the layer keeps a synaptic current per neuron (CubaLI, CubaLIF). */
  static boolean hasCurrent(LayerConstants c) {
    return c.type().equals("CubaLI") || c.type().equals("CubaLIF");
  }

  /** Whether the layer keeps v from step to step (all but Threshold). */
  static boolean stateful(LayerConstants c) {
    return !c.type().equals("Threshold");
  }

  /** Bits of the value field of the layer's output events: 0 for single spikes. */
  static int valueBits(LayerConstants c) {
    if (!spiking(c.type())) {
      return c.quant().v().totalBits();
    }
    return c.multiSpike() ? countBits(c) : 0;
  }

  /**
   * Bits of a multi-spike IF's spike count: it never exceeds max_spikes nor v's range. The top
   * bit stays 0, so a layer the counts drive can read them as signed event values (as it reads a
   * readout's v) and multiply its weights by them.
   */
  static int countBits(LayerConstants c) {
    long most = Math.min(c.quant().maxSpikes(), (1L << (c.quant().v().totalBits() - 1)) - 1);
    return Math.max(1, 64 - Long.numberOfLeadingZeros(most)) + 1;
  }

  /**
   * The core of layer {@code c}.
   *
   * @param m the layer module it is built into
   * @param c the golden model's constants of the layer
   * @param contract the discrete-time contract (reset rule, Cuba current order)
   * @param par the layer's parameter source (constants or per-neuron ROMs)
   * @param acc the neuron's accumulator read data
   * @param v the neuron's v read data (v as stored at the end of the previous step); null for a
   *     stateless layer
   * @param i the neuron's current read data; null unless {@link #hasCurrent}
   */
  static NeuronCore build(Module m, LayerConstants c, Contract contract, Params par, Expr acc,
      Signal v, Signal i) throws NirfpgaException {
    Stages s = new Stages(m, c, contract, par, acc, v, i);
    if (!stateful(c)) {
      s.compare();
    } else {
      Expr drive = hasCurrent(c) ? s.current() : s.direct();
      s.integrate(drive);
      if (!spiking(c.type())) {
        s.readout();
      } else if (c.multiSpike()) {
        s.multiSpike();
      } else {
        s.reset();
      }
    }
    return new NeuronCore(s);
  }

  /** The stages of the core; each one fills in some of the core's outputs. */
  private static final class Stages {
    private final Module m;
    private final LayerConstants c;
    private final LayerQuant q;
    private final Contract contract;
    private final Params par;
    private final Expr acc;
    private final Signal v;
    private final Signal i;
    private final Rounding rnd;
    private final int bv;
    private Signal sum;
    private Signal vNew;
    private Signal u;
    private Signal spike;
    private Signal vSat;
    private Signal value;
    private Signal iNew;
    private Signal iSat;
    private Signal spikesSat;

    Stages(Module m, LayerConstants c, Contract contract, Params par, Expr acc, Signal v,
        Signal i) {
      this.m = m;
      this.c = c;
      this.q = c.quant();
      this.contract = contract;
      this.par = par;
      this.acc = acc;
      this.v = v;
      this.i = i;
      this.rnd = Rounding.valueOf(q.rounding().name());
      this.bv = q.v().totalBits();
    }

    /** Input stage of LIF, IF, LI, I: the accumulator aligned to v. */
    Expr direct() throws NirfpgaException {
      return align(acc, q.weight().fracBits(), q.v().fracBits(), q.accumulator().totalBits(),
          "the accumulator to v");
    }

    /** Input stage of CubaLI, CubaLIF: the current integrates the input and drives v. */
    Expr current() throws NirfpgaException {
      int bi = q.current().totalBits();
      int fi = q.current().fracBits();
      Expr xi = align(acc, q.weight().fracBits(), fi, q.accumulator().totalBits(),
          "the accumulator to the current");
      Signal iSum = m.wire("i_sum", decay(i, c.alphaI(), c.shiftI(), "_i").add(xi));
      iNew = m.wire("i_new", LayerEngine.narrow(iSum, bi, q.overflow()));
      iSat = m.wire("i_sat", LayerEngine.overflowed(iSum, bi, q.overflow()));
      Expr sel = contract.cubaCurrentOrder() == Contract.CubaCurrentOrder.NEW ? iNew : i;
      long[] couples = new long[c.currentDrivesV().length];
      boolean any = false;
      for (int n = 0; n < couples.length; n++) {
        couples[n] = c.currentDrivesV()[n] ? 1 : 0;
        any |= c.currentDrivesV()[n];
      }
      if (!any) {
        return constant(0);
      }
      Expr drive = align(sel, fi, q.v().fracBits(), bi, "the current to v");
      Expr gate = par.of("couples", couples);
      // A constant 1 gate leaves the drive ungated; a ROM gates it per neuron.
      return gate instanceof Const ? drive
          : mux(gate.ne(0), drive, constant(0));
    }

    /** {@code D_v(v) + drive + L_q}, then narrowed to v. */
    void integrate(Expr drive) throws NirfpgaException {
      Expr d = decay(v, c.alphaV(), c.shiftV(), "");
      sum = m.wire("v_sum", d.add(drive).add(par.of("leak", c.leak())));
      u = m.wire("u", LayerEngine.narrow(sum, bv, q.overflow()));
      spike = m.wire("spike", uint(1));
      vNew = m.wire("v_new", sint(bv));
      vSat = m.wire("v_sat", uint(2));
    }

    /** Fire stage of LI, I, CubaLI: no reset, every neuron emits its v. */
    void readout() {
      par.of("theta", c.threshold());
      spike.set(1);
      vNew.set(u);
      vSat.set(LayerEngine.overflowed(sum, bv, q.overflow()).resize(2));
      value = u;
    }

    /** Fire stage of LIF, IF, CubaLIF: spike and reset by the contract (4.3). */
    void reset() {
      Expr th = par.of("theta", c.threshold());
      Expr vReset = par.of("v_reset", c.reset());
      Overflow o = q.overflow();
      switch (contract.reset()) {
        case TO_V_RESET:
          spike.set(u.gt(th));
          vNew.set(mux(spike, vReset, u));
          vSat.set(LayerEngine.overflowed(sum, bv, o).resize(2));
          break;
        case SUBTRACT: {
          spike.set(u.gt(th));
          Signal diff = m.wire("v_minus_theta", u.sub(th));
          vNew.set(mux(spike, LayerEngine.narrow(diff, bv, o), u));
          vSat.set(LayerEngine.overflowed(sum, bv, o).resize(2)
              .add(spike.and(LayerEngine.overflowed(diff, bv, o))).truncate(2));
          break;
        }
        case SUBTRACT_DELAYED: {
          Expr r = v.gt(th);
          Signal vdSum = m.wire("v_delayed_sum", u.sub(mux(r, th, constant(0))));
          Signal vd = m.wire("v_delayed", LayerEngine.narrow(vdSum, bv, o));
          spike.set(vd.gt(th));
          Expr up = spike.and(r.not());
          Expr down = spike.not().and(r);
          Signal fin = m.wire("v_final_sum",
              mux(up, vd.sub(th), mux(down, vd.add(th), vd.resize(bv + 2))));
          vNew.set(LayerEngine.narrow(fin, bv, o));
          vSat.set(LayerEngine.overflowed(sum, bv, o).resize(2)
              .add(LayerEngine.overflowed(vdSum, bv, o))
              .add(LayerEngine.overflowed(fin, bv, o)).truncate(2));
          break;
        }
        default:
          throw new IllegalStateException("reset " + contract.reset());
      }
    }

    /**
     * Fire stage of the multi-spike IF (4.2): v is clamped at -theta, then s = floor(v / theta)
     * spikes (at most max_spikes) leave v - s * theta. The quotient comes from a restoring
     * division, one compare-and-subtract per quotient bit, which equals the specification's
     * subtraction loop.
     */
    void multiSpike() {
      Expr th = par.of("theta", c.threshold());
      Signal uc = m.wire("v_clamped", mux(u.lt(th.neg()), th.neg(), u).resize(bv));
      int qb = bv - 1;
      Expr rem = uc;
      Expr[] bits = new Expr[qb];
      for (int b = qb - 1; b >= 0; b--) {
        Signal t = m.wire("div_try_" + b, rem.sub(th.shl(b)));
        Expr fits = t.ge(0);
        bits[qb - 1 - b] = fits;
        rem = m.wire("div_rem_" + b, mux(fits, t, rem).resize(bv));
      }
      Signal quotient = m.wire("quotient", cat(bits));
      long most = c.quant().maxSpikes();
      int cb = countBits(c);
      Expr mostLit = lit(most, uint(64 - Long.numberOfLeadingZeros(most)));
      spikesSat = m.wire("spikes_sat", quotient.gt(mostLit));
      Expr capped = uc.sub(th.mul(mostLit));
      value = m.wire("spike_count",
          mux(spikesSat, lit(Math.min(most, (1L << cb) - 1), uint(cb)), quotient.resize(cb)));
      spike.set(value.ne(0));
      vNew.set(mux(spikesSat, capped, rem).resize(bv));
      vSat.set(LayerEngine.overflowed(sum, bv, q.overflow()).resize(2));
    }

    /** The Threshold node: stateless, {@code z = acc > theta} in accumulator units. */
    void compare() throws NirfpgaException {
      Expr th = par.of("theta", c.threshold());
      int ba = q.accumulator().totalBits();
      if (bv < ba) {
        throw unsupported(c, "v.bits = " + bv + " is narrower than accumulator.bits = " + ba
            + " (a Threshold layer shows its accumulator as v; make them equal)");
      }
      u = m.wire("u", acc.resize(ba));
      spike = m.wire("spike", u.gt(th));
      // Its "v" in traces and on the debug port is the accumulator of the step.
      vNew = m.wire("v_new", acc.resize(bv));
      vSat = m.wire("v_sat", lit(0, uint(2)));
    }

    /** {@code align(x, from, to)} of docs/fixed-point.md section 1. */
    private Expr align(Expr x, int fromFrac, int toFrac, int width, String what)
        throws NirfpgaException {
      int k = fromFrac - toFrac;
      if (k <= 0) {
        return x.shl(-k);
      }
      if (k >= width) {
        throw unsupported(c, "aligning " + what + " drops all " + k + " bits");
      }
      return x.shiftRightRound(k, rnd);
    }

    /**
     * {@code D(s)} with the layer's decay encoding; {@code suffix} tells the parameter names of
     * v ("") and the current ("_i") apart.
     */
    private Expr decay(Expr s, long[] alpha, int[] shift, String suffix)
        throws NirfpgaException {
      if (q.decay() == DecayEncoding.MULTIPLY) {
        boolean none = true;
        for (long a : alpha) {
          none &= a == 1L << q.decayFracBits();
        }
        // alpha = 1 everywhere (IF, I): D(s) = s, no multiplier.
        return none ? s
            : par.of("alpha" + suffix, alpha).mul(s).shiftRightRound(q.decayFracBits(), rnd);
      }
      TreeSet<Integer> ks = new TreeSet<>();
      for (int k : shift) {
        if (k >= s.width()) {
          throw unsupported(c, "decay shift " + k + " is not below the state width");
        }
        ks.add(k);
      }
      if (ks.size() == 1) {
        return shifted(s, ks.first());
      }
      // Per-neuron shifts: one shifter per distinct shift, selected by a small ROM of codes.
      long[] codes = new long[shift.length];
      for (int n = 0; n < codes.length; n++) {
        codes[n] = shift[n];
      }
      Expr sel = par.of("shift" + suffix, codes);
      int w = s.width() + 2;
      Expr out = shifted(s, ks.last()).resize(w);
      for (int k : ks.headSet(ks.last())) {
        out = mux(sel.eq(constant(k)), shifted(s, k).resize(w), out);
      }
      return out;
    }

    /** {@code s - R(s, k)}, or s when k < 0 (no decay). */
    private Expr shifted(Expr s, int k) {
      return k < 0 ? s : s.sub(s.shiftRightRound(k, rnd));
    }
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
