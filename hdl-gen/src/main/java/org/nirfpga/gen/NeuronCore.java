package org.nirfpga.gen;

import static org.nirfpga.hdl.Hdl.cat;
import static org.nirfpga.hdl.Hdl.lit;
import static org.nirfpga.hdl.Hdl.mux;
import static org.nirfpga.hdl.Hdl.sint;
import static org.nirfpga.hdl.Hdl.uint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.nirfpga.hdl.check.Walk;
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
 * <p>The core is a pipeline that takes one neuron per cycle. The engine reads a neuron's
 * accumulator, state and per-neuron parameters in one cycle (level 0: the read data); the decay
 * products, the decayed terms, the sums before narrowing, v narrowed and the core's outputs are
 * registers of later levels, so that the UP5K reaches 40 MHz without a multiplier block. Every
 * value is built from operands of one level: an operand from an earlier level (the old v of the
 * delayed reset, a threshold read from a ROM) is first carried through registers to the level
 * where it is used, so each level holds one neuron. The outputs are all at level
 * {@link #LATENCY}. Every register, and the engine's reads, advance together while
 * {@code advance} is high, so a stalled output holds the whole pipeline.
 */
final class NeuronCore {
  /** Register levels from the read data (level 0) to the core's outputs. */
  static final int LATENCY = 7;

  /** v after this step's update and reset, to write back (Threshold: the accumulator). */
  final Signal vNew;
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
    // Level 7: every output is registered, so the update cycle only writes and steers the FSM.
    this.vNew = s.out("v_new", s.vNew);
    this.spike = s.out("spike", s.spike);
    this.vSat = s.out("v_sat", s.vSat);
    this.value = s.out("value", s.value);
    this.iNew = s.out("i_new", s.iNew);
    this.iSat = s.out("i_sat", s.iSat);
    this.spikesSat = s.out("spikes_sat", s.spikesSat);
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
   * @param advance high in cycles where every level takes the one before it
   */
  static NeuronCore build(Module m, LayerConstants c, Contract contract, Params par, Expr acc,
      Signal v, Signal i, Expr advance) throws NirfpgaException {
    Stages s = new Stages(m, c, contract, par, acc, v, i, advance);
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
    private final Expr advance;
    /** Pipeline level of each signal made here; other signals (the read data) are level 0. */
    private final Map<Signal, Integer> levels = new HashMap<>();
    /** Copies of a signal carried to later levels: element k is k + 1 levels later. */
    private final Map<Signal, List<Signal>> carried = new HashMap<>();
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
        Signal i, Expr advance) {
      this.advance = advance;
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
      // Level 3: the current's sum before narrowing; its narrowing is in front of level 4.
      Signal iSum = stage("i_sum", decay(i, c.alphaI(), c.shiftI(), "_i").add(xi));
      iNew = wire("i_new", LayerEngine.narrow(iSum, bi, q.overflow()));
      iSat = wire("i_sat", LayerEngine.overflowed(iSum, bi, q.overflow()));
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
      // Level 4: the narrowed current aligned to v, ahead of v's sum.
      Expr drive = stage("i_drive", align(sel, fi, q.v().fracBits(), bi, "the current to v"));
      Expr gate = par.of("couples", couples);
      // A constant 1 gate leaves the drive ungated; a ROM gates it per neuron.
      return gate instanceof Const ? drive
          : mux(gate.ne(0), drive, constant(0));
    }

    /** {@code D_v(v) + drive + L_q}, then narrowed to v. */
    void integrate(Expr drive) throws NirfpgaException {
      // Level 3: decayed v plus leak; level 5: plus the drive (at most level 4), before narrowing.
      Expr d = decay(v, c.alphaV(), c.shiftV(), "");
      Signal decayed = stage("v_decayed", d.add(par.of("leak", c.leak())));
      sum = stage("v_sum", decayed.add(drive));
      // Level 6: v narrowed, ahead of the comparison and the reset.
      u = stage("u", LayerEngine.narrow(sum, bv, q.overflow()));
    }

    /** Fire stage of LI, I, CubaLI: no reset, every neuron emits its v. */
    void readout() {
      par.of("theta", c.threshold());
      spike = wire("spike", lit(1, uint(1)));
      vNew = u;
      vSat = wire("v_sat", LayerEngine.overflowed(sum, bv, q.overflow()).resize(2));
      value = u;
    }

    /** Fire stage of LIF, IF, CubaLIF: spike and reset by the contract (4.3). */
    void reset() {
      Expr th = par.of("theta", c.threshold());
      Expr vReset = par.of("v_reset", c.reset());
      Overflow o = q.overflow();
      switch (contract.reset()) {
        case TO_V_RESET:
          spike = wire("spike", u.gt(th));
          vNew = wire("v_new", mux(spike, vReset, u).resize(bv));
          vSat = wire("v_sat", LayerEngine.overflowed(sum, bv, o).resize(2));
          break;
        case SUBTRACT: {
          spike = wire("spike", u.gt(th));
          Signal diff = wire("v_minus_theta", u.sub(th));
          vNew = wire("v_new", mux(spike, LayerEngine.narrow(diff, bv, o), u).resize(bv));
          vSat = wire("v_sat", LayerEngine.overflowed(sum, bv, o).resize(2)
              .add(spike.and(LayerEngine.overflowed(diff, bv, o))).truncate(2));
          break;
        }
        case SUBTRACT_DELAYED: {
          Expr r = v.gt(th);
          Signal vdSum = wire("v_delayed_sum", u.sub(mux(r, th, constant(0))));
          Signal vd = wire("v_delayed", LayerEngine.narrow(vdSum, bv, o));
          spike = wire("spike", vd.gt(th));
          Expr up = spike.and(r.not());
          Expr down = spike.not().and(r);
          Signal fin = wire("v_final_sum",
              mux(up, vd.sub(th), mux(down, vd.add(th), vd.resize(bv + 2))));
          vNew = wire("v_new", LayerEngine.narrow(fin, bv, o));
          vSat = wire("v_sat", LayerEngine.overflowed(sum, bv, o).resize(2)
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
      Signal uc = wire("v_clamped", mux(u.lt(th.neg()), th.neg(), u).resize(bv));
      int qb = bv - 1;
      Expr rem = uc;
      Expr[] bits = new Expr[qb];
      for (int b = qb - 1; b >= 0; b--) {
        Signal t = wire("div_try_" + b, rem.sub(th.shl(b)));
        Expr fits = t.ge(0);
        bits[qb - 1 - b] = fits;
        rem = wire("div_rem_" + b, mux(fits, t, rem).resize(bv));
      }
      Signal quotient = wire("quotient", cat(bits));
      long most = c.quant().maxSpikes();
      int cb = countBits(c);
      Expr mostLit = lit(most, uint(64 - Long.numberOfLeadingZeros(most)));
      spikesSat = wire("spikes_sat", quotient.gt(mostLit));
      Expr capped = uc.sub(th.mul(mostLit));
      value = wire("spike_count",
          mux(spikesSat, lit(Math.min(most, (1L << cb) - 1), uint(cb)), quotient.resize(cb)));
      spike = wire("spike", value.ne(0));
      vNew = wire("v_new", mux(spikesSat, capped, rem).resize(bv));
      vSat = wire("v_sat", LayerEngine.overflowed(sum, bv, q.overflow()).resize(2));
    }

    /** The Threshold node: stateless, {@code z = acc > theta} in accumulator units. */
    void compare() throws NirfpgaException {
      Expr th = par.of("theta", c.threshold());
      int ba = q.accumulator().totalBits();
      if (bv < ba) {
        throw unsupported(c, "v.bits = " + bv + " is narrower than accumulator.bits = " + ba
            + " (a Threshold layer shows its accumulator as v; make them equal)");
      }
      u = wire("u", acc.resize(ba));
      spike = wire("spike", u.gt(th));
      // Its "v" in traces and on the debug port is the accumulator of the step.
      vNew = wire("v_new", acc.resize(bv));
      vSat = wire("v_sat", lit(0, uint(2)));
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
            : product(par.of("alpha" + suffix, alpha), s, "decay" + suffix)
                .shiftRightRound(q.decayFracBits(), rnd);
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

    /**
     * {@code a * s} in two register levels: level 1 holds a times each of up to four slices of
     * s (LUT multipliers of a quarter of the depth), level 2 their sum, added as a tree.
     */
    private Signal product(Expr a, Expr s, String name) {
      int w = a.mul(s).width();
      int piece = (s.width() + 3) / 4;
      List<Expr> parts = new ArrayList<>();
      // s = hi * 2^lo + the unsigned low slices (each read as a non-negative signed), hi signed;
      // the top slice keeps at least 2 bits (a sign and a value bit).
      int lo = 0;
      while (s.width() - lo - piece >= 2) {
        Expr slice = s.slice(lo + piece - 1, lo).resize(piece + 1).asSigned();
        parts.add(stage(name + "_pp" + parts.size(), a.mul(slice)).shl(lo));
        lo += piece;
      }
      parts.add(stage(name + "_pp" + parts.size(), a.mul(lo == 0 ? s : s.shr(lo))).shl(lo));
      while (parts.size() > 1) {
        List<Expr> next = new ArrayList<>();
        for (int k = 0; k + 1 < parts.size(); k += 2) {
          next.add(parts.get(k).add(parts.get(k + 1)));
        }
        if (parts.size() % 2 == 1) {
          next.add(parts.get(parts.size() - 1));
        }
        parts = next;
      }
      return stage(name + "_prod", parts.get(0).resize(w));
    }

    /**
     * Output {@code x} of the core, registered as {@code name_q} and carried to level
     * {@link #LATENCY}; null stays null.
     */
    Signal out(String name, Signal x) {
      if (x == null) {
        return null;
      }
      Signal r = stage(name + "_q", x);
      int at = levels.get(r);
      if (at > LATENCY) {
        throw new IllegalStateException("the neuron core of '" + c.path() + "' needs " + at
            + " register levels for " + name + ", more than its latency " + LATENCY);
      }
      return carry(r, LATENCY);
    }

    /** A pipeline register one level after its operands, loaded while the pipeline advances. */
    private Signal stage(String name, Expr next) {
      int at = Math.max(0, level(next));
      Signal r = m.regNext(name, at(next, at), 0, advance);
      levels.put(r, at + 1);
      return r;
    }

    /** A combinational value at the level of its latest operand. */
    private Signal wire(String name, Expr value) {
      int at = Math.max(0, level(value));
      Signal w = m.wire(name, at(value, at));
      levels.put(w, at);
      return w;
    }

    /** The level of {@code e}: that of its latest signal; -1 for a constant. */
    private int level(Expr e) {
      int[] most = {-1};
      Walk.signals(e, s -> most[0] = Math.max(most[0], levels.getOrDefault(s, 0)));
      return most[0];
    }

    /** {@code e} with every signal replaced by its copy at level {@code at}. */
    private Expr at(Expr e, int at) {
      return Walk.substitute(e, s -> carry(s, at));
    }

    /** {@code s} carried through registers to level {@code at} (s itself at its own level). */
    private Signal carry(Signal s, int at) {
      int from = levels.getOrDefault(s, 0);
      if (at == from) {
        return s;
      }
      if (at < from) {
        throw new IllegalStateException(s.name() + " is at level " + from + ", after " + at);
      }
      List<Signal> copies = carried.computeIfAbsent(s, k -> new ArrayList<>());
      while (copies.size() < at - from) {
        Signal prev = copies.isEmpty() ? s : copies.get(copies.size() - 1);
        Signal d = m.regNext(s.name() + "_l" + (from + copies.size() + 1), prev, 0, advance);
        levels.put(d, from + copies.size() + 1);
        copies.add(d);
      }
      return copies.get(at - from - 1);
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
