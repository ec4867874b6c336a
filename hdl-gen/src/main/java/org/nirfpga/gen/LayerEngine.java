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
import org.nirfpga.hdl.Switch;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.ref.Contract;
import java.util.List;

/**
 * Builds the hardware of one spiking layer: a synapse engine that scatters each input event's
 * weight row into per-neuron accumulators (one weight word per cycle through a three-level
 * read-modify-write pipeline; a graded event's value multiplies the weight) and a neuron engine
 * that, on the last chain's end-of-step marker, updates every neuron, emits its events and the
 * marker, and preloads the accumulators with the bias for the next step. The neuron engine is a pipeline ({@link NeuronCore}) that
 * starts one neuron per cycle and retires one per cycle {@link NeuronCore#LATENCY} + 1 cycles
 * later, pushing its event into a two-slot output buffer in the cycle it retires; a spike that
 * finds the buffer full holds the whole pipeline until a slot frees. The buffer's registers are
 * all the pipeline sees of the consumer, so the consumer's ready reaches no pipeline register.
 *
 * <p>Events on every stream are {@code {eot, address[, value]}}: eot = 1 marks the end of a time
 * step (its other bits are 0). The layer takes its input chains one after another, each up to its
 * marker, and its words in order, so the order of accumulation is the golden model's.
 *
 * <p>The engine takes the next event (not a marker) in the cycle it reads the last word of a row,
 * so its row read overlaps that word, and an event costs one cycle besides its words. The words
 * of one row have distinct targets ({@link SynapseTables} checks it), so the one hazard is the
 * next event's first word: it reads its accumulator in the cycle the last word of the event
 * before it writes (two cycles apart, ROW between them). When its target and bank are that
 * write's, the sum written is kept a cycle and level 2 adds the weight to it instead of the read
 * data (both sums are formed, level 3 writes the chosen one).
 */
final class LayerEngine {
  // FSM states.
  static final int INIT_RD = 0;
  static final int INIT_WR = 1;
  static final int IDLE = 2;
  /** Has the event's row: its count, first word and target offset. */
  static final int ROW = 3;
  /**
   * Reads one weight word a cycle; the words then pass the synapse pipeline's three levels. With
   * the row's last word it takes the next event, if one is offered (a marker waits for IDLE).
   */
  static final int W_RD = 4;
  /** Starts one neuron a cycle into the core and retires one a cycle at its end. */
  static final int N_RUN = 5;
  static final int N_EOT = 6;
  /**
   * With ping-pong accumulators: the synapse engine holds the last chain's marker until the
   * neuron engine has finished the step before.
   */
  static final int WAIT = 7;
  /** The neuron engine's state with ping-pong accumulators while it has no step to scan. */
  static final int N_IDLE = 0;
  /**
   * Cycles N_RUN waits before its first read, so that the last word's accumulator write (three
   * cycles after its weight read) is in memory.
   */
  static final int N_HOLD = 2;
  /** Words the layer's output buffer holds (slots out_0, out_1). */
  static final int OUTPUT_SLOTS = 2;

  /** Width of the saturation counters; they stop at their maximum instead of wrapping. */
  static final int COUNTER_BITS = 32;

  private LayerEngine() {}

  /** Whether layers of this NIR type emit spikes (else their v, as values). */
  static boolean spiking(String type) {
    return NeuronCore.spiking(type);
  }

  /**
   * Test only: a system property naming one layer (NIR node path) whose synapse row-table address
   * the generator computes one too high, a planted fault the co-simulation tests must catch and
   * locate. Never set outside tests; it is read at generation time and absent by default.
   */
  static final String TEST_FAULT_ROW_ADDRESS = "nirfpga.test.fault.row-address";

  /**
   * Test only: a system property naming one layer (NIR node path) with ping-pong accumulators
   * whose neuron engine reads the synapse engine's bank instead of its own, a planted fault the
   * co-simulation tests must catch. Never set outside tests; read at generation time and absent
   * by default.
   */
  static final String TEST_FAULT_BANK = "nirfpga.test.fault.bank";

  /**
   * Test only: a system property naming one layer (NIR node path) whose synapse pipeline does
   * not forward its last accumulator write, a planted fault the tests must catch. Never set
   * outside tests; read at generation time and absent by default.
   */
  static final String TEST_FAULT_FORWARD = "nirfpga.test.fault.forward";

  /** Address bits for {@code n} elements (at least 1), the address width of a memory of n words. */
  static int addressBits(int n) {
    return 32 - Integer.numberOfLeadingZeros(Math.max(2, n) - 1);
  }

  /**
   * The layer module for {@code c} with one input stream per chain of {@code c}, in the chains'
   * order: {@code in} for a single chain, else {@code in_c0}, {@code in_c1}, ...
   *
   * @param moduleName the module's name
   * @param c the golden model's constants for this layer
   * @param inputs per chain, the source's address count and event value width
   * @param contract reset rule of the spiking neurons
   */
  static Module build(String moduleName, LayerConstants c, List<ChainInput> inputs,
      Contract contract) throws NirfpgaException {
    return build(moduleName, c, inputs, contract, false);
  }

  /**
   * The layer module as {@link #build(String, LayerConstants, List, Contract)} builds it; as a
   * lane of a layer ({@code lane}) it also has output {@code horizon_o}, the least address it
   * may still emit in this step while its output buffer is empty: its next neuron to retire
   * while it runs the neurons, all ones once they have all retired, 0 otherwise.
   */
  static Module build(String moduleName, LayerConstants c, List<ChainInput> inputs,
      Contract contract, boolean lane) throws NirfpgaException {
    return build(moduleName, c, inputs, contract, lane, false);
  }

  /**
   * The layer module as {@link #build(String, LayerConstants, List, Contract, boolean)} builds
   * it, with {@code pingPong} two accumulator banks: the synapse engine scatters step t + 1's
   * events into one while the neuron engine scans step t's in the other. The two engines then
   * have a state machine each; on the last chain's marker they swap banks, at once when the
   * neuron engine is idle, else when it has sent its marker (the synapse engine waits in
   * {@link #WAIT}). The neuron scan of step t preloads its bank for step t + 2, and the reset
   * fills both banks, one pass each.
   */
  static Module build(String moduleName, LayerConstants c, List<ChainInput> inputs,
      Contract contract, boolean lane, boolean pingPong) throws NirfpgaException {
    return build(moduleName, c, inputs, contract, lane, pingPong, false);
  }

  /**
   * The layer module as {@link #build(String, LayerConstants, List, Contract, boolean,
   * boolean)} builds it, with {@code spram} its weight words in a single-port memory without
   * initial contents that yosys maps to iCE40 SPRAM ({@code ram_style = "huge"}). The words are
   * then written through ports {@code wl_we_i}, {@code wl_addr_i} and {@code wl_data_i}; the
   * port is the loader's while {@code wl_free_o} (the synapse engine reads no word in that
   * cycle), so a write must only come while it is 1.
   */
  static Module build(String moduleName, LayerConstants c, List<ChainInput> inputs,
      Contract contract, boolean lane, boolean pingPong, boolean spram) throws NirfpgaException {
    LayerQuant q = c.quant();
    int n = c.threshold().length;
    int awN = addressBits(n);
    int ba = q.accumulator().totalBits();
    int bv = q.v().totalBits();
    int bw = q.weight().totalBits();
    int chains = inputs.size();

    Module m = new Module(moduleName);
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

    // ---- constant memories: row table {count, base[, offset]}, weight words {target, weight},
    // preload. The chains' tables are concatenated: chain k's rows start at rowOffset[k]; with
    // an offset field a word's target is relative to its row's offset (SynapseTables).
    SynapseTables tables = SynapseTables.of(c, inputs);
    int rowWords = tables.rowInit().length;
    int baseBits = tables.baseBits();
    int countBits = tables.countBits();
    int offBits = tables.offsetBits();
    Memory rows = m.memory("rows", uint(tables.rowBits()), Math.max(2, rowWords),
        ReadDuringWrite.READ_FIRST).init(tables.rowInit());
    int wordCount = Math.max(2, tables.wordInit().length);
    Memory weights = spram
        ? m.memory("weights", uint(awN + bw), wordCount, ReadDuringWrite.NO_CHANGE)
        : m.memory("weights", uint(awN + bw), wordCount, ReadDuringWrite.READ_FIRST)
            .init(tables.wordInit());
    // Preload entries (a bias that arrives late, docs/fixed-point.md) are stored one after
    // another, n words each; entry b applies from step preloadFrom[b] on.
    int entries = c.preload().length;
    long[] preInit = new long[entries * n];
    for (int b = 0; b < entries; b++) {
      System.arraycopy(c.preload()[b], 0, preInit, b * n, n);
    }
    Memory preload = m.memory("preload", sint(ba), Math.max(2, entries * n),
        ReadDuringWrite.READ_FIRST).init(preInit);
    Memory acc = pingPong ? null
        : m.memory("acc", sint(ba), Math.max(2, n), ReadDuringWrite.READ_FIRST);
    Memory[] banks = pingPong ? new Memory[] {
        m.memory("acc_0", sint(ba), Math.max(2, n), ReadDuringWrite.READ_FIRST),
        m.memory("acc_1", sint(ba), Math.max(2, n), ReadDuringWrite.READ_FIRST)}
        : new Memory[] {acc};
    Memory v = m.memory("v", sint(bv), Math.max(2, n), ReadDuringWrite.READ_FIRST);
    // Small layers would otherwise land in LUTs; block RAM keeps the cost model per layer simple
    // and the logic free for the neuron arithmetic.
    for (Memory mem : new Memory[] {rows, preload, v}) {
      mem.attribute(Memory.RAM_STYLE, "block");
    }
    weights.attribute(Memory.RAM_STYLE, spram ? "huge" : "block");
    for (Memory mem : banks) {
      mem.attribute(Memory.RAM_STYLE, "block");
    }
    Memory cur = null;
    if (cuba) {
      cur = m.memory("i", sint(bi), Math.max(2, n), ReadDuringWrite.READ_FIRST);
      cur.attribute(Memory.RAM_STYLE, "block");
    }

    // ---- control registers
    Signal state = m.reg("state", uint(4), INIT_RD);
    // With ping-pong accumulators the neuron engine has a state of its own (else it is `state`),
    // the synapse engine scatters into bank `bank`, the neuron engine scans the other, and the
    // reset fills bank `init_pass` in its pass.
    Signal nstate = pingPong ? m.reg("nstate", uint(3), N_IDLE) : state;
    Signal bank = pingPong ? m.reg("bank", uint(1), 0) : null;
    Signal pass = pingPong ? m.reg("init_pass", uint(1), 0) : null;
    Signal idx = m.reg("neuron", uint(awN), 0);
    Signal ptr = m.reg("ptr", uint(baseBits), 0);
    Signal left = m.reg("left", uint(countBits), 0);
    // The cycle of a row's last word, in which the next event may enter.
    Signal lastWord = m.wire("last_word", state.eq(W_RD).and(left.eq(1)));
    Signal rowOff = offBits == 0 ? null : m.reg("row_offset", uint(offBits), 0);
    // ---- neuron pipeline control: neuron idx is started while `issue`, neuron `retire` leaves
    // the core's last level while `done`; live[k] marks a neuron at level k (0: the read data).
    int depth = NeuronCore.LATENCY;
    Signal retire = m.reg("retire", uint(awN), 0);
    // `issuing`: in N_RUN, past the hold and not yet past the last neuron; a register, so that
    // the reads' enables are one gate from registers.
    Signal issuing = m.reg("issuing", uint(1), 0);
    Signal hold = m.reg("hold", uint(addressBits(N_HOLD + 1)), 0);
    Signal advance = m.wire("advance", uint(1));
    Signal issue = m.wire("issue", issuing.and(advance));
    Signal[] live = new Signal[depth + 1];
    for (int k = 0; k <= depth; k++) {
      live[k] = m.regNext("live_" + k, k == 0 ? issue : live[k - 1], 0, advance);
    }
    Signal done = m.wire("done", live[depth].and(advance));
    // The output buffer: `buffered` words in slots out_0 (offered), out_1.
    Signal buffered = m.reg("buffered", uint(2), 0);
    Signal full = m.wire("full", buffered.eq(OUTPUT_SLOTS));
    Signal markerPush = m.wire("marker_push", nstate.eq(N_EOT).and(full.not()));
    // Graded events (input counts, a readout's v) multiply the weight; spikes are worth 1.
    int eventBits = 0;
    for (ChainInput ci : inputs) {
      eventBits = Math.max(eventBits, ci.valueBits());
    }
    int productBits = eventBits == 0 ? bw : bw + eventBits;

    // ---- synapse input: the chains are taken one after another, each up to its end-of-step
    // marker, so the accumulation order is the golden model's (chain by chain, ascending address).
    int rowBits = addressBits(rowWords);
    Signal chainSel = m.reg("chain", uint(addressBits(chains)), 0);
    Signal inFire = m.wire("in_fire", uint(1));
    Signal inEot = m.wire("in_eot", uint(1));
    Signal rowAddr = m.wire("row_addr", uint(rowBits));
    Signal evValue = eventBits == 0 ? null : m.wire("event_value", sint(eventBits));
    Expr fireAny = lit(0, uint(1));
    Expr eotSel = lit(0, uint(1));
    Expr addrSel = lit(0, uint(rowBits));
    Expr valueSel = eventBits == 0 ? null : lit(0, sint(eventBits));
    for (int k = 0; k < chains; k++) {
      ChainInput ci = inputs.get(k);
      int awIn = addressBits(ci.sourceSize());
      Stream in = m.streamIn(chains == 1 ? "in" : "in_c" + k,
          uint(1 + awIn + ci.valueBits()));
      Expr mine = chainSel.eq(k);
      int vb = ci.valueBits();
      Expr eot = in.payload().bit(awIn + vb);
      in.ready().set(mine.and(state.eq(IDLE).or(lastWord.and(eot.not()))));
      Expr addr = in.payload().slice(awIn + vb - 1, vb).resize(rowBits);
      if (tables.rowOffset()[k] != 0) {
        addr = addr.add(tables.rowOffset()[k]).truncate(rowBits);
      }
      if (c.path().equals(System.getProperty(TEST_FAULT_ROW_ADDRESS))) {
        addr = addr.add(1).truncate(rowBits);
      }
      fireAny = fireAny.or(in.fire());
      eotSel = mux(mine, eot, eotSel);
      addrSel = mux(mine, addr, addrSel);
      if (eventBits > 0) {
        Expr val = vb == 0 ? lit(1, sint(eventBits))
            : in.payload().slice(vb - 1, 0).asSigned().resize(eventBits);
        valueSel = mux(mine, val, valueSel);
      }
    }
    inFire.set(fireAny);
    inEot.set(eotSel);
    rowAddr.set(addrSel);
    Signal rowData = rows.readSync("row", rowAddr, inFire.and(inEot.not()));
    Signal eventQ = null;
    if (eventBits > 0) {
      // Taken with the event, used from its row on: the row before it may still have a word at
      // level 1 in the cycle after the event enters.
      evValue.set(valueSel);
      Signal taken = m.reg("event_in", sint(eventBits), 0);
      eventQ = m.reg("event", sint(eventBits), 0);
      Signal ev = eventQ;
      m.when(inFire, () -> taken.set(evValue));
      m.when(state.eq(ROW), () -> ev.set(taken));
    }
    // ---- synapse pipeline: level 1 has the word (its target is the accumulator's read address,
    // its weight times the event value is registered), level 2 adds the accumulator and
    // registers the narrowed sum, level 3 writes it. syn_k: level k holds a word.
    Signal wData;
    if (!spram) {
      wData = weights.readSync("word", ptr, state.eq(W_RD));
    } else {
      // One address for the read and the write, as a single-port SPRAM has: the loader's while
      // it writes, else the synapse engine's.
      Signal wlWe = m.input("wl_we_i", uint(1));
      Signal wlAddr = m.input("wl_addr_i", uint(addressBits(wordCount)));
      Signal wlData = m.input("wl_data_i", uint(awN + bw));
      m.output("wl_free_o", uint(1)).set(state.ne(W_RD));
      Signal wAddr = m.wire("weights_addr", mux(wlWe, wlAddr, ptr.resize(wlAddr.width())));
      wData = weights.readSync("word", wAddr, state.eq(W_RD));
      weights.write(wAddr, wlData, wlWe);
    }
    Signal syn1 = m.regNext("syn_1", state.eq(W_RD), 0);
    Signal syn2 = m.regNext("syn_2", syn1, 0);
    Signal syn3 = m.regNext("syn_3", syn2, 0);
    // A relative target wraps modulo 2^awN, as the tables stored it.
    Signal wTarget = m.wire("word_target", offBits == 0 ? wData.slice(awN + bw - 1, bw)
        : wData.slice(awN + bw - 1, bw).add(rowOff).truncate(awN));
    Expr wValue = wData.slice(bw - 1, 0).asSigned();
    Expr wProduct = eventBits == 0 ? wValue : wValue.mul(eventQ).resize(productBits);
    Signal tgt2 = m.regNext("target_2", wTarget, 0, syn1);
    Signal wq = m.regNext("weight", wProduct, 0, syn1);
    Signal tgt3 = m.regNext("target_3", tgt2, 0, syn2);

    // accData: the neuron engine's read; synAcc: the synapse engine's (one port, one bank).
    Signal accData;
    Signal synAcc;
    Signal synBank = null;
    if (!pingPong) {
      Signal accRaddr = m.wire("acc_raddr", uint(awN));
      accRaddr.set(mux(syn1, wTarget, idx));
      accData = acc.readSync("acc_rd", accRaddr, syn1.or(issue));
      synAcc = accData;
    } else {
      Signal[] bankRead = new Signal[2];
      for (int b = 0; b < 2; b++) {
        Expr mine = bank.eq(b);
        Signal ra = m.wire("acc_raddr_" + b, uint(awN));
        ra.set(mux(mine, wTarget, idx));
        bankRead[b] = banks[b].readSync("acc_rd_" + b, ra, mux(mine, syn1, issue));
      }
      // The bank of the word at level 2: the banks may swap while it is in the pipeline.
      synBank = m.regNext("syn_bank_2", bank, 0);
      synAcc = m.wire("syn_acc", mux(synBank, bankRead[1], bankRead[0]));
      boolean fault = c.path().equals(System.getProperty(TEST_FAULT_BANK));
      accData = m.wire("neuron_acc", fault ? mux(bank, bankRead[1], bankRead[0])
          : mux(bank, bankRead[0], bankRead[1]));
    }
    // The preload of the neuron that retires next: read while the one before it retires (or
    // the pipeline fills), so the data is there in its retire cycle and held while it stalls.
    Signal preIdx = m.wire("pre_idx", uint(awN));
    preIdx.set(mux(state.eq(INIT_RD), idx,
        retire.add(live[depth].resize(awN)).truncate(awN)));
    Expr readNeuron = state.eq(INIT_RD).or(nstate.eq(N_RUN).and(advance));
    // A Threshold layer keeps no state: its v memory only shows the last accumulator.
    Signal vData = NeuronCore.stateful(c) ? v.readSync("v_rd", idx, issue) : null;
    Signal iData = cuba ? cur.readSync("i_rd", idx, issue) : null;
    Signal preData;
    if (entries == 1) {
      preData = preload.readSync("pre_rd", preIdx, readNeuron);
    } else {
      // Steps completed, held at the last entry's first step; the neuron phase of step t
      // loads the preload of step t + 1.
      int last = c.preloadFrom()[entries - 1];
      int tb = addressBits(last + 1);
      int pw = addressBits(entries * n);
      Signal stepNo = m.reg("step_no", uint(tb), 0);
      m.when(markerPush.and(stepNo.ne(last)),
          () -> stepNo.set(stepNo.add(1).truncate(tb)));
      // The step preloaded: the next one, or with two banks the one after it (the reset's
      // passes preload steps 0 and 1).
      Expr loaded = pingPong
          ? mux(state.eq(INIT_RD), pass.resize(tb + 2), stepNo.resize(tb + 2).add(2)
              .truncate(tb + 2))
          : stepNo.add(1);
      Expr base = lit(0, uint(pw));
      for (int b = 1; b < entries; b++) {
        base = base.add(mux(loaded.ge(c.preloadFrom()[b]), lit(n, uint(pw)),
            lit(0, uint(pw)))).truncate(pw);
      }
      Signal preAddr = m.wire("pre_addr", uint(pw));
      preAddr.set(pingPong ? preIdx.resize(pw).add(base).truncate(pw)
          : mux(state.eq(INIT_RD), preIdx.resize(pw), preIdx.resize(pw).add(base).truncate(pw)));
      preData = preload.readSync("pre_rd", preAddr, readNeuron);
    }
    Signal dbgVData = v.readSync("dbg_v", dbgAddr);
    if (cuba) {
      // The select follows the synchronous reads by one clock, as the data does.
      Signal varQ = m.regNext("dbg_var", dbgVar, 0);
      Signal dbgIData = cur.readSync("dbg_i", dbgAddr);
      dbgV.set(mux(varQ.eq(1), dbgIData.resize(dbgV.width()), dbgVData.resize(dbgV.width())));
    } else {
      dbgV.set(dbgVData);
    }

    // acc_we: the reset's or the neuron engine's write of a preload.
    Signal accWe = m.wire("acc_we", uint(1));
    Signal accWaddr = pingPong ? null : m.wire("acc_waddr", uint(awN));
    Signal accWdata = pingPong ? null : m.wire("acc_wdata", sint(ba));
    Signal vWe = m.wire("v_we", uint(1));
    Signal vWdata = m.wire("v_wdata", sint(bv));
    Signal vWaddr = m.wire("v_waddr", uint(awN));
    vWaddr.set(mux(nstate.eq(N_RUN), retire, idx));
    if (!pingPong) {
      accWaddr.set(vWaddr);
      accWdata.set(preData);
      acc.write(accWaddr, accWdata, accWe);
    }
    v.write(vWaddr, vWdata, vWe);
    Signal iWdata = cuba ? m.wire("i_wdata", sint(bi)) : null;
    if (cuba) {
      cur.write(vWaddr, iWdata, vWe);
    }

    // acc_next: the narrowed sum of the word at level 3, written this cycle. The word at level 1
    // reads its accumulator at that write's edge, before it: level 1 compares its target and
    // bank with the write's and registers the outcome (`forward`). Level 2 adds the weight both
    // to the read data and to the sum written (fwd_value), and level 3 writes the one `forward`
    // chose, so no select lies between the accumulator's read data and the adder.
    Signal fwdValue = m.reg("fwd_value", sint(ba), 0);
    Expr hit = syn3.and(tgt3.eq(wTarget));
    Signal synBank3 = pingPong ? m.regNext("syn_bank_3", synBank, 0) : null;
    if (pingPong) {
      // The word at level 1 is read from bank `bank`, which syn_bank_2 holds a cycle later.
      hit = hit.and(synBank3.eq(bank));
    }
    if (c.path().equals(System.getProperty(TEST_FAULT_FORWARD))) {
      hit = lit(0, uint(1));
    }
    Signal forward = m.regNext("forward", hit, 0);
    Signal forward3 = m.regNext("forward_3", forward, 0);
    Signal accSum = m.wire("acc_sum", synAcc.add(wq));
    Signal fwdSum = m.wire("fwd_sum", fwdValue.add(wq));
    Signal accRead = m.regNext("acc_next_read", narrow(accSum, ba, q.overflow()), 0, syn2);
    Signal accFwd = m.regNext("acc_next_fwd", narrow(fwdSum, ba, q.overflow()), 0, syn2);
    Signal accNext = m.wire("acc_next", mux(forward3, accFwd, accRead));
    m.when(syn3, () -> fwdValue.set(accNext));
    if (!pingPong) {
      m.when(syn3, () -> {
        accWe.set(1);
        accWaddr.set(tgt3);
        accWdata.set(accNext);
      });
    } else {
      // Each bank takes the synapse engine's write of a word read from it, else a preload: the
      // reset's into bank init_pass, the neuron engine's into the bank it scans.
      Expr fill = mux(state.eq(INIT_WR), pass, bank.not());
      for (int b = 0; b < 2; b++) {
        Signal synWrite = m.wire("acc_syn_we_" + b, syn3.and(synBank3.eq(b)));
        Signal wa = m.wire("acc_waddr_" + b, mux(synWrite, tgt3, vWaddr));
        Signal wd = m.wire("acc_wdata_" + b, mux(synWrite, accNext, preData));
        banks[b].write(wa, wd, synWrite.or(accWe.and(fill.eq(b))));
      }
    }

    // ---- neuron update (docs/fixed-point.md 4.2, 4.3): started while `issue`, its outputs at
    // the core's last level while `done`
    NeuronCore core = NeuronCore.build(m, c, contract,
        new NeuronCore.Params(m, idx, issue), accData, vData, iData, advance);
    Signal spike = core.spike;
    Signal vNew = core.vNew;
    Signal vSat = core.vSat;
    // A spike that finds the output buffer full stalls every level, the reads and the writes.
    // (live_7 is set only in N_RUN: the pipeline is empty when the marker leaves it.)
    Signal emit = m.wire("emit", live[depth].and(spike));
    advance.set(emit.and(full).not());

    // ---- output buffer: a retiring event or the marker goes in, the consumer takes out_0
    int ow = 1 + awN + valueBits;
    Expr event = valueBits == 0 ? retire.resize(ow) : cat(retire, core.value.asUnsigned());
    Signal push = m.wire("push", emit.and(full.not()).or(markerPush));
    Signal pushWord = m.wire("push_word",
        mux(markerPush, lit(1L << (ow - 1), uint(ow)), event));
    Signal slot0 = m.regNoReset("out_0", uint(ow));
    Signal slot1 = m.regNoReset("out_1", uint(ow));
    Signal pop = m.wire("pop", out.fire());
    if (lane) {
      // A lane offers a register: whether its buffer holds a word (the merge starts from it).
      Signal nonempty = m.reg("nonempty", uint(1), 0);
      m.when(push.and(pop.not()), () -> nonempty.set(1))
          .elseWhen(pop.and(push.not()), () -> nonempty.set(buffered.ne(1)));
      out.valid().set(nonempty);
    } else {
      out.valid().set(buffered.ne(0));
    }
    out.payload().set(slot0);
    // The word pushed goes to the first free slot after the pop.
    Expr afterPop = mux(pop, buffered.sub(1).truncate(2), buffered);
    m.when(pop, () -> slot0.set(slot1));
    m.when(push.and(afterPop.eq(0)), () -> slot0.set(pushWord));
    m.when(push.and(afterPop.eq(1)), () -> slot1.set(pushWord));
    m.when(push.and(pop.not()), () -> buffered.set(buffered.add(1).truncate(2)))
        .elseWhen(pop.and(push.not()), () -> buffered.set(buffered.sub(1).truncate(2)));
    // A lane's horizon: all ones in N_EOT, retire in N_RUN, else 0, kept in a register that
    // follows every change of the state and of retire, so the merge starts from a register.
    long all = (1L << (awN + 1)) - 1;
    Signal horizon = lane ? m.reg("horizon", uint(awN + 1), 0) : null;
    // The neuron scan of the step whose last marker was taken: with two banks the banks swap.
    Runnable startScan = () -> {
      idx.set(0);
      retire.set(0);
      hold.set(N_HOLD);
      nstate.set(N_RUN);
      if (pingPong) {
        bank.set(bank.not());
      }
    };
    Runnable nRun = () -> {
      m.when(hold.ne(0), () -> hold.set(hold.sub(1).truncate(hold.width())));
      // The first read comes as the hold reaches 0 (N_HOLD is at least 1).
      m.when(hold.eq(1), () -> issuing.set(1));
      m.when(issue, () -> m.when(idx.eq(n - 1), () -> issuing.set(0))
          .otherwise(() -> idx.set(idx.add(1).truncate(awN))));
      m.when(done, () -> {
        accWe.set(1);
        vWe.set(1);
        m.when(retire.eq(n - 1), () -> {
          nstate.set(N_EOT);
          if (horizon != null) {
            horizon.set(all);
          }
        }).otherwise(() -> {
          retire.set(retire.add(1).truncate(awN));
          if (horizon != null) {
            horizon.set(retire.add(1).resize(awN + 1));
          }
        });
      });
    };
    Runnable nEot = () -> m.when(markerPush, () -> {
      idx.set(0);
      nstate.set(pingPong ? N_IDLE : IDLE);
      if (horizon != null) {
        horizon.set(0);
      }
    });
    Switch synapse = m.switch_(state)
        .is(INIT_RD, () -> state.set(INIT_WR))
        .is(INIT_WR, () -> {
          accWe.set(1);
          vWe.set(1);
          m.when(idx.eq(n - 1), () -> {
            idx.set(0);
            if (pingPong) {
              // The second pass fills the other bank.
              pass.set(1);
              m.when(pass.eq(0), () -> state.set(INIT_RD)).otherwise(() -> state.set(IDLE));
            } else {
              state.set(IDLE);
            }
          }).otherwise(() -> {
            idx.set(idx.add(1).truncate(awN));
            state.set(INIT_RD);
          });
        })
        .is(IDLE, () -> m.when(inFire, () -> {
          m.when(inEot.and(chainSel.eq(chains - 1)), () -> {
            chainSel.set(0);
            if (pingPong) {
              m.when(nstate.eq(N_IDLE), startScan).otherwise(() -> state.set(WAIT));
            } else {
              startScan.run();
            }
          }).elseWhen(inEot, () -> chainSel.set(chainSel.add(1).truncate(chainSel.width())))
              .otherwise(() -> state.set(ROW));
        }))
        .is(ROW, () -> {
          Expr count = rowData.slice(countBits + baseBits + offBits - 1, baseBits + offBits);
          m.when(count.eq(0), () -> state.set(IDLE)).otherwise(() -> {
            ptr.set(rowData.slice(baseBits + offBits - 1, offBits));
            if (rowOff != null) {
              rowOff.set(rowData.slice(offBits - 1, 0));
            }
            left.set(count);
            state.set(W_RD);
          });
        })
        .is(W_RD, () -> {
          ptr.set(ptr.add(1).truncate(baseBits));
          left.set(left.sub(1).truncate(countBits));
          // An event taken with the last word (ready excludes markers here) goes to its row.
          m.when(left.eq(1), () -> m.when(inFire, () -> state.set(ROW))
              .otherwise(() -> state.set(IDLE)));
        });
    if (pingPong) {
      synapse.is(WAIT, () -> m.when(nstate.eq(N_IDLE), () -> {
        startScan.run();
        state.set(IDLE);
      })).otherwise(() -> state.set(IDLE));
      // No default: the synapse engine's case above starts the scan from N_IDLE.
      m.switch_(nstate)
          .is(N_RUN, nRun)
          .is(N_EOT, nEot);
    } else {
      synapse.is(N_RUN, nRun)
          .is(N_EOT, nEot)
          .otherwise(() -> state.set(IDLE));
    }
    vWdata.set(mux(nstate.eq(N_RUN), vNew, lit(0, sint(bv))));
    if (cuba) {
      iWdata.set(mux(nstate.eq(N_RUN), core.iNew, lit(0, sint(bi))));
    }

    if (lane) {
      m.output("horizon_o", uint(awN + 1)).set(horizon);
    }

    // ---- saturation counters (docs/fixed-point.md section 7)
    Signal satAcc = m.reg("sat_acc", uint(COUNTER_BITS), 0);
    Signal satV = m.reg("sat_v", uint(COUNTER_BITS), 0);
    // The overflow is registered first and counted a cycle later: the accumulator's add, its
    // narrowing and the 32-bit increment in one cycle would be a long path.
    Signal ovRead = m.regNext("acc_overflow_read",
        syn2.and(overflowed(accSum, ba, q.overflow())), 0);
    Signal ovFwd = m.regNext("acc_overflow_fwd",
        syn2.and(overflowed(fwdSum, ba, q.overflow())), 0);
    Signal accOverflow = m.wire("acc_overflow", mux(forward3, ovFwd, ovRead));
    count(m, satAcc, accOverflow, lit(1, uint(1)));
    count(m, satV, done, vSat);
    satAccOut.set(satAcc);
    satVOut.set(satV);
    if (cuba) {
      Signal satI = m.reg("sat_i", uint(COUNTER_BITS), 0);
      count(m, satI, done.and(core.iSat), lit(1, uint(1)));
      satIOut.set(satI);
    }
    if (c.multiSpike()) {
      Signal satS = m.reg("sat_spikes", uint(COUNTER_BITS), 0);
      count(m, satS, done.and(core.spikesSat), lit(1, uint(1)));
      satSpikesOut.set(satS);
    }
    return m;
  }

  /**
   * Adds {@code amount} (unsigned, narrower than the counter) to {@code counter} while
   * {@code when}, stopping at the counter's maximum. The clamp is decided from the counter's
   * top bits (all ones: the sum may pass the maximum) and its low bits plus the amount, both
   * beside the carry chain of the sum, so the chain feeds its register through one mux instead
   * of a comparison of its carry out fanned out to every bit.
   */
  static void count(Module m, Signal counter, Expr when, Expr amount) {
    int w = counter.width();
    int k = amount.width();
    Expr top = counter.slice(w - 1, k).all();
    Expr low = counter.slice(k - 1, 0).add(amount).saturate(k);
    Expr clamped = cat(counter.slice(w - 1, k), low);
    m.when(when, () -> counter.set(mux(top, clamped, counter.add(amount).truncate(w))));
  }

  /** Narrows a signed value to {@code bits} as the golden model's {@code FixedMath.narrow}. */
  static Expr narrow(Expr e, int bits, Overflow overflow) {
    if (e.width() <= bits) {
      return e.resize(bits);
    }
    if (overflow != Overflow.SATURATE) {
      return e.truncate(bits);
    }
    if (!e.shape().signed()) {
      return e.saturate(bits);
    }
    // The value fits iff the bits above the kept sign all equal the sign: a reduction of the
    // top bits instead of two wide comparisons (no carry chain in front of the clamp).
    Expr kept = e.truncate(bits);
    Expr pos = e.msb().eq(0).and(fitsNot(e, bits));
    Expr neg = e.msb().eq(1).and(fitsNot(e, bits));
    Expr max = lit((1L << (bits - 1)) - 1, sint(bits));
    Expr min = lit(-(1L << (bits - 1)), sint(bits));
    return mux(pos, max, mux(neg, min, kept));
  }

  /** True when narrowing {@code e} to {@code bits} changes its value (a counted event). */
  static Expr overflowed(Expr e, int bits, Overflow overflow) {
    if (e.width() <= bits) {
      return lit(0, uint(1));
    }
    if (!e.shape().signed()) {
      return narrow(e, bits, overflow).ne(e);
    }
    // Saturating or wrapping, the value changes exactly when it does not fit in bits.
    return fitsNot(e, bits);
  }

  /** For a signed {@code e} wider than {@code bits}: its top bits are not all equal. */
  private static Expr fitsNot(Expr e, int bits) {
    Expr top = e.slice(e.width() - 1, bits - 1);
    int n = e.width() - bits + 1;
    return top.ne(0).and(top.ne((1L << n) - 1));
  }
}
