package org.nirfpga.gen;

import static org.nirfpga.hdl.Hdl.cat;
import static org.nirfpga.hdl.Hdl.lit;
import static org.nirfpga.hdl.Hdl.mux;
import static org.nirfpga.hdl.Hdl.sint;
import static org.nirfpga.hdl.Hdl.uint;

import java.util.ArrayList;
import java.util.List;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.Stream;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.ref.Contract;

/**
 * A layer split over L lanes ({@link Lanes}): L layer engines side by side, each over its own
 * neurons, behind the ports of a single {@link LayerEngine}. Every input event goes to all lanes
 * at once (a word moves when every lane is ready), so each lane scatters its share of the row in
 * the same cycles and an event costs the longest share. The end-of-step marker starts every
 * lane's neurons in the same cycle: L neurons a cycle.
 *
 * <p>The lanes' events leave merged in ascending address order, as one engine emits them, so
 * that the layers they feed accumulate in the golden model's order. A lane's first buffered
 * event leaves when no other lane can still emit a lower address: every other lane offers a
 * higher one, or has nothing buffered and reports a higher {@code horizon_o} (the next neuron it
 * retires, or none left). When every lane offers its end-of-step marker, one marker leaves and
 * all are taken. The merge is a function of the lanes' buffer and horizon registers; the word
 * it picks goes into the layer's own two-slot buffer (while a slot is free at the start of the
 * cycle), so the consumer sees registers and its ready reaches only that buffer.
 *
 * <p>The debug port reads lane {@code address mod L} at {@code address / L}; the saturation
 * counters are the lanes' sums, registered (one clock behind the lanes').
 */
final class LanedLayer {
  /**
   * Test only: a system property naming one layer (NIR node path) whose merge ignores addresses
   * and horizons and lets the highest lane with an event go first, a planted fault the order
   * checks must catch. Never set outside tests; read at generation time and absent by default.
   */
  static final String TEST_FAULT_MERGE = "nirfpga.test.fault.lane-merge";

  private LanedLayer() {}

  /**
   * The module of layer {@code c} over {@code lanes} lanes, with the ports of
   * {@link LayerEngine#build(String, LayerConstants, List, Contract)}.
   */
  static Module build(String moduleName, LayerConstants c, List<ChainInput> inputs,
      Contract contract, int lanes) throws NirfpgaException {
    return build(moduleName, c, inputs, contract, lanes, false);
  }

  /**
   * The module of layer {@code c} over {@code lanes} lanes, each lane with ping-pong
   * accumulators when {@code pingPong} ({@link LayerEngine#build(String, LayerConstants, List,
   * Contract, boolean, boolean)}).
   */
  static Module build(String moduleName, LayerConstants c, List<ChainInput> inputs,
      Contract contract, int lanes, boolean pingPong) throws NirfpgaException {
    return build(moduleName, c, inputs, contract, lanes, pingPong, false);
  }

  /**
   * The module of layer {@code c} over {@code lanes} lanes; with {@code spram} each lane keeps
   * its weight words in a single-port memory loaded through the layer's {@code wl_*} ports
   * ({@link LayerEngine#build(String, LayerConstants, List, Contract, boolean, boolean,
   * boolean)}), the lanes' words one after another in lane order ({@link WeightImage}).
   */
  static Module build(String moduleName, LayerConstants c, List<ChainInput> inputs,
      Contract contract, int lanes, boolean pingPong, boolean spram) throws NirfpgaException {
    int n = c.threshold().length;
    int lb = Lanes.laneBits(lanes);
    int aw = LayerEngine.addressBits(n);
    int valueBits = NeuronCore.valueBits(c);
    boolean cuba = NeuronCore.hasCurrent(c);
    int dbgBits = Math.max(c.quant().v().totalBits(),
        cuba ? c.quant().current().totalBits() : 0);

    Module m = new Module(moduleName);
    List<Stream> ins = new ArrayList<>();
    for (int k = 0; k < inputs.size(); k++) {
      ChainInput ci = inputs.get(k);
      ins.add(m.streamIn(inputs.size() == 1 ? "in" : "in_c" + k,
          uint(1 + LayerEngine.addressBits(ci.sourceSize()) + ci.valueBits())));
    }
    Stream out = m.streamOut("out", uint(1 + aw + valueBits));
    Signal dbgAddr = m.input("dbg_addr_i", uint(aw));
    Signal dbgV = m.output("dbg_v_o", sint(dbgBits));
    Signal satAccOut = m.output("sat_acc_o", uint(LayerEngine.COUNTER_BITS));
    Signal satVOut = m.output("sat_v_o", uint(LayerEngine.COUNTER_BITS));
    Signal dbgVar = cuba ? m.input("dbg_var_i", uint(1)) : null;
    Signal satIOut = cuba ? m.output("sat_i_o", uint(LayerEngine.COUNTER_BITS)) : null;
    Signal satSpikesOut = c.multiSpike()
        ? m.output("sat_spikes_o", uint(LayerEngine.COUNTER_BITS)) : null;

    List<Instance> lane = new ArrayList<>();
    int awLocal = LayerEngine.addressBits(Lanes.size(n, lanes, 0));
    for (int l = 0; l < lanes; l++) {
      LayerConstants cl = Lanes.slice(c, lanes, l);
      lane.add(m.instance("lane" + l, LayerEngine.build(moduleName + "_lane" + l, cl, inputs,
          contract, true, pingPong, spram)));
    }
    if (spram) {
      List<long[]> words = WeightImage.engineWords(c, inputs, lanes);
      int total = 0;
      int dataBits = 1;
      for (int l = 0; l < lanes; l++) {
        total += words.get(l).length;
        dataBits = Math.max(dataBits, lane.get(l).port("wl_data_i").width());
      }
      Expr[] wl = WeightImage.ports(m, total, dataBits);
      Expr free = lit(1, uint(1));
      int base = 0;
      for (int l = 0; l < lanes; l++) {
        free = free.and(WeightImage.connect(lane.get(l), wl[0], wl[1], wl[2], base,
            words.get(l).length));
        base += words.get(l).length;
      }
      m.output("wl_free_o", uint(1)).set(free);
    }

    // ---- input: every chain's words go to all lanes in lockstep, as fan-out does
    for (int k = 0; k < inputs.size(); k++) {
      String prefix = inputs.size() == 1 ? "in" : "in_c" + k;
      List<Stream> into = new ArrayList<>();
      for (Instance u : lane) {
        into.add(u.stream(prefix));
      }
      PipelineGenerator.broadcast(m, ins.get(k), into);
    }

    // ---- output merge: keys {address, lane}, all ones above the lane bits for a marker; a
    // lane with nothing buffered offers {horizon, lane} (all ones: no neuron left). The key of a
    // lane is one LUT per bit from registers: the buffer's head and the horizon register.
    Expr ones = lit((1L << (awLocal + 1)) - 1, uint(awLocal + 1));
    boolean fault = c.path().equals(System.getProperty(TEST_FAULT_MERGE));
    Signal[] key = new Signal[lanes];
    Expr[] isEvent = new Expr[lanes];
    Expr[] address = new Expr[lanes];
    Expr[] value = new Expr[lanes];
    Expr allMarkers = lit(1, uint(1));
    for (int l = 0; l < lanes; l++) {
      Stream s = lane.get(l).stream("out");
      int awl = LayerEngine.addressBits(Lanes.size(n, lanes, l));
      Expr eot = s.payload().msb();
      Expr local = s.payload().slice(awl + valueBits - 1, valueBits).resize(awLocal);
      Expr horizon = lane.get(l).port("horizon_o");
      // Only the horizon of no neuron left has its top bit set; a narrower lane's widens to ones.
      Expr idle = awl == awLocal ? horizon : mux(horizon.msb(), ones, horizon.resize(awLocal + 1));
      Expr high = mux(s.valid(), mux(eot, ones, local.resize(awLocal + 1)), idle);
      key[l] = m.wire("key_" + l, cat(high, lit(l, uint(lb))));
      isEvent[l] = s.valid().and(eot.not());
      allMarkers = allMarkers.and(s.valid().and(eot));
      Expr global = cat(local, lit(l, uint(lb)));
      address[l] = global.width() > aw ? global.truncate(aw) : global.resize(aw);
      value[l] = valueBits == 0 ? null : s.payload().slice(valueBits - 1, 0);
    }
    Signal[] sel = new Signal[lanes];
    Expr later = lit(0, uint(1));
    for (int l = lanes - 1; l >= 0; l--) {
      Expr first = isEvent[l];
      if (fault) {
        first = first.and(later.not());
        later = later.or(isEvent[l]);
      } else {
        for (int o = 0; o < lanes; o++) {
          if (o != l) {
            first = first.and(key[l].lt(key[o]));
          }
        }
      }
      sel[l] = m.wire("sel_" + l, first);
    }
    Signal markers = m.wire("markers", allMarkers);
    Expr any0 = markers;
    Expr word = lit(1L << (aw + valueBits), uint(1 + aw + valueBits));
    for (int l = lanes - 1; l >= 0; l--) {
      any0 = any0.or(sel[l]);
      Expr ev = valueBits == 0 ? address[l].resize(1 + aw)
          : cat(lit(0, uint(1)), address[l], value[l]);
      word = mux(sel[l], ev, word);
    }
    // The merged word goes into a two-slot buffer while a slot is free at the start of the
    // cycle, so the consumer sees registers and its ready reaches only the buffer.
    Signal any = m.wire("merge", any0);
    int ow = 1 + aw + valueBits;
    // Two flags instead of a count: slot 0 and slot 1 hold a word.
    Signal has0 = m.reg("has_0", uint(1), 0);
    Signal has1 = m.reg("has_1", uint(1), 0);
    Signal slot0 = m.regNoReset("out_0", uint(ow));
    Signal slot1 = m.regNoReset("out_1", uint(ow));
    Expr space = has1.not();
    Signal push = m.wire("push", any.and(space));
    Signal pushWord = m.wire("push_word", word);
    Signal pop = m.wire("pop", out.fire());
    out.valid().set(has0);
    out.payload().set(slot0);
    // The word pushed goes to the first free slot after the pop (slot 1 only ever holds a word
    // behind slot 0's).
    m.when(pop, () -> {
      slot0.set(mux(has1, slot1, pushWord));
      has0.set(has1.or(push));
      has1.set(has1.and(push));
      m.when(has1, () -> slot1.set(pushWord));
    }).otherwise(() -> {
      m.when(has0.not(), () -> {
        slot0.set(pushWord);
        has0.set(push);
      }).elseWhen(has1.not(), () -> {
        slot1.set(pushWord);
        has1.set(push);
      });
    });
    for (int l = 0; l < lanes; l++) {
      m.assign(lane.get(l).stream("out").ready(), space.and(sel[l].or(markers)));
    }

    // ---- debug port and status
    Signal dbgLane = m.regNext("dbg_lane", dbgAddr.slice(lb - 1, 0), 0);
    Expr dbg = lit(0, sint(dbgBits));
    for (int l = lanes - 1; l >= 0; l--) {
      Instance u = lane.get(l);
      int awl = LayerEngine.addressBits(Lanes.size(n, lanes, l));
      Expr local = aw - lb >= 1 ? dbgAddr.slice(aw - 1, lb) : lit(0, uint(1));
      u.connect("dbg_addr_i", local.width() >= awl ? local.truncate(awl) : local.resize(awl));
      if (cuba) {
        u.connect("dbg_var_i", dbgVar);
      }
      dbg = mux(dbgLane.eq(l), u.port("dbg_v_o").resize(dbgBits), dbg);
    }
    dbgV.set(dbg);
    satAccOut.set(sum(m, "sat_acc", lane, "sat_acc_o"));
    satVOut.set(sum(m, "sat_v", lane, "sat_v_o"));
    if (cuba) {
      satIOut.set(sum(m, "sat_i", lane, "sat_i_o"));
    }
    if (c.multiSpike()) {
      satSpikesOut.set(sum(m, "sat_spikes", lane, "sat_spikes_o"));
    }
    return m;
  }

  /**
   * The lanes' counters summed into a register as wide as the sum, then clamped to the maximum
   * (a test of the register's top bits, no carry chain in front of it).
   */
  private static Expr sum(Module m, String name, List<Instance> lanes, String port) {
    Expr s = lanes.get(0).port(port);
    for (int l = 1; l < lanes.size(); l++) {
      s = s.add(lanes.get(l).port(port));
    }
    return m.regNext(name, s, 0).saturate(LayerEngine.COUNTER_BITS);
  }
}
