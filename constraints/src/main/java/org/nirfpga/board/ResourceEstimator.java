package org.nirfpga.board;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.LayerInfo;
import org.nirfpga.hdl.Binary;
import org.nirfpga.hdl.BinaryOp;
import org.nirfpga.hdl.Concat;
import org.nirfpga.hdl.Const;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Mux;
import org.nirfpga.hdl.Primitive;
import org.nirfpga.hdl.ReadPort;
import org.nirfpga.hdl.Resize;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.Slice;
import org.nirfpga.hdl.Unary;
import org.nirfpga.hdl.UnaryOp;
import org.nirfpga.hdl.WritePort;
import org.nirfpga.hdl.check.Walk;

/**
 * Predicts what yosys {@code synth_ice40} makes of a built design, before synthesis: block RAMs
 * exactly (the memory mapping rules below), flip-flops from the registers and LUT4s from the
 * expression trees, per instance (per layer for a generated pipeline) and in total, and whether
 * that fits a board.
 *
 * <p>Memory rules, as yosys 0.23 applies them on iCE40: a ROM bit column that is 0 in every word
 * is dropped (a ROM of zeros disappears); every synchronous read port gets its own copy of the
 * memory; a copy takes the fewest {@code SB_RAM40_4K} of the 256x16, 512x8, 1024x4 and 2048x2
 * shapes; an asynchronous read port puts the memory in flip-flops and LUTs. A written memory also
 * costs a word and an address of flip-flops for the read-first behaviour the block RAM lacks.
 * LUT figures count one LUT4 per result bit of adders, subtractors, comparators and 2:1 muxes
 * (conditional assignments), less for constant operands: an estimate, not a netlist.
 */
public final class ResourceEstimator {
  private static final int[][] ICE40_SHAPES = {{256, 16}, {512, 8}, {1024, 4}, {2048, 2}};

  /** Predicted use of one part of a design. */
  public record Estimate(String name, long luts, long ffs, long brams, long sprams) {
    /** The sum of two estimates, named {@code name}. */
    public Estimate plus(String name, Estimate o) {
      return new Estimate(name, luts + o.luts, ffs + o.ffs, brams + o.brams, sprams + o.sprams);
    }
  }

  /**
   * A prediction for a board: per part (layers, then {@code rest} for the glue), the total, the
   * use against the device and, when it does not fit, what ran out and what to change.
   */
  public record Prediction(Board board, List<Estimate> parts, Estimate total,
      Map<String, Usage> resources, List<String> ranOut, List<String> suggestions) {
    public Prediction {
      parts = List.copyOf(parts);
      resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
      ranOut = List.copyOf(ranOut);
      suggestions = List.copyOf(suggestions);
    }

    /** Whether everything fits the board. */
    public boolean fits() {
      return ranOut.isEmpty();
    }
  }

  private ResourceEstimator() {
  }

  /** The estimate of {@code m} with everything it instantiates. */
  public static Estimate estimate(Module m) {
    Estimate own = own(m);
    for (Instance i : m.instances()) {
      own = own.plus(m.name(), estimate(i.child()));
    }
    return own;
  }

  /** The prediction for a generated pipeline on {@code board}: one part per layer. */
  public static Prediction predict(GeneratedPipeline p, Board board) {
    List<Estimate> parts = new ArrayList<>();
    Estimate total = own(p.top());
    Estimate rest = new Estimate("rest", total.luts(), total.ffs(), total.brams(),
        total.sprams());
    for (Instance i : p.top().instances()) {
      Estimate e = estimate(i.child());
      String name = i.name();
      for (int k = 0; k < p.instances().size(); k++) {
        if (p.instances().get(k) == i) {
          LayerInfo l = p.layers().get(k);
          name = l.path() + " (" + l.type() + ", " + l.size() + " neurons, " + l.weightWords()
              + " weights)";
        }
      }
      parts.add(new Estimate(name, e.luts(), e.ffs(), e.brams(), e.sprams()));
      total = total.plus("total", e);
    }
    parts.add(rest);
    return judge(board, parts, new Estimate("total", total.luts(), total.ffs(), total.brams(),
        total.sprams()));
  }

  /** The verdict for a total on a board, with suggestions when something ran out. */
  public static Prediction judge(Board board, List<Estimate> parts, Estimate total) {
    if (board.family() != Family.ICE40) {
      throw new IllegalArgumentException("the estimator models iCE40 (" + board.name() + " is "
          + board.family() + "); synthesize with nirfpga synth for cell counts");
    }
    DeviceResources d = board.resources();
    Map<String, Usage> res = new LinkedHashMap<>();
    res.put("lut", new Usage(total.luts(), d.luts()));
    res.put("ff", new Usage(total.ffs(), d.ffs()));
    res.put("bram", new Usage(total.brams(), d.bramBlocks()));
    res.put("spram", new Usage(total.sprams(), d.sprams()));
    List<String> ranOut = SynthFlow.ranOut(res);
    List<String> hints = new ArrayList<>();
    if (res.get("bram").exceeds()) {
      Estimate worst = parts.stream().max((a, b) -> Long.compare(a.brams(), b.brams()))
          .orElse(total);
      hints.add(String.format(Locale.ROOT, "block RAM: %d of %d blocks, most in %s (%d); use "
          + "narrower weights (--weight-bits) so more words share a block, or fewer neurons",
          total.brams(), d.bramBlocks(), worst.name(), worst.brams()));
    }
    if (res.get("lut").exceeds() || res.get("ff").exceeds()) {
      hints.add("logic: " + total.luts() + " LUTs / " + total.ffs() + " FFs of " + d.luts()
          + "; use fewer lanes per layer or narrower state (--state-bits) and accumulators");
    }
    return new Prediction(board, parts, total, res, ranOut, hints);
  }

  // ---- one module without its children ----

  static Estimate own(Module m) {
    if (m instanceof Primitive) {
      return new Estimate(m.name(), 0, 0, 0, 0);
    }
    long ffs = 0;
    for (Signal s : m.signals()) {
      if (s.kind() == Signal.Kind.REG) {
        ffs += s.width();
      }
    }
    Set<Expr> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    long luts = 0;
    Map<Signal, Integer> assignsPerTarget = new IdentityHashMap<>();
    for (Walk.Guarded g : Walk.assignments(m)) {
      assignsPerTarget.merge(g.assign().target(), 1, Integer::sum);
      luts += cost(g.assign().value(), seen);
      for (Expr guard : g.guards()) {
        luts += cost(guard, seen);
      }
    }
    for (Map.Entry<Signal, Integer> e : assignsPerTarget.entrySet()) {
      // Each further assignment to a target is one more 2:1 mux level in front of it.
      luts += (long) e.getKey().width() * (e.getValue() - 1);
    }
    long brams = 0;
    for (Memory mem : m.memories()) {
      for (ReadPort p : mem.readPorts()) {
        luts += cost(p.address(), seen) + cost(p.enable(), seen);
      }
      for (WritePort p : mem.writePorts()) {
        luts += cost(p.address(), seen) + cost(p.data(), seen) + cost(p.enable(), seen);
      }
      int width = liveWidth(mem);
      if (width == 0) {
        continue;
      }
      boolean async = mem.readPorts().stream().anyMatch(p -> !p.sync());
      if (async) {
        ffs += (long) mem.depth() * width;
        luts += (long) mem.depth() * width * mem.readPorts().size() / 3;
        continue;
      }
      brams += (long) mem.readPorts().size() * blocks(mem.depth(), width);
      if (!mem.writePorts().isEmpty()) {
        ffs += width + mem.addressWidth();
      }
    }
    return new Estimate(m.name(), luts, ffs, brams, 0);
  }

  /** Bit columns yosys keeps: all of a written memory, the non-zero columns of a ROM. */
  static int liveWidth(Memory mem) {
    int w = mem.shape().width();
    if (!mem.writePorts().isEmpty()) {
      return w;
    }
    long[] init = mem.init();
    if (init == null) {
      return 0;
    }
    long mask = w == 64 ? -1L : (1L << w) - 1;
    long any = 0;
    for (long word : init) {
      any |= word & mask;
    }
    return Long.bitCount(any);
  }

  /** The fewest iCE40 block RAMs holding {@code depth} words of {@code width} bits. */
  public static long blocks(int depth, int width) {
    long best = Long.MAX_VALUE;
    for (int[] s : ICE40_SHAPES) {
      long n = (long) ceilDiv(depth, s[0]) * ceilDiv(width, s[1]);
      best = Math.min(best, n);
    }
    return best;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static long cost(Expr e, Set<Expr> seen) {
    if (e == null || e instanceof Const || e instanceof Signal || !seen.add(e)) {
      return 0;
    }
    if (e instanceof Slice) {
      return cost(((Slice) e).value(), seen);
    }
    if (e instanceof Resize) {
      return cost(((Resize) e).value(), seen);
    }
    if (e instanceof Concat) {
      long c = 0;
      for (Expr p : ((Concat) e).parts()) {
        c += cost(p, seen);
      }
      return c;
    }
    if (e instanceof Mux) {
      Mux x = (Mux) e;
      // A constant arm (saturation limits, resets) folds into the select logic of the LUT.
      boolean folded = x.whenTrue() instanceof Const || x.whenFalse() instanceof Const;
      int w = x.whenTrue().width();
      return (folded ? (w + 1) / 2 : w) + cost(x.select(), seen) + cost(x.whenTrue(), seen)
          + cost(x.whenFalse(), seen);
    }
    if (e instanceof Unary) {
      Unary u = (Unary) e;
      long c = cost(u.operand(), seen);
      int w = u.operand().width();
      if (u.op() == UnaryOp.NOT) {
        return c;
      }
      if (u.op() == UnaryOp.NEG) {
        return c + w;
      }
      return c + Math.max(1, (w + 2) / 3);
    }
    Binary b = (Binary) e;
    long c = cost(b.left(), seen) + cost(b.right(), seen);
    boolean constant = b.left() instanceof Const || b.right() instanceof Const;
    int w = Math.max(b.left().width(), b.right().width());
    BinaryOp op = b.op();
    if (op == BinaryOp.ADD || op == BinaryOp.SUB) {
      return c + b.shape().width() - 1;
    }
    if (op == BinaryOp.MUL) {
      if (constant) {
        Const k = (Const) (b.left() instanceof Const ? b.left() : b.right());
        Expr x = b.left() instanceof Const ? b.right() : b.left();
        return c + (long) Long.bitCount(k.bits()) * x.width();
      }
      return c + (long) b.left().width() * b.right().width();
    }
    if (op == BinaryOp.EQ || op == BinaryOp.NE) {
      return c + Math.max(1, constant ? (w + 3) / 4 : (w + 1) / 2);
    }
    if (op.isComparison()) {
      // Against a constant a magnitude comparison is a LUT tree, not a carry chain.
      return c + (constant ? Math.max(1, (w + 2) / 3) : w);
    }
    if (op.isShift()) {
      if (b.right() instanceof Const) {
        return c;
      }
      return c + (long) b.shape().width() * b.right().width();
    }
    // AND, OR, XOR: two bits per LUT4 input pair; often merged into the next LUT.
    return c + Math.max(1, w / 2);
  }

  /**
   * Where a prediction and yosys's cell counts disagree beyond the tolerances (LUT and FF within
   * {@code tolerance} relative, block RAM exact); empty when they agree.
   */
  public static List<String> compare(Estimate predicted, long luts, long ffs, long brams,
      double tolerance) {
    List<String> out = new ArrayList<>();
    check(out, "LUT", predicted.luts(), luts, tolerance);
    check(out, "FF", predicted.ffs(), ffs, tolerance);
    if (predicted.brams() != brams) {
      out.add("BRAM predicted " + predicted.brams() + ", yosys " + brams + " (must be exact)");
    }
    return out;
  }

  private static void check(List<String> out, String what, long predicted, long actual,
      double tolerance) {
    double err = actual == 0 ? (predicted == 0 ? 0 : 1) : (double) (predicted - actual) / actual;
    if (Math.abs(err) > tolerance) {
      out.add(String.format(Locale.ROOT, "%s predicted %d, yosys %d (%+.0f%%, allowed %.0f%%)",
          what, predicted, actual, 100 * err, 100 * tolerance));
    }
  }
}
