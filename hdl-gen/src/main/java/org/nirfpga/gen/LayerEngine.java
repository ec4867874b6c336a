package org.nirfpga.gen;

import static org.nirfpga.hdl.Hdl.cat;
import static org.nirfpga.hdl.Hdl.lit;
import static org.nirfpga.hdl.Hdl.mux;
import static org.nirfpga.hdl.Hdl.sint;
import static org.nirfpga.hdl.Hdl.uint;

import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.fixed.LayerQuant;
import org.nirfpga.fixed.Overflow;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.ReadDuringWrite;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.Stream;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.ref.Contract;

/**
 * Builds the hardware of one spiking layer: a synapse engine that scatters each input spike's
 * weight row into per-neuron accumulators (one weight per cycle, read-modify-write) and a neuron
 * engine that, on the end-of-step marker, updates every neuron, emits its spike events and the
 * marker, and preloads the accumulators with the bias for the next step.
 *
 * <p>Events on both streams are {@code {eot, address}}: eot = 1 marks the end of a time step (its
 * address bits are 0). The layer is sequential (one memory access chain at a time), so no
 * forwarding is needed and the order of accumulation is the golden model's.
 */
final class LayerEngine {
  // FSM states.
  static final int INIT_RD = 0;
  static final int INIT_WR = 1;
  static final int IDLE = 2;
  static final int ROW = 3;
  static final int W_RD = 4;
  static final int W_ACC = 5;
  static final int W_WR = 6;
  static final int N_RD = 7;
  static final int N_UP = 8;
  static final int N_OUT = 9;
  static final int N_EOT = 10;

  /** Width of the saturation counters; they stop at their maximum instead of wrapping. */
  static final int COUNTER_BITS = 32;

  private LayerEngine() {}

  /** Whether layers of this NIR type emit spikes (else their v, as values). */
  static boolean spiking(String type) {
    return NeuronCore.spiking(type);
  }

  /** Address bits for {@code n} elements (at least 1), the address width of a memory of n words. */
  static int addressBits(int n) {
    return 32 - Integer.numberOfLeadingZeros(Math.max(2, n) - 1);
  }

  /**
   * The layer module for {@code c}, fed by a source of {@code sourceSize} addresses.
   *
   * @param moduleName the module's name
   * @param c the golden model's constants for this layer (one chain)
   * @param sourceSize number of addresses of the input events
   * @param contract reset rule of the spiking neurons
   */
  static Module build(String moduleName, LayerConstants c, int sourceSize, Contract contract)
      throws NirfpgaException {
    LayerQuant q = c.quant();
    int n = c.threshold().length;
    int awIn = addressBits(sourceSize);
    int awN = addressBits(n);
    int ba = q.accumulator().totalBits();
    int bv = q.v().totalBits();
    int bw = q.weight().totalBits();
    LayerConstants.Chain chain = c.chains().get(0);

    Module m = new Module(moduleName);
    Stream in = m.streamIn("in", uint(1 + awIn));
    // A non-spiking readout (LI, I, CubaLI) emits every neuron's v each step: {eot, address, v};
    // a multi-spike IF emits {eot, address, count} for every neuron with count > 0.
    int valueBits = NeuronCore.valueBits(c);
    Stream out = m.streamOut("out", uint(1 + awN + valueBits));
    boolean cuba = NeuronCore.hasCurrent(c);
    int bi = cuba ? q.current().totalBits() : 0;
    Signal dbgAddr = m.input("dbg_addr_i", uint(awN));
    Signal dbgV = m.output("dbg_v_o", sint(Math.max(bv, bi)));
    Signal satAccOut = m.output("sat_acc_o", uint(COUNTER_BITS));
    Signal satVOut = m.output("sat_v_o", uint(COUNTER_BITS));
    Signal dbgVar = cuba ? m.input("dbg_var_i", uint(1)) : null;
    Signal satIOut = cuba ? m.output("sat_i_o", uint(COUNTER_BITS)) : null;
    Signal satSpikesOut = c.multiSpike() ? m.output("sat_spikes_o", uint(COUNTER_BITS)) : null;

    // ---- constant memories: row table {count, base}, weight words {target, weight}, preload
    int words = 0;
    int maxRow = 0;
    for (long[] row : chain.weights()) {
      words += row.length;
      maxRow = Math.max(maxRow, row.length);
    }
    int baseBits = addressBits(words);
    int countBits = Math.max(1, 64 - Long.numberOfLeadingZeros(maxRow));
    long[] rowInit = new long[sourceSize];
    long[] wInit = new long[Math.max(1, words)];
    int at = 0;
    for (int j = 0; j < sourceSize; j++) {
      rowInit[j] = ((long) chain.weights()[j].length << baseBits) | at;
      for (int k = 0; k < chain.weights()[j].length; k++) {
        long w = chain.weights()[j][k] & ((1L << bw) - 1);
        wInit[at++] = ((long) chain.targets()[j][k] << bw) | w;
      }
    }
    Memory rows = m.memory("rows", uint(countBits + baseBits), Math.max(2, sourceSize),
        ReadDuringWrite.READ_FIRST).init(rowInit);
    Memory weights = m.memory("weights", uint(awN + bw), Math.max(2, words),
        ReadDuringWrite.READ_FIRST).init(wInit);
    Memory preload = m.memory("preload", sint(ba), Math.max(2, n), ReadDuringWrite.READ_FIRST)
        .init(c.preload()[0]);
    Memory acc = m.memory("acc", sint(ba), Math.max(2, n), ReadDuringWrite.READ_FIRST);
    Memory v = m.memory("v", sint(bv), Math.max(2, n), ReadDuringWrite.READ_FIRST);
    // Small layers would otherwise land in LUTs; block RAM keeps the cost model per layer simple
    // and the logic free for the neuron arithmetic.
    for (Memory mem : new Memory[] {rows, weights, preload, acc, v}) {
      mem.attribute(Memory.RAM_STYLE, "block");
    }
    Memory cur = null;
    if (cuba) {
      cur = m.memory("i", sint(bi), Math.max(2, n), ReadDuringWrite.READ_FIRST);
      cur.attribute(Memory.RAM_STYLE, "block");
    }

    // ---- control registers
    Signal state = m.reg("state", uint(4), INIT_RD);
    Signal idx = m.reg("neuron", uint(awN), 0);
    Signal ptr = m.reg("ptr", uint(baseBits), 0);
    Signal left = m.reg("left", uint(countBits), 0);
    Signal tgt = m.reg("target", uint(awN), 0);
    Signal wq = m.reg("weight", sint(bw), 0);

    Expr inEot = in.payload().bit(awIn);
    Expr inAddr = in.payload().slice(awIn - 1, 0);
    Signal rowData = rows.readSync("row", inAddr, in.fire().and(inEot.not()));
    Signal wData = weights.readSync("word", ptr, state.eq(W_RD));
    Expr wTarget = wData.slice(awN + bw - 1, bw);
    Expr wValue = wData.slice(bw - 1, 0).asSigned();

    Signal accRaddr = m.wire("acc_raddr", uint(awN));
    accRaddr.set(idx);
    m.when(state.eq(W_ACC), () -> accRaddr.set(wTarget));
    Signal accData = acc.readSync("acc_rd", accRaddr, state.eq(W_ACC).or(state.eq(N_RD)));
    Expr readNeuron = state.eq(N_RD).or(state.eq(INIT_RD));
    // A Threshold layer keeps no state: its v memory only shows the last accumulator.
    Signal vData = NeuronCore.stateful(c) ? v.readSync("v_rd", idx, state.eq(N_RD)) : null;
    Signal iData = cuba ? cur.readSync("i_rd", idx, state.eq(N_RD)) : null;
    Signal preData = preload.readSync("pre_rd", idx, readNeuron);
    Signal dbgVData = v.readSync("dbg_v", dbgAddr);
    if (cuba) {
      // The select follows the synchronous reads by one clock, as the data does.
      Signal varQ = m.regNext("dbg_var", dbgVar, 0);
      Signal dbgIData = cur.readSync("dbg_i", dbgAddr);
      dbgV.set(mux(varQ.eq(1), dbgIData.resize(dbgV.width()), dbgVData.resize(dbgV.width())));
    } else {
      dbgV.set(dbgVData);
    }

    Signal accWe = m.wire("acc_we", uint(1));
    Signal accWaddr = m.wire("acc_waddr", uint(awN));
    Signal accWdata = m.wire("acc_wdata", sint(ba));
    Signal vWe = m.wire("v_we", uint(1));
    Signal vWdata = m.wire("v_wdata", sint(bv));
    accWaddr.set(idx);
    accWdata.set(preData);
    acc.write(accWaddr, accWdata, accWe);
    v.write(idx, vWdata, vWe);
    Signal iWdata = cuba ? m.wire("i_wdata", sint(bi)) : null;
    if (cuba) {
      cur.write(idx, iWdata, vWe);
    }

    Signal accSum = m.wire("acc_sum", accData.add(wq));

    // ---- neuron update (docs/fixed-point.md 4.2, 4.3), valid in state N_UP
    NeuronCore core = NeuronCore.build(m, c, contract,
        new NeuronCore.Params(m, idx, state.eq(N_RD)), accData, vData, iData);
    Signal spike = core.spike;
    Signal vNew = core.vNew;
    Signal vSat = core.vSat;
    Signal outValue = valueBits == 0 ? null
        : m.reg("out_value", core.value.shape(), 0);
    if (outValue != null) {
      m.when(state.eq(N_UP), () -> outValue.set(core.value));
    }

    // ---- control
    in.ready().set(state.eq(IDLE));
    out.valid().set(state.eq(N_OUT).or(state.eq(N_EOT)));
    int ow = 1 + awN + valueBits;
    Expr event = valueBits == 0 ? idx.resize(ow) : cat(idx, outValue.asUnsigned());
    out.payload().set(mux(state.eq(N_EOT), lit(1L << (ow - 1), uint(ow)), event));
    Runnable advance = () -> m.when(idx.eq(n - 1), () -> state.set(N_EOT))
        .otherwise(() -> {
          idx.set(idx.add(1).truncate(awN));
          state.set(N_RD);
        });
    m.switch_(state)
        .is(INIT_RD, () -> state.set(INIT_WR))
        .is(INIT_WR, () -> {
          accWe.set(1);
          vWe.set(1);
          m.when(idx.eq(n - 1), () -> {
            idx.set(0);
            state.set(IDLE);
          }).otherwise(() -> {
            idx.set(idx.add(1).truncate(awN));
            state.set(INIT_RD);
          });
        })
        .is(IDLE, () -> m.when(in.fire(), () -> {
          m.when(inEot, () -> {
            idx.set(0);
            state.set(N_RD);
          }).otherwise(() -> state.set(ROW));
        }))
        .is(ROW, () -> {
          Expr count = rowData.slice(countBits + baseBits - 1, baseBits);
          m.when(count.eq(0), () -> state.set(IDLE)).otherwise(() -> {
            ptr.set(rowData.slice(baseBits - 1, 0));
            left.set(count);
            state.set(W_RD);
          });
        })
        .is(W_RD, () -> state.set(W_ACC))
        .is(W_ACC, () -> {
          tgt.set(wTarget);
          wq.set(wValue);
          state.set(W_WR);
        })
        .is(W_WR, () -> {
          accWe.set(1);
          accWaddr.set(tgt);
          accWdata.set(narrow(accSum, ba, q.overflow()));
          ptr.set(ptr.add(1).truncate(baseBits));
          left.set(left.sub(1).truncate(countBits));
          m.when(left.eq(1), () -> state.set(IDLE)).otherwise(() -> state.set(W_RD));
        })
        .is(N_RD, () -> state.set(N_UP))
        .is(N_UP, () -> {
          accWe.set(1);
          vWe.set(1);
          m.when(spike, () -> state.set(N_OUT)).otherwise(advance);
        })
        .is(N_OUT, () -> m.when(out.fire(), advance))
        .is(N_EOT, () -> m.when(out.fire(), () -> {
          idx.set(0);
          state.set(IDLE);
        }))
        .otherwise(() -> state.set(IDLE));
    vWdata.set(mux(state.eq(N_UP), vNew, lit(0, sint(bv))));
    if (cuba) {
      iWdata.set(mux(state.eq(N_UP), core.iNew, lit(0, sint(bi))));
    }

    // ---- saturation counters (docs/fixed-point.md section 7)
    Signal satAcc = m.reg("sat_acc", uint(COUNTER_BITS), 0);
    Signal satV = m.reg("sat_v", uint(COUNTER_BITS), 0);
    m.when(state.eq(W_WR).and(overflowed(accSum, ba, q.overflow())),
        () -> satAcc.set(satAcc.add(1).saturate(COUNTER_BITS)));
    m.when(state.eq(N_UP), () -> satV.set(satV.add(vSat).saturate(COUNTER_BITS)));
    satAccOut.set(satAcc);
    satVOut.set(satV);
    if (cuba) {
      Signal satI = m.reg("sat_i", uint(COUNTER_BITS), 0);
      m.when(state.eq(N_UP).and(core.iSat),
          () -> satI.set(satI.add(1).saturate(COUNTER_BITS)));
      satIOut.set(satI);
    }
    if (c.multiSpike()) {
      Signal satS = m.reg("sat_spikes", uint(COUNTER_BITS), 0);
      m.when(state.eq(N_UP).and(core.spikesSat),
          () -> satS.set(satS.add(1).saturate(COUNTER_BITS)));
      satSpikesOut.set(satS);
    }
    return m;
  }

  /** Narrows a signed value to {@code bits} as the golden model's {@code FixedMath.narrow}. */
  static Expr narrow(Expr e, int bits, Overflow overflow) {
    if (e.width() <= bits) {
      return e.resize(bits);
    }
    return overflow == Overflow.SATURATE ? e.saturate(bits) : e.truncate(bits);
  }

  /** True when narrowing {@code e} to {@code bits} changes its value (a counted event). */
  static Expr overflowed(Expr e, int bits, Overflow overflow) {
    if (e.width() <= bits) {
      return lit(0, uint(1));
    }
    return narrow(e, bits, overflow).ne(e);
  }
}
