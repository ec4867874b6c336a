package org.nirfpga.board;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nirfpga.gen.CycleModel;
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
 * <p>Memory rules, as yosys 0.23 applies them on iCE40: a ROM bit column that is the same in
 * every word is dropped (a ROM of equal words disappears); every synchronous read port gets its
 * own copy of the memory; a copy is laid out in {@code SB_RAM40_4K} as memory_libmap does
 * ({@link #layout}: address ranges packed side by side, with bit enables for a written memory);
 * an asynchronous read port puts the memory in flip-flops and LUTs, and so does a small memory
 * without {@code ram_style} (see {@link #inLogic}). A written memory also costs a word and an
 * address of flip-flops for the read-first behaviour the block RAM lacks; several address
 * ranges add a read mux.
 *
 * <p>LUT rules, after what yosys 0.23 {@code synth_ice40} makes of each structure (an estimate,
 * not a netlist; {@code SB_CARRY} cells are not LUTs and are not counted):
 * <ul>
 *   <li>a sum or difference costs one LUT4 per result bit that is read, the carry chain doing
 *       the rest: bits below a slice (the dropped bits of a rounding shift) and above a
 *       truncation cost nothing, nor do the low bits where one operand is a constant shift left
 *       (the other operand passes through); adding 0 is a wire; {@code x + k + b} with a constant
 *       k and a single bit b is one chain;
 *   <li>a multiplication by a constant is one shifted copy of the other operand per set bit of
 *       the constant, counting only its bits that are not zero- or sign-extension;
 *   <li>a comparison against a constant is a LUT tree over the bits that decide it (x > k
 *       ignores the trailing ones of k, so a saturation test of an n+1-bit count against
 *       2^n - 1 is its top bit); a single bit against a constant folds into its reader;
 *   <li>a 2:1 mux costs a LUT per bit, half of one with a constant arm (saturation limits), and
 *       nothing when the other arm is a sum (the sum LUT of the carry chain has a spare input) or
 *       both arms are constants;
 *   <li>several assignments to one target are an and-or select per bit (yosys's $pmux), a LUT4
 *       tree over a select and a data bit per non-constant value and a select per constant 1
 *       bit ({@link #selectCost});
 *   <li>and, or, xor with a constant are wiring; a reduction is a LUT4 tree over the bits a
 *       constant mask keeps (a CRC's xor rows);
 *   <li>structurally equal expressions are counted once, as yosys's opt_merge shares them.
 * </ul>
 */
public final class ResourceEstimator {

  /** Predicted use of one part of a design. */
  public record Estimate(String name, long luts, long ffs, long brams, long sprams,
      long memoryBits) {
    /** An estimate that does not count the bits its memories hold. */
    public Estimate(String name, long luts, long ffs, long brams, long sprams) {
      this(name, luts, ffs, brams, sprams, 0);
    }

    /** The sum of two estimates, named {@code name}. */
    public Estimate plus(String name, Estimate o) {
      return new Estimate(name, luts + o.luts, ffs + o.ffs, brams + o.brams, sprams + o.sprams,
          memoryBits + o.memoryBits);
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
        total.sprams(), total.memoryBits());
    for (Instance i : p.top().instances()) {
      Estimate e = estimate(i.child());
      String name = i.name();
      for (int k = 0; k < p.instances().size(); k++) {
        if (p.instances().get(k) == i) {
          LayerInfo l = p.layers().get(k);
          CycleModel.Layer cl = p.cycles().layers().get(k);
          name = l.path() + " (" + l.type() + ", " + l.size() + " neurons, " + l.weightWords()
              + " synapses" + (cl.lanes() > 1 ? ", " + cl.lanes() + " " + LANES : "")
              + (cl.pingPong() ? ", " + TWO_BANKS : "")
              + (e.sprams() > 0 ? ", " + IN_SPRAM : "") + ")";
        }
      }
      parts.add(new Estimate(name, e.luts(), e.ffs(), e.brams(), e.sprams(), e.memoryBits()));
      total = total.plus("total", e);
    }
    parts.add(rest);
    return judge(board, parts, new Estimate("total", total.luts(), total.ffs(), total.brams(),
        total.sprams(), total.memoryBits()));
  }

  /** Words of one iCE40 SPRAM block. */
  static final int SPRAM_DEPTH = 16384;
  /** Bits of a word of one iCE40 SPRAM block. */
  static final int SPRAM_WIDTH = 16;

  /** The word a part's name carries when its layer has several lanes ("fc1 (..., 4 lanes)"). */
  private static final String LANES = "lanes";
  /** What a part's name carries when its layer has ping-pong accumulators. */
  private static final String TWO_BANKS = "two accumulator banks";
  /** What a part's name carries when its layer keeps its weights in SPRAM. */
  private static final String IN_SPRAM = "weights in SPRAM";

  /** The layer node of a layer part's name ("fc1 (LIF, 24 neurons, ...)"), or null. */
  private static String node(Estimate part) {
    Matcher m = LAYER_PART.matcher(part.name());
    return m.matches() ? m.group(1) : null;
  }

  /** A layer part's name as {@link #predict} writes it. */
  private static final Pattern LAYER_PART = Pattern.compile("(\\S+) \\(\\w+, \\d+ neurons, .*\\)");

  private static boolean laned(Estimate part) {
    return part.name().matches(".*, \\d+ " + LANES + "[,)].*");
  }

  private static boolean twoBanks(Estimate part) {
    return part.name().endsWith(", " + TWO_BANKS + ")");
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
          + "narrower weights (--weight-bits) so more words share a block, %s%sor fewer neurons",
          total.brams(), d.bramBlocks(), worst.name(), worst.brams(),
          laned(worst) ? "fewer lanes (--lanes; each lane has its own memories), " : "",
          twoBanks(worst) ? "one accumulator bank (leave it out of --ping-pong), " : ""));
      long bramBits = (long) d.bramBlocks() * d.bramBitsPerBlock();
      long spramBits = (long) d.sprams() * d.spramBitsPerBlock();
      if (total.memoryBits() > 0 && spramBits > 0) {
        if (total.memoryBits() > bramBits + spramBits) {
          hints.add(String.format(Locale.ROOT, "memory: the design's memories hold %,d bits,"
              + " more than the device's %,d bits of block RAM and SPRAM together (%,d + %,d):"
              + " it cannot fit even with every SPRAM used", total.memoryBits(),
              bramBits + spramBits, bramBits, spramBits));
        } else {
          // The layers whose weights could still move, most block RAM first.
          List<String> candidates = parts.stream()
              .filter(e -> node(e) != null && e.sprams() == 0 && e.brams() > 0)
              .sorted((a, b) -> Long.compare(b.brams(), a.brams()))
              .map(ResourceEstimator::node).toList();
          hints.add(String.format(Locale.ROOT, "memory: the design's memories hold %,d bits,"
              + " within the device's %,d bits of block RAM and SPRAM together%s",
              total.memoryBits(), bramBits + spramBits, candidates.isEmpty() ? ""
                  : "; keep the weights of the layers with the most block RAM in SPRAM"
                      + " (--spram " + String.join(",", candidates) + ", or fewer of them)"));
        }
      }
    }
    if (res.get("spram").exceeds()) {
      hints.add(d.sprams() == 0
          ? "SPRAM: " + board.name() + " has none; leave --spram out"
          : String.format(Locale.ROOT, "SPRAM: %d of %d blocks (each layer in --spram takes"
              + " at least one, a block per 16 bits of word width and 16K words); name fewer"
              + " layers in --spram", total.sprams(), d.sprams()));
    }
    if (res.get("lut").exceeds() || res.get("ff").exceeds()) {
      Estimate worst = parts.stream().max((a, b) -> Long.compare(a.luts(), b.luts()))
          .orElse(total);
      // One lane per layer is the least logic the generator builds: past that, narrower words
      // are the knob.
      hints.add(String.format(Locale.ROOT, "logic: %d LUTs / %d FFs of %d, most in %s (%d LUTs);"
          + " use %snarrower state (--state-bits) and weights (--weight-bits), which narrow the"
          + " accumulators and the neuron pipeline, or a larger board", total.luts(),
          total.ffs(), d.luts(), worst.name(), worst.luts(),
          laned(worst) ? "fewer lanes (--lanes; each lane has its own neuron pipeline), " : ""));
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
    // Structurally equal expressions are one netlist after yosys's opt_merge.
    Set<Expr> seen = new HashSet<>();
    long luts = 0;
    Map<Signal, List<Expr>> valuesPerTarget = new IdentityHashMap<>();
    for (Walk.Guarded g : Walk.assignments(m)) {
      valuesPerTarget.computeIfAbsent(g.assign().target(), t -> new ArrayList<>())
          .add(g.assign().value());
      luts += cost(g.assign().value(), seen);
      for (Expr guard : g.guards()) {
        luts += cost(guard, seen);
      }
    }
    for (Map.Entry<Signal, List<Expr>> e : valuesPerTarget.entrySet()) {
      luts += selectCost(e.getKey().width(), e.getValue());
    }
    long brams = 0;
    long sprams = 0;
    long memoryBits = 0;
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
      if ("huge".equals(mem.attributes().get(Memory.RAM_STYLE))) {
        // iCE40 SPRAM: 16K words of 16 bits a block, tiled in width and depth.
        sprams += (long) ((width + SPRAM_WIDTH - 1) / SPRAM_WIDTH)
            * ((mem.depth() + SPRAM_DEPTH - 1) / SPRAM_DEPTH);
        memoryBits += (long) mem.depth() * width;
        continue;
      }
      boolean async = mem.readPorts().stream().anyMatch(p -> !p.sync());
      if (async) {
        ffs += (long) mem.depth() * width;
        luts += (long) mem.depth() * width * mem.readPorts().size() / 3;
        continue;
      }
      boolean rom = mem.writePorts().isEmpty();
      int ports = mem.readPorts().size();
      long[] geometry = layout(mem.depth(), width, rom, ports);
      long blocks = geometry[0];
      if (inLogic(mem, width, blocks)) {
        // Each read port keeps its data register; a RAM keeps its words in flip-flops and
        // reads them through a 2:1 mux tree, a ROM is a LUT function of the address per bit.
        ffs += (long) ports * width;
        if (mem.writePorts().isEmpty()) {
          luts += (long) ports * width * romLutsPerBit(mem.addressWidth());
        } else {
          ffs += (long) mem.depth() * width;
          luts += (long) ports * width * (mem.depth() - 1);
        }
        continue;
      }
      brams += ports * blocks;
      memoryBits += (long) mem.depth() * width;
      if (!mem.writePorts().isEmpty()) {
        ffs += width + mem.addressWidth();
      }
      long deep = geometry[1];
      if (deep > 1) {
        // Blocks stacked in depth: a registered select of the high address bits and a mux of
        // the stacked read data per bit (about a LUT per further block, as yosys maps it).
        ffs += (long) ports * (64 - Long.numberOfLeadingZeros(deep - 1));
        luts += (long) ports * width * (deep - 1);
      }
    }
    return new Estimate(m.name(), luts, ffs, brams, sprams, memoryBits);
  }

  /**
   * Whether yosys's memory_libmap leaves a synchronous memory without a {@code ram_style} in
   * logic: it weighs a block RAM at 64 against a RAM bit at 1 and a ROM bit at 1/16 (a RAM up to
   * 8 bits over that ties and stays in logic, as measured with yosys 0.23).
   */
  static boolean inLogic(Memory mem, int width, long blocks) {
    if (mem.attributes().containsKey(Memory.RAM_STYLE)) {
      return false;
    }
    long bits = (long) mem.depth() * width;
    return mem.writePorts().isEmpty() ? bits <= 1024 * blocks : bits <= 64 * blocks + 8;
  }

  /**
   * LUT4s per data bit of a ROM in logic: one LUT for up to 4 address bits, else 2^(a-4) LUTs of
   * 4 address bits each and a mux tree over them (a 4:1 mux per two LUT4s).
   */
  static long romLutsPerBit(int addressBits) {
    if (addressBits <= 4) {
      return 1;
    }
    long leaves = 1L << Math.min(20, addressBits - 4);
    return leaves + (2 * (leaves - 1) + 2) / 3;
  }

  /**
   * LUTs choosing among the values assigned to one target of {@code width} bits: nothing for
   * one value; else per bit a LUT4 tree (3 more inputs per LUT) over a select and a data input
   * per non-constant value and a select per constant value whose bit is 1 (the and-or form of
   * yosys's $pmux; a constant 0 adds nothing). Two values cost one LUT per bit, as a 2:1 mux.
   */
  static long selectCost(int width, List<Expr> values) {
    if (values.size() < 2) {
      return 0;
    }
    long luts = 0;
    for (int bit = 0; bit < width; bit++) {
      int inputs = 0;
      for (Expr v : values) {
        Expr x = v;
        while (x instanceof Resize) {
          x = ((Resize) x).value();
        }
        if (x instanceof Const) {
          Const k = (Const) x;
          boolean one = bit < k.width() ? (k.bits() >>> bit & 1) == 1 : k.value() < 0;
          inputs += one ? 1 : 0;
        } else {
          inputs += 2;
        }
      }
      luts += Math.max(1, (inputs + 1) / 3);
    }
    return luts;
  }

  /**
   * Bit columns yosys keeps: all of a written memory; of a ROM those not constant over its
   * words, the initial contents then zeros (a column of zeros or of ones becomes a constant,
   * so a ROM of equal words disappears).
   */
  static int liveWidth(Memory mem) {
    int w = mem.shape().width();
    if (!mem.writePorts().isEmpty()) {
      return w;
    }
    long[] init = mem.init();
    if (init == null || init.length == 0) {
      return 0;
    }
    long mask = w == 64 ? -1L : (1L << w) - 1;
    long differs = 0;
    for (long word : init) {
      differs |= (word ^ init[0]) & mask;
    }
    if (init.length < mem.depth()) {
      // The words after the initial contents are zero.
      differs |= init[0] & mask;
    }
    return Long.bitCount(differs);
  }

  /** The iCE40 block RAMs yosys gives a RAM of {@code depth} words of {@code width} bits. */
  public static long blocks(int depth, int width) {
    return layout(depth, width, false, 1)[0];
  }

  /**
   * The block RAMs yosys gives a memory of {@code depth} x {@code width} with one read port, a
   * ROM when {@code rom} (see {@link #layout}).
   */
  public static long blocks(int depth, int width, boolean rom) {
    return layout(depth, width, rom, 1)[0];
  }

  /** Address ranges of one block row stacked in depth (read mux inputs) in that layout. */
  static int depthBlocks(int depth, int width, boolean rom) {
    return (int) layout(depth, width, rom, 1)[1];
  }

  /**
   * {blocks per read port, address ranges stacked} as yosys 0.23's memory_libmap maps a memory
   * onto {@code SB_RAM40_4K} (ice40/brams.txt: 4096 bits, data widths 2/4/8/16, a 16-bit write
   * port with per-bit enables as a second option). For a base width u of the block (4096 / u
   * words of u bits), the memory's address range is cut into a = ceil(depth / (4096 / u))
   * ranges and the a copies of its data bits are packed side by side into
   * ceil(a * bits / u) blocks; bits is the width, padded to a multiple of u for a RAM written
   * without bit enables (write widths 2, 4, 8). Every read port gets its own copy. Of all
   * choices the cheapest wins by memory_libmap's cost: 64 per block plus half a unit per read
   * mux input bit ((a - 1) * width per read port) and per write-enable demux output (a when a
   * > 1), compared as it compares them (a strict less-than against the truncated best cost;
   * the option without bit enables first). So a written 576x10 memory takes 2 blocks (three
   * 256-word ranges of 10 bits in 32 bit columns), not 3.
   */
  static long[] layout(int depth, int width, boolean rom, int readPorts) {
    double best = 0;
    long[] chosen = null;
    // The two options of brams.txt: HAS_BE 0 (write widths 2, 4, 8, no bit enables) and
    // HAS_BE 1 (write width 16 with bit enables); a ROM has no write port, so both pack bits.
    for (int hasBe = 0; hasBe <= 1; hasBe++) {
      int cfgBest = 0;
      long[] cfgChosen = null;
      double cfgCost = 0;
      for (int b = 0; b < 4; b++) {
        int unit = 2 << b;
        if (!rom && hasBe == 0 && unit > 8) {
          break;
        }
        int bits = rom || hasBe == 1 ? width : (int) ceilDiv(width, unit) * unit;
        long ranges = ceilDiv(depth, 4096 / unit);
        long repl = ceilDiv(ranges * bits, unit);
        double cost = 64.0 * repl * readPorts + 0.5 * (ranges - 1) * width * readPorts
            + (rom || ranges == 1 ? 0 : 0.5 * ranges);
        if (cfgChosen == null || cost < cfgBest) {
          cfgBest = (int) cost;
          cfgCost = cost;
          cfgChosen = new long[] {repl, ranges};
        }
      }
      if (chosen == null || cfgCost < best) {
        best = cfgCost;
        chosen = cfgChosen;
      }
    }
    return chosen;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static long cost(Expr e, Set<Expr> seen) {
    if (e == null || e instanceof Const || e instanceof Signal || !seen.add(e)) {
      return 0;
    }
    if (e instanceof Slice) {
      Slice s = (Slice) e;
      Binary sum = adder(s.value());
      // Only the sum bits read are made by LUTs; the bits below ride the carry chain alone.
      return sum != null && seen.add(sum) ? adderCost(sum, s.lo(), s.hi(), seen)
          : cost(s.value(), seen);
    }
    if (e instanceof Resize) {
      Resize r = (Resize) e;
      Binary sum = adder(r.value());
      if (sum != null && r.width() < sum.shape().width() && seen.add(sum)) {
        return adderCost(sum, 0, r.width() - 1, seen);
      }
      Expr v = r.value();
      while (v instanceof Resize) {
        v = ((Resize) v).value();
      }
      if (v instanceof Slice && r.width() < v.width()) {
        // A truncated slice of a sum (a rounding shift) reads fewer of its bits still.
        Slice s = (Slice) v;
        Binary inner = adder(s.value());
        if (inner != null && seen.add(s) && seen.add(inner)) {
          return adderCost(inner, s.lo(), s.lo() + r.width() - 1, seen);
        }
      }
      return cost(r.value(), seen);
    }
    if (e instanceof Concat) {
      long c = 0;
      for (Expr p : ((Concat) e).parts()) {
        c += cost(p, seen);
      }
      return c;
    }
    if (e instanceof Mux) {
      return muxCost((Mux) e, seen);
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
      // A reduction is a LUT4 tree over its live bits: those of x that a constant mask keeps.
      int live = w;
      if (u.operand() instanceof Binary && ((Binary) u.operand()).op() == BinaryOp.AND) {
        Binary masked = (Binary) u.operand();
        Expr k = masked.left() instanceof Const ? masked.left() : masked.right();
        if (k instanceof Const) {
          live = Long.bitCount(((Const) k).bits());
        }
      }
      return c + (live <= 1 ? 0 : (live + 1) / 3);
    }
    Binary b = (Binary) e;
    BinaryOp op = b.op();
    if (op == BinaryOp.ADD || op == BinaryOp.SUB) {
      return adderCost(b, 0, b.shape().width() - 1, seen);
    }
    long c = cost(b.left(), seen) + cost(b.right(), seen);
    boolean constant = b.left() instanceof Const || b.right() instanceof Const;
    int w = Math.max(b.left().width(), b.right().width());
    if (op == BinaryOp.MUL) {
      if (constant) {
        Const k = (Const) (b.left() instanceof Const ? b.left() : b.right());
        Expr x = b.left() instanceof Const ? b.right() : b.left();
        // One shifted copy of x per set bit of k; zero-extension bits of x are no copies.
        return c + (long) Long.bitCount(k.bits()) * liveBits(x);
      }
      return c + (long) liveBits(b.left()) * liveBits(b.right());
    }
    if (op == BinaryOp.EQ || op == BinaryOp.NE) {
      if (constant && w == 1) {
        // A bit against a constant is the bit or its inverse: it folds into the reading LUT.
        return c;
      }
      return c + Math.max(1, constant ? (w + 3) / 4 : (w + 1) / 2);
    }
    if (op.isComparison()) {
      if (!constant) {
        return c + w;
      }
      // Against a constant a magnitude comparison is a LUT tree over the bits that decide it:
      // x > k and x <= k ignore the trailing ones of k, x < k and x >= k its trailing zeros.
      boolean constLeft = b.left() instanceof Const;
      long k = ((Const) (constLeft ? b.left() : b.right())).value();
      boolean greater = op == BinaryOp.GT || op == BinaryOp.LE;
      boolean ones = greater != constLeft;
      int live = w - Math.min(w, Long.numberOfTrailingZeros(ones ? ~k : k));
      return c + (live <= 1 ? 0 : (live + 2) / 3);
    }
    if (op.isShift()) {
      if (b.right() instanceof Const) {
        return c;
      }
      return c + (long) b.shape().width() * b.right().width();
    }
    if (constant) {
      // AND, OR, XOR with a constant keep, force or invert bits: wiring and folded inversions.
      return c;
    }
    // AND, OR, XOR: two bits per LUT4 input pair; often merged into the next LUT.
    return c + Math.max(1, w / 2);
  }

  /**
   * A 2:1 mux per result bit, except: a constant arm folds into the select logic (half a LUT
   * per bit); a constant arm in front of a sum is free, the sum LUT of the carry chain has a
   * spare input; two constant arms are the select itself.
   */
  private static long muxCost(Mux x, Set<Expr> seen) {
    long c = cost(x.select(), seen) + cost(x.whenTrue(), seen) + cost(x.whenFalse(), seen);
    boolean kt = x.whenTrue() instanceof Const;
    boolean kf = x.whenFalse() instanceof Const;
    int w = x.whenTrue().width();
    if (kt && kf) {
      return c;
    }
    if (kt || kf) {
      return adder(kt ? x.whenFalse() : x.whenTrue()) != null ? c : c + (w + 1) / 2;
    }
    return c + w;
  }

  /**
   * LUTs of a sum whose result bits {@code lo..hi} are read: one per read bit above the low
   * bits where an operand is zero (there the other operand passes through); adding 0 is a
   * wire; a constant or a single bit added to a sum with a constant joins its carry chain (one
   * chain for {@code x + k + b}, b on the carry-in), as yosys's alumacc merges them.
   */
  private static long adderCost(Binary b, int lo, int hi, Set<Expr> seen) {
    Expr l = b.left();
    Expr r = b.right();
    if (isZero(r) || (b.op() == BinaryOp.ADD && isZero(l))) {
      return cost(isZero(r) ? l : r, seen);
    }
    long c = 0;
    Expr[] ops = {l, r};
    for (int k = 0; k < 2; k++) {
      Expr other = ops[1 - k];
      Binary inner = adder(ops[k]);
      boolean small = other instanceof Const || other.width() == 1;
      if (inner != null && small && (inner.left() instanceof Const
          || inner.right() instanceof Const) && seen.add(inner)) {
        c += cost(inner.left(), seen) + cost(inner.right(), seen);
      } else {
        c += cost(ops[k], seen);
      }
    }
    int pass = b.op() == BinaryOp.ADD ? Math.max(lowZeros(l), lowZeros(r)) : lowZeros(r);
    int from = Math.max(lo, pass);
    int to = Math.min(hi, b.shape().width() - 1);
    return c + Math.max(0, to - from + 1);
  }

  /** The sum or difference {@code e} is, through width changes, or null. */
  private static Binary adder(Expr e) {
    while (e instanceof Resize) {
      e = ((Resize) e).value();
    }
    if (e instanceof Binary) {
      BinaryOp op = ((Binary) e).op();
      if (op == BinaryOp.ADD || op == BinaryOp.SUB) {
        return (Binary) e;
      }
    }
    return null;
  }

  private static boolean isZero(Expr e) {
    return e instanceof Const && ((Const) e).value() == 0;
  }

  /** Low bits of {@code e} known to be zero (a constant shift left, a zero constant). */
  static int lowZeros(Expr e) {
    if (e instanceof Const) {
      long v = ((Const) e).bits();
      return v == 0 ? e.width() : Math.min(e.width(), Long.numberOfTrailingZeros(v));
    }
    if (e instanceof Resize) {
      return Math.min(e.width(), lowZeros(((Resize) e).value()));
    }
    if (e instanceof Slice) {
      Slice s = (Slice) e;
      return Math.max(0, Math.min(s.hi() + 1, lowZeros(s.value())) - s.lo());
    }
    if (e instanceof Concat) {
      List<Expr> parts = ((Concat) e).parts();
      int n = 0;
      for (int k = parts.size() - 1; k >= 0; k--) {
        int z = lowZeros(parts.get(k));
        n += z;
        if (z < parts.get(k).width()) {
          break;
        }
      }
      return n;
    }
    if (e instanceof Binary && adder(e) != null) {
      Binary b = (Binary) e;
      return Math.min(lowZeros(b.left()), lowZeros(b.right()));
    }
    return 0;
  }

  /** Bits of a multiplier operand that are not copies: extension bits are dropped (wreduce). */
  static int liveBits(Expr e) {
    if (e instanceof Resize && ((Resize) e).value().width() <= e.width()) {
      return liveBits(((Resize) e).value());
    }
    if (e instanceof Concat) {
      List<Expr> parts = ((Concat) e).parts();
      int n = e.width();
      for (Expr p : parts) {
        if (!isZero(p)) {
          break;
        }
        n -= p.width();
      }
      return Math.max(1, n);
    }
    return e.width();
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
