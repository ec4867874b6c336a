package org.nirfpga.hdl;

import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.cat;
import static org.nirfpga.hdl.Hdl.lit;
import static org.nirfpga.hdl.Hdl.mux;
import static org.nirfpga.hdl.Hdl.sint;
import static org.nirfpga.hdl.Hdl.uint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.function.Supplier;

/** Small example designs shared by the golden-file, determinism and lint tests. */
public final class Examples {
  private Examples() {
  }

  /** Every example by name, built fresh on each call. */
  public static Map<String, Supplier<Module>> all() {
    Map<String, Supplier<Module>> m = new LinkedHashMap<>();
    m.put("counter", Examples::counter);
    m.put("signed_mac", Examples::signedMac);
    m.put("mem_accumulator", Examples::memAccumulator);
    m.put("alu", Examples::alu);
    m.put("rounding", Examples::rounding);
    m.put("pair_of_counters", Examples::pairOfCounters);
    m.put("odd_names", Examples::oddNames);
    m.put("stream_pipe", Examples::streamPipe);
    m.put("spram_store", Examples::spramStore);
    m.put("transparent_ram", Examples::transparentRam);
    m.put("synced_counter", Examples::syncedCounter);
    m.put("random_exprs", () -> randomExpressions(20261128L, 40));
    m.put("random_control", () -> randomControl(20261128L));
    return m;
  }

  /** An 8-bit counter with enable that wraps at a Java parameter. */
  public static Module counter() {
    return counter("counter", 8, 199);
  }

  public static Module counter(String name, int width, long wrapAt) {
    Module m = new Module(name);
    Signal en = m.input("en_i", bool());
    Signal count = m.reg("count", uint(width), 0).observable();
    Signal wrap = m.output("wrap_o", bool());
    m.when(en, () -> {
      m.when(count.eq(wrapAt), () -> count.set(0))
          .otherwise(() -> count.set(count.add(1).truncate(width)));
    });
    wrap.set(en.and(count.eq(wrapAt)));
    m.output("count_o", uint(width)).set(count);
    return m.build();
  }

  /** acc += a * b, saturating to sint(20); clear has priority. */
  public static Module signedMac() {
    Module m = new Module("signed_mac");
    Signal a = m.input("a_i", sint(8));
    Signal b = m.input("b_i", sint(8));
    Signal valid = m.input("valid_i", bool());
    Signal clear = m.input("clear_i", bool());
    Signal acc = m.reg("acc", sint(20), 0);
    Signal product = m.wire("product", sint(16));
    product.set(a.mul(b));
    m.when(clear, () -> acc.set(0))
        .elseWhen(valid, () -> acc.set(acc.add(product).saturate(20)));
    m.output("acc_o", sint(20)).set(acc);
    m.output("negative_o", bool()).set(acc.lt(0));
    return m.build();
  }

  /** mem[addr] += delta, with a one-cycle read latency and initial contents. */
  public static Module memAccumulator() {
    Module m = new Module("mem_accumulator");
    Signal valid = m.input("valid_i", bool());
    Signal addr = m.input("addr_i", uint(8));
    Signal delta = m.input("delta_i", sint(16));
    Memory mem = m.memory("acc_mem", sint(16), 256, ReadDuringWrite.READ_FIRST);
    long[] init = new long[256];
    for (int i = 0; i < init.length; i++) {
      init[i] = (i * 37L) % 1000 - 500;
    }
    mem.init(init);
    Signal old = mem.readSync("old_word", addr, valid);
    Signal pendValid = m.regNext("pend_valid", valid, 0);
    Signal pendAddr = m.regNext("pend_addr", addr, 0, valid);
    Signal pendDelta = m.regNext("pend_delta", delta, 0, valid);
    Signal sum = m.wire("sum", sint(16));
    sum.set(old.add(pendDelta).saturate(16));
    mem.write(pendAddr, sum, pendValid);
    m.output("sum_o", sint(16)).set(sum);
    m.output("sum_valid_o", bool()).set(pendValid);
    return m.build();
  }

  /** A switch-driven ALU over mixed shapes: slices, concatenation, reductions, shifts. */
  public static Module alu() {
    Module m = new Module("alu");
    Signal op = m.input("op_i", uint(3));
    Signal a = m.input("a_i", uint(8));
    Signal b = m.input("b_i", sint(8));
    Signal amount = m.input("amount_i", uint(3));
    Signal y = m.output("y_o", sint(10));
    Signal flag = m.output("flag_o", bool());
    y.set(0);
    m.switch_(op)
        .is(0, () -> y.set(a.add(b)))
        .is(1, () -> y.set(a.sub(b)))
        .is(2, () -> y.set(a.and(b).resize(10)))
        .is(new long[] {3, 4}, () -> y.set(b.shr(amount)))
        .is(5, () -> y.set(cat(a.slice(3, 0), b.slice(7, 4)).resize(9).asSigned()))
        .otherwise(() -> y.set(a.shl(amount).truncate(9).asSigned()));
    flag.set(mux(a.any(), a.parity(), b.all()).or(a.asSigned().ge(b)));
    return m.build();
  }

  /** The three rounding modes side by side on signed and unsigned values. */
  public static Module rounding() {
    Module m = new Module("rounding");
    Signal s = m.input("s_i", sint(12));
    Signal u = m.input("u_i", uint(12));
    m.output("s_floor_o", sint(9)).set(s.shiftRightRound(4, Rounding.FLOOR));
    m.output("s_up_o", sint(9)).set(s.shiftRightRound(4, Rounding.HALF_UP));
    m.output("s_even_o", sint(9)).set(s.shiftRightRound(4, Rounding.HALF_EVEN));
    m.output("u_floor_o", uint(9)).set(u.shiftRightRound(4, Rounding.FLOOR));
    m.output("u_up_o", uint(9)).set(u.shiftRightRound(4, Rounding.HALF_UP));
    m.output("u_even_o", uint(9)).set(u.shiftRightRound(4, Rounding.HALF_EVEN));
    m.output("s_sat_o", sint(6)).set(s.saturate(6));
    m.output("u_sat_o", uint(6)).set(u.saturate(6));
    m.output("neg_o", sint(13)).set(s.neg());
    return m.build();
  }

  /** Two parameterizations of one module: the emitter gives them distinct names. */
  public static Module pairOfCounters() {
    Module m = new Module("pair_of_counters");
    Signal en = m.input("en_i", bool());
    Instance slow = m.instance("slow", counter("counter", 4, 9));
    Instance fast = m.instance("fast", counter("counter", 6, 40));
    slow.connect("en_i", en);
    fast.connect("en", slow.port("wrap_o"));
    m.output("fast_count_o", uint(6)).set(fast.port("count_o"));
    m.output("both_o", bool()).set(slow.port("wrap").and(fast.port("wrap_o")));
    return m.build();
  }

  /** Names as a .nir file may hold them: dots, spaces, keywords, leading digits, repeats. */
  public static Module oddNames() {
    Module m = new Module("odd names.v2");
    Signal in = m.input("lif1.lif", uint(4));
    Signal w1 = m.wire("fc 2", uint(4));
    Signal w2 = m.wire("reg", uint(4));
    Signal w3 = m.wire("2nd", uint(4));
    Signal w4 = m.wire("fc_2", uint(4));
    w1.set(in);
    w2.set(w1.xor(in.not()));
    w3.set(w2);
    w4.set(w3.add(1).truncate(4));
    m.output("module", uint(4)).set(w4);
    return m.build();
  }

  /** A registered stream stage between a consumer port and a producer port. */
  public static Module streamPipe() {
    Module m = new Module("stream_pipe");
    Stream in = m.streamIn("in", uint(8));
    Stream out = m.streamOut("out", uint(8));
    Signal full = m.reg("full", bool(), 0);
    Signal data = m.regNoReset("data", uint(8));
    in.ready().set(full.not().or(out.ready()));
    m.when(in.fire(), () -> {
      full.set(1);
      data.set(in.payload());
    }).elseWhen(out.ready(), () -> full.set(0));
    out.valid().set(full);
    out.payload().set(data);
    return m.build();
  }

  /** A single-port store asking for ice40 SPRAM. */
  public static Module spramStore() {
    Module m = new Module("spram_store");
    Signal addr = m.input("addr_i", uint(14));
    Signal wdata = m.input("wdata_i", uint(16));
    Signal we = m.input("we_i", bool());
    Signal re = m.input("re_i", bool());
    Memory mem = m.memory("store", uint(16), 16384, ReadDuringWrite.NO_CHANGE)
        .attribute(Memory.RAM_STYLE, "huge");
    Signal rdata = mem.readSync("rdata", addr, re);
    mem.write(addr, wdata, we);
    m.output("rdata_o", uint(16)).set(rdata);
    m.output("zero_o", bool()).set(lit(0, uint(16)).eq(rdata));
    return m.build();
  }

  /** A write-first RAM with a second, asynchronous read port; no initial contents. */
  public static Module transparentRam() {
    Module m = new Module("transparent_ram");
    Signal waddr = m.input("waddr_i", uint(6));
    Signal raddr = m.input("raddr_i", uint(6));
    Signal wdata = m.input("wdata_i", uint(12));
    Signal we = m.input("we_i", bool());
    Signal re = m.input("re_i", bool());
    Memory mem = m.memory("ram", uint(12), 64, ReadDuringWrite.WRITE_FIRST);
    mem.write(waddr, wdata, we);
    Signal q = mem.readSync("q", raddr, re);
    Signal peek = mem.readAsync("peek", waddr);
    m.output("q_o", uint(12)).set(q);
    m.output("peek_o", uint(12)).set(peek);
    return m.build();
  }

  /** A counter whose reset is released through a two-flop synchronizer instance. */
  public static Module syncedCounter() {
    Module sync = new Module("reset_sync");
    Signal meta = sync.reg("meta", bool(), 0);
    Signal synced = sync.reg("synced", bool(), 0);
    meta.set(1);
    synced.set(meta);
    sync.output("rst_no", bool()).set(synced);
    sync.build();
    Module m = new Module("synced_counter");
    Signal en = m.input("en_i", bool());
    Instance rs = m.instance("reset_sync", sync);
    Instance c = m.instance("count", counter("counter", 3, 5));
    c.connectReset(rs.port("rst_no"));
    c.connect("en_i", en);
    m.output("count_o", uint(3)).set(c.port("count_o"));
    m.output("wrap_o", bool()).set(c.port("wrap_o"));
    return m.build();
  }

  /**
   * {@code count} random expression trees over signed and unsigned inputs, one output each: a
   * fixed seed keeps the design (and its golden file) stable while covering operator mixes no
   * hand-written example would.
   */
  public static Module randomExpressions(long seed, int count) {
    Random rnd = new Random(seed);
    Module m = new Module("random_exprs");
    List<Expr> leaves = new ArrayList<>(List.of(m.input("a_i", uint(8)),
        m.input("b_i", sint(8)), m.input("c_i", uint(3)), m.input("d_i", sint(13)),
        m.input("e_i", bool()), m.input("f_i", uint(16))));
    for (int i = 0; i < count; i++) {
      Expr e = randomExpr(rnd, leaves, 4);
      m.output("r" + i + "_o", e.shape()).set(e);
    }
    return m.build();
  }

  private static Expr randomExpr(Random rnd, List<Expr> leaves, int depth) {
    if (depth == 0 || rnd.nextInt(5) == 0) {
      if (rnd.nextInt(6) == 0) {
        boolean signed = rnd.nextBoolean();
        int w = 2 + rnd.nextInt(10);
        Shape s = signed ? sint(w) : uint(w);
        return lit(s.min() + (long) (rnd.nextDouble() * (s.max() - s.min() + 1)), s);
      }
      return leaves.get(rnd.nextInt(leaves.size()));
    }
    Expr a = randomExpr(rnd, leaves, depth - 1);
    Expr b = randomExpr(rnd, leaves, depth - 1);
    Expr r;
    int w = a.width();
    switch (rnd.nextInt(22)) {
      case 0: r = a.add(b); break;
      case 1: r = a.sub(b); break;
      case 2: r = a.mul(b); break;
      case 3: r = a.and(b); break;
      case 4: r = a.or(b); break;
      case 5: r = a.xor(b); break;
      case 6: r = a.not(); break;
      case 7: r = a.neg(); break;
      case 8: r = rnd.nextBoolean() ? a.lt(b) : a.ge(b); break;
      case 9: r = rnd.nextBoolean() ? a.eq(b) : a.gt(b); break;
      case 10: r = a.shl(rnd.nextInt(4)); break;
      case 11: r = w > 2 ? a.shr(1 + rnd.nextInt(w - 2)) : a; break;
      case 12: r = a.shl(leaves.get(2)); break;
      case 13: r = a.shr(leaves.get(2)); break;
      case 14: {
        int hi = rnd.nextInt(w);
        r = a.slice(hi, rnd.nextInt(hi + 1));
        break;
      }
      case 15: r = cat(a, b); break;
      case 16: r = mux(b.any(), a, b); break;
      case 17: r = a.resize(1 + rnd.nextInt(w + 6) + (a.shape().signed() ? 1 : 0)); break;
      case 18: r = w > 2 ? a.saturate(2 + rnd.nextInt(w - 2)) : a; break;
      case 19: r = w > 1 ? a.shiftRightRound(rnd.nextInt(w),
          Rounding.values()[rnd.nextInt(3)]) : a; break;
      case 20: r = w > 1 ? (a.shape().signed() ? a.asUnsigned() : a.asSigned()) : a.parity();
        break;
      default: r = rnd.nextBoolean() ? a.all() : a.parity(); break;
    }
    // Keep outputs within 64 bits for the simulation harness.
    return r.width() > 40 ? r.truncate(40) : r;
  }

  /**
   * Random nests of when/elseWhen/otherwise and switch over registers, wires and outputs, with
   * assignments scattered at every depth: exercises defaults and the per-target projection of
   * the statement tree.
   */
  public static Module randomControl(long seed) {
    Random rnd = new Random(seed);
    Module m = new Module("random_control");
    Signal sel = m.input("sel_i", uint(2));
    Signal x = m.input("x_i", uint(6));
    Signal y = m.input("y_i", sint(6));
    List<Expr> conds = List.of(m.input("p_i", bool()), m.input("q_i", bool()), x.bit(0),
        y.lt(0), sel.eq(3));
    List<Signal> targets = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      targets.add(m.reg("r" + i, uint(6), i));
    }
    targets.add(m.regNoReset("n0", sint(7)));
    for (int i = 0; i < 3; i++) {
      targets.add(m.wire("w" + i, uint(6), i + 1));
    }
    List<Expr> values = new ArrayList<>(List.of(x, y.resize(6).asUnsigned(), sel));
    values.addAll(targets.subList(0, 5));
    for (int i = 0; i < 3; i++) {
      randomBlock(m, rnd, targets.subList(0, 5), values, conds, sel, 2);
    }
    // Wires may only read registers and inputs, so no loop can form. Each gets one conditional
    // driver so that its default still shows where no branch assigns it.
    for (Signal w : targets.subList(5, 8)) {
      m.when(conds.get(0), () -> w.set(x));
    }
    randomBlock(m, rnd, targets.subList(5, 8), values, conds, sel, 2);
    for (Signal t : targets) {
      m.output("o_" + t.name(), t.shape()).set(t);
    }
    return m.build();
  }

  private static void randomBlock(Module m, Random rnd, List<Signal> targets, List<Expr> values,
      List<Expr> conds, Signal sel, int depth) {
    int n = 1 + rnd.nextInt(2);
    for (int k = 0; k < n; k++) {
      // Top-level blocks hold only conditionals: two unconditional assignments are an error.
      int what = depth == 0 ? 0 : depth == 2 ? 1 + rnd.nextInt(4) : rnd.nextInt(5);
      if (what == 0) {
        Signal t = targets.get(rnd.nextInt(targets.size()));
        Expr v = values.get(rnd.nextInt(values.size()));
        v = v.add(rnd.nextInt(5));
        if (v.shape().signed() != t.shape().signed()) {
          v = t.shape().signed() ? v.asSigned() : v.asUnsigned();
        }
        t.set(v.width() > t.width() ? v.truncate(t.width()) : v.resize(t.width()));
      } else if (what <= 2) {
        var w = m.when(conds.get(rnd.nextInt(conds.size())),
            () -> randomBlock(m, rnd, targets, values, conds, sel, depth - 1));
        if (rnd.nextBoolean()) {
          w.elseWhen(conds.get(rnd.nextInt(conds.size())),
              () -> randomBlock(m, rnd, targets, values, conds, sel, depth - 1));
        }
        if (rnd.nextBoolean()) {
          w.otherwise(() -> randomBlock(m, rnd, targets, values, conds, sel, depth - 1));
        }
      } else {
        Switch s = m.switch_(sel);
        int first = rnd.nextInt(3);
        s.is(first, () -> randomBlock(m, rnd, targets, values, conds, sel, depth - 1));
        s.is(new long[] {first + 1}, () -> randomBlock(m, rnd, targets, values, conds, sel,
            depth - 1));
        if (rnd.nextBoolean()) {
          s.otherwise(() -> randomBlock(m, rnd, targets, values, conds, sel, depth - 1));
        }
      }
    }
  }
}
