package org.nirfpga.hdl.emit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nirfpga.hdl.Assign;
import org.nirfpga.hdl.Binary;
import org.nirfpga.hdl.BinaryOp;
import org.nirfpga.hdl.CaseStmt;
import org.nirfpga.hdl.Concat;
import org.nirfpga.hdl.Const;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.IfStmt;
import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Mux;
import org.nirfpga.hdl.Primitive;
import org.nirfpga.hdl.ReadDuringWrite;
import org.nirfpga.hdl.ReadPort;
import org.nirfpga.hdl.Resize;
import org.nirfpga.hdl.Shape;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.Slice;
import org.nirfpga.hdl.Stmt;
import org.nirfpga.hdl.Unary;
import org.nirfpga.hdl.WritePort;
import org.nirfpga.hdl.check.Walk;
import org.nirfpga.hdl.eval.Evaluator;

/**
 * Emits one module. Every expression is printed at exactly its own width with operands extended
 * explicitly (zero or sign replication), so no Verilog context-width or signedness rule can change
 * a result and {@code verilator -Wall} sees no width mismatch. Sub-expressions that must be
 * indexed (sign bits, slices) are hoisted into {@code tmp} wires because Verilog-2005 cannot index
 * an expression.
 */
final class ModuleWriter {
  static final int MAX_COLUMNS = 100;
  static final String PUBLIC = " /* verilator public_flat_rd */";

  private record NextOf(Signal reg) {
  }

  private record AddressOf(ReadPort port) {
  }

  private final Module m;
  private final String name;
  private final Map<Module, ModuleWriter> writers;
  private final NameAllocator names = new NameAllocator();
  private final Map<String, Integer> trackedWidth = new LinkedHashMap<>();
  private final Map<String, BitSet> used = new HashMap<>();
  private final Map<Expr, String> temps = new HashMap<>();
  private final java.util.Set<Expr> shared = new java.util.HashSet<>();
  private final List<String> tempDecls = new ArrayList<>();
  private final List<String> tempAssigns = new ArrayList<>();
  private final Map<String, String> hexFiles = new LinkedHashMap<>();
  private final Map<Signal, Boolean> declaredReg = new IdentityHashMap<>();
  private final Map<Signal, List<Walk.Guarded>> assignsByTarget = new IdentityHashMap<>();

  ModuleWriter(Module m, String name, Map<Module, ModuleWriter> writers) {
    this.m = m;
    this.name = name;
    this.writers = writers;
    allocateNames();
  }

  String name() {
    return name;
  }

  Map<String, String> hexFiles() {
    return hexFiles;
  }

  /**
   * Emitted name of a port of this module or of a module with identical text (which shares this
   * writer), found by position.
   */
  String portName(Signal port) {
    int i = port.owner().ports().indexOf(port);
    return names.get(m.ports().get(i));
  }

  private void allocateNames() {
    if (m.usesClock()) {
      names.reserve("clk_i", "clk_i");
    }
    if (m.usesReset()) {
      names.reserve("rst_ni", "rst_ni");
    }
    for (Signal p : m.ports()) {
      names.newName(portBase(p), p);
    }
    for (Signal s : m.signals()) {
      if (s.kind() == Signal.Kind.REG) {
        String base = s.name().endsWith("_q") ? s.name().substring(0, s.name().length() - 2)
            : s.name();
        names.newName(base + "_q", s);
        names.newName(base + "_d", new NextOf(s));
      } else if (s.kind() == Signal.Kind.WIRE) {
        names.newName(s.name(), s);
      }
    }
    for (Memory mem : m.memories()) {
      names.newName(mem.name(), mem);
      if (mem.readDuringWrite() == ReadDuringWrite.WRITE_FIRST) {
        for (ReadPort p : mem.readPorts()) {
          if (p.sync()) {
            names.newName(p.data().name() + "_addr_q", new AddressOf(p));
          }
        }
      }
    }
    for (Instance i : m.instances()) {
      names.newName("u_" + i.name(), i);
    }
  }

  private static String portBase(Signal p) {
    String n = p.name();
    if (p.owner() instanceof Primitive) {
      // A vendor cell's ports are named by its library, not by our conventions.
      return n;
    }
    if (p.kind() == Signal.Kind.INPUT) {
      return n.endsWith("_i") || n.endsWith("_ni") ? n : n + "_i";
    }
    return n.endsWith("_o") || n.endsWith("_no") ? n : n + "_o";
  }

  // ---- the module text ----

  String write(String header) {
    for (Walk.Guarded g : Walk.assignments(m)) {
      assignsByTarget.computeIfAbsent(g.assign().target(), k -> new ArrayList<>()).add(g);
    }
    findShared();
    for (Signal s : m.signals()) {
      if (s.kind() == Signal.Kind.INPUT || s.kind() == Signal.Kind.REG) {
        track(names.get(s), s.width());
      } else if (s.kind() == Signal.Kind.WIRE) {
        track(names.get(s), s.width());
      }
    }
    List<String> assigns = new ArrayList<>();
    List<String> combBlocks = new ArrayList<>();
    for (Signal s : m.signals()) {
      driveComb(s, assigns, combBlocks);
    }
    List<String> seqBlocks = new ArrayList<>();
    clocked(seqBlocks);
    List<String> memDecls = new ArrayList<>();
    List<String> memBlocks = new ArrayList<>();
    for (Memory mem : m.memories()) {
      memory(mem, memDecls, memBlocks, assigns);
    }
    List<String> instBlocks = new ArrayList<>();
    for (Instance i : m.instances()) {
      instBlocks.add(instance(i));
    }
    List<String> unused = unusedSinks();

    StringBuilder out = new StringBuilder();
    out.append(header).append('\n');
    out.append("`default_nettype none\n\n");
    out.append("module ").append(name).append(" (\n");
    List<String> portLines = new ArrayList<>();
    if (m.usesClock()) {
      portLines.add("input wire clk_i");
    }
    if (m.usesReset()) {
      portLines.add("input wire rst_ni");
    }
    for (Signal p : m.ports()) {
      String dir = p.kind() == Signal.Kind.INPUT ? "input wire"
          : isReg(p) ? "output reg" : "output wire";
      portLines.add(dir + range(p.shape()) + " " + names.get(p) + (p.isObservable() ? PUBLIC
          : ""));
    }
    for (int i = 0; i < portLines.size(); i++) {
      out.append("  ").append(portLines.get(i)).append(i + 1 < portLines.size() ? ",\n" : "\n");
    }
    out.append(");\n");
    List<String> decls = new ArrayList<>();
    for (Signal s : m.signals()) {
      String pub = s.isObservable() ? PUBLIC : "";
      if (s.kind() == Signal.Kind.REG) {
        decls.add("reg" + range(s.shape()) + " " + names.get(s) + pub + ";");
        decls.add((isReg(s) ? "reg" : "wire") + range(s.shape()) + " "
            + names.get(new NextOf(s)) + ";");
      } else if (s.kind() == Signal.Kind.WIRE) {
        decls.add((isReg(s) ? "reg" : "wire") + range(s.shape()) + " " + names.get(s) + pub
            + ";");
      }
    }
    decls.addAll(memDecls);
    decls.addAll(tempDecls);
    section(out, decls);
    List<String> allAssigns = new ArrayList<>(tempAssigns);
    allAssigns.addAll(assigns);
    section(out, allAssigns);
    for (List<String> blocks : List.of(combBlocks, seqBlocks, memBlocks, instBlocks)) {
      for (String b : blocks) {
        out.append('\n').append(b);
      }
    }
    section(out, unused);
    out.append("\nendmodule\n\n`default_nettype wire\n");
    return wrap(out.toString());
  }

  private static void section(StringBuilder out, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    out.append('\n');
    for (String l : lines) {
      out.append("  ").append(l).append('\n');
    }
  }

  private boolean isReg(Signal s) {
    return declaredReg.getOrDefault(s, false);
  }

  private static String range(Shape s) {
    String sign = s.signed() ? " signed" : "";
    return s.width() == 1 ? sign : sign + " [" + (s.width() - 1) + ":0]";
  }

  // ---- combinational drivers ----

  private void driveComb(Signal s, List<String> assigns, List<String> blocks) {
    if (s.kind() == Signal.Kind.INPUT || m.externalDriver(s) != null) {
      return;
    }
    List<Walk.Guarded> list = assignsByTarget.getOrDefault(s, List.of());
    boolean reg = s.kind() == Signal.Kind.REG;
    String target = reg ? names.get(new NextOf(s)) : names.get(s);
    if (list.isEmpty()) {
      if (reg) {
        assigns.add("assign " + target + " = " + names.get(s) + ";");
        markAll(names.get(s));
      }
      return;
    }
    if (list.size() == 1 && list.get(0).unconditional()) {
      assigns.add("assign " + target + " = " + top(extend(list.get(0).assign().value(),
          s.shape())) + ";");
      return;
    }
    declaredReg.put(s, true);
    StringBuilder b = new StringBuilder();
    b.append("  always @* begin\n");
    boolean overwritten = !m.body().isEmpty() && firstTouching(s) instanceof Assign;
    if (!overwritten) {
      String dflt;
      if (reg) {
        dflt = names.get(s);
        markAll(dflt);
      } else {
        dflt = literal(new Const(s.defaultValue(), s.shape()));
      }
      b.append("    ").append(target).append(" = ").append(dflt).append(";\n");
    }
    statements(b, m.body(), s, target, 2);
    b.append("  end\n");
    blocks.add(b.toString());
  }

  private Stmt firstTouching(Signal t) {
    for (Stmt st : m.body()) {
      if (touches(st, t)) {
        return st;
      }
    }
    return null;
  }

  private static boolean touches(Stmt st, Signal t) {
    if (st instanceof Assign) {
      return ((Assign) st).target() == t;
    }
    if (st instanceof IfStmt) {
      IfStmt i = (IfStmt) st;
      for (List<Stmt> b : i.bodies()) {
        if (touchesAny(b, t)) {
          return true;
        }
      }
      return touchesAny(i.elseBody(), t);
    }
    CaseStmt c = (CaseStmt) st;
    for (List<Stmt> b : c.bodies()) {
      if (touchesAny(b, t)) {
        return true;
      }
    }
    return touchesAny(c.defaultBody(), t);
  }

  private static boolean touchesAny(List<Stmt> body, Signal t) {
    for (Stmt st : body) {
      if (touches(st, t)) {
        return true;
      }
    }
    return false;
  }

  private void statements(StringBuilder b, List<Stmt> body, Signal t, String target,
      int depth) {
    String ind = "  ".repeat(depth);
    for (Stmt st : body) {
      if (!touches(st, t)) {
        continue;
      }
      if (st instanceof Assign) {
        b.append(ind).append(target).append(" = ")
            .append(top(extend(((Assign) st).value(), t.shape()))).append(";\n");
      } else if (st instanceof IfStmt) {
        IfStmt i = (IfStmt) st;
        int last = -1;
        for (int k = 0; k < i.bodies().size(); k++) {
          if (touchesAny(i.bodies().get(k), t)) {
            last = k;
          }
        }
        boolean elseTouches = touchesAny(i.elseBody(), t);
        if (elseTouches) {
          last = i.bodies().size() - 1;
        }
        for (int k = 0; k <= last; k++) {
          b.append(k == 0 ? ind + "if (" : " else if (").append(top(ex(i.conditions().get(k))))
              .append(") begin\n");
          statements(b, i.bodies().get(k), t, target, depth + 1);
          b.append(ind).append("end");
        }
        if (elseTouches) {
          b.append(" else begin\n");
          statements(b, i.elseBody(), t, target, depth + 1);
          b.append(ind).append("end");
        }
        b.append('\n');
      } else {
        CaseStmt c = (CaseStmt) st;
        boolean defaultTouches = touchesAny(c.defaultBody(), t);
        b.append(ind).append("case (").append(top(ex(c.selector()))).append(")\n");
        for (int k = 0; k < c.bodies().size(); k++) {
          boolean itemTouches = touchesAny(c.bodies().get(k), t);
          if (!itemTouches && !defaultTouches) {
            continue;
          }
          StringBuilder labels = new StringBuilder();
          for (Const l : c.labels().get(k)) {
            labels.append(labels.length() == 0 ? "" : ", ").append(literal(l));
          }
          caseItem(b, ind + "  " + labels, c.bodies().get(k), itemTouches, t, target, depth);
        }
        caseItem(b, ind + "  default", c.defaultBody(), defaultTouches, t, target, depth);
        b.append(ind).append("endcase\n");
      }
    }
  }

  private void caseItem(StringBuilder b, String head, List<Stmt> body, boolean touches,
      Signal t, String target, int depth) {
    if (!touches) {
      b.append(head).append(": ;\n");
      return;
    }
    b.append(head).append(": begin\n");
    statements(b, body, t, target, depth + 2);
    b.append("  ".repeat(depth + 1)).append("end\n");
  }

  // ---- registers ----

  private void clocked(List<String> blocks) {
    List<Signal> withReset = new ArrayList<>();
    List<Signal> noReset = new ArrayList<>();
    for (Signal s : m.signals()) {
      if (s.kind() == Signal.Kind.REG) {
        (s.resetValue() != null ? withReset : noReset).add(s);
      }
    }
    if (!withReset.isEmpty()) {
      StringBuilder b = new StringBuilder();
      b.append("  always @(posedge clk_i or negedge rst_ni) begin\n");
      b.append("    if (!rst_ni) begin\n");
      for (Signal s : withReset) {
        b.append("      ").append(names.get(s)).append(" <= ")
            .append(literal(new Const(s.resetValue(), s.shape()))).append(";\n");
      }
      b.append("    end else begin\n");
      for (Signal s : withReset) {
        b.append("      ").append(names.get(s)).append(" <= ").append(names.get(new NextOf(s)))
            .append(";\n");
      }
      b.append("    end\n  end\n");
      blocks.add(b.toString());
    }
    if (!noReset.isEmpty()) {
      StringBuilder b = new StringBuilder();
      b.append("  always @(posedge clk_i) begin\n");
      for (Signal s : noReset) {
        b.append("    ").append(names.get(s)).append(" <= ").append(names.get(new NextOf(s)))
            .append(";\n");
      }
      b.append("  end\n");
      blocks.add(b.toString());
    }
  }

  // ---- memories ----

  private void memory(Memory mem, List<String> decls, List<String> blocks,
      List<String> assigns) {
    String mn = names.get(mem);
    for (Map.Entry<String, String> a : mem.attributes().entrySet()) {
      decls.add("(* " + a.getKey() + " = \"" + a.getValue() + "\" *)");
    }
    decls.add("reg" + range(mem.shape()) + " " + mn + " [0:" + (mem.depth() - 1) + "]"
        + (mem.isObservable() ? PUBLIC : "") + ";");
    for (ReadPort p : mem.readPorts()) {
      boolean reg = p.sync() && mem.readDuringWrite() != ReadDuringWrite.WRITE_FIRST;
      declaredReg.put(p.data(), reg);
      if (p.sync() && mem.readDuringWrite() == ReadDuringWrite.WRITE_FIRST) {
        decls.add("reg [" + (mem.addressWidth() - 1) + ":0] " + names.get(new AddressOf(p))
            + ";");
      }
    }
    long[] init = mem.init();
    if (init != null) {
      String file = name + "_" + mn + ".hex";
      StringBuilder b = new StringBuilder();
      b.append("  initial begin\n    $readmemh(\"").append(file).append("\", ").append(mn)
          .append(");\n  end\n");
      blocks.add(b.toString());
      hexFiles.put(file, hex(mem, init));
    }
    if (mem.readDuringWrite() == ReadDuringWrite.NO_CHANGE) {
      ReadPort r = mem.readPorts().get(0);
      String addr = top(ex(r.address()));
      StringBuilder b = new StringBuilder();
      b.append("  always @(posedge clk_i) begin\n");
      String indent = "    ";
      if (!mem.writePorts().isEmpty()) {
        WritePort w = mem.writePorts().get(0);
        b.append("    if (").append(top(ex(w.enable()))).append(") begin\n");
        b.append("      ").append(mn).append('[').append(addr).append("] <= ")
            .append(top(extend(w.data(), mem.shape()))).append(";\n");
        b.append("    end else ");
        indent = "";
      } else {
        b.append("    ");
      }
      b.append("if (").append(top(ex(r.enable()))).append(") begin\n");
      b.append("      ").append(names.get(r.data())).append(" <= ").append(mn).append('[')
          .append(addr).append("];\n");
      b.append("    end\n  end\n");
      blocks.add(b.toString().replace("\n" + indent + "if", "\n" + indent + "if"));
      return;
    }
    if (!mem.writePorts().isEmpty()) {
      StringBuilder b = new StringBuilder();
      b.append("  always @(posedge clk_i) begin\n");
      for (WritePort w : mem.writePorts()) {
        guarded(b, w.enable(), mn + "[" + top(ex(w.address())) + "] <= "
            + top(extend(w.data(), mem.shape())) + ";");
      }
      b.append("  end\n");
      blocks.add(b.toString());
    }
    for (ReadPort p : mem.readPorts()) {
      String data = names.get(p.data());
      if (!p.sync()) {
        assigns.add("assign " + data + " = " + mn + "[" + top(ex(p.address())) + "];");
      } else if (mem.readDuringWrite() == ReadDuringWrite.WRITE_FIRST) {
        String aq = names.get(new AddressOf(p));
        StringBuilder b = new StringBuilder();
        b.append("  always @(posedge clk_i) begin\n");
        guarded(b, p.enable(), aq + " <= " + top(ex(p.address())) + ";");
        b.append("  end\n");
        blocks.add(b.toString());
        assigns.add("assign " + data + " = " + mn + "[" + aq + "];");
      } else {
        StringBuilder b = new StringBuilder();
        b.append("  always @(posedge clk_i) begin\n");
        guarded(b, p.enable(), data + " <= " + mn + "[" + top(ex(p.address())) + "];");
        b.append("  end\n");
        blocks.add(b.toString());
      }
    }
  }

  private void guarded(StringBuilder b, Expr enable, String stmt) {
    if (enable instanceof Const && ((Const) enable).value() == 1) {
      b.append("    ").append(stmt).append('\n');
      return;
    }
    b.append("    if (").append(top(ex(enable))).append(") begin\n");
    b.append("      ").append(stmt).append('\n');
    b.append("    end\n");
  }

  private static String hex(Memory mem, long[] init) {
    int digits = (mem.shape().width() + 3) / 4;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < mem.depth(); i++) {
      long v = i < init.length ? init[i] : 0;
      long bits = mem.shape().width() >= 64 ? v : v & ((1L << mem.shape().width()) - 1);
      String h = Long.toHexString(bits);
      b.append("0".repeat(Math.max(0, digits - h.length()))).append(h).append('\n');
    }
    return b.toString();
  }

  // ---- instances ----

  private String instance(Instance i) {
    ModuleWriter child = writers.get(i.child());
    List<String> conns = new ArrayList<>();
    if (i.child().usesClock()) {
      conns.add(".clk_i(" + (i.clock() == null ? "clk_i" : top(ex(i.clock()))) + ")");
    }
    if (i.child().usesReset()) {
      conns.add(".rst_ni(" + (i.reset() == null ? "rst_ni" : top(ex(i.reset()))) + ")");
    }
    for (Map.Entry<Signal, Signal> e : i.wires().entrySet()) {
      String w = names.get(e.getValue());
      if (e.getKey().kind() == Signal.Kind.INPUT) {
        markAll(w);
      }
      conns.add("." + child.portName(e.getKey()) + "(" + w + ")");
    }
    StringBuilder b = new StringBuilder();
    if (i.child() instanceof Primitive) {
      for (Map.Entry<String, String> a : ((Primitive) i.child()).attributes().entrySet()) {
        b.append("  (* ").append(a.getKey()).append(" = \"").append(a.getValue())
            .append("\" *)\n");
      }
    }
    b.append("  ").append(child.name());
    if (i.child() instanceof Primitive && !((Primitive) i.child()).parameters().isEmpty()) {
      List<String> params = new ArrayList<>();
      for (Map.Entry<String, Object> p : ((Primitive) i.child()).parameters().entrySet()) {
        Object v = p.getValue();
        String text;
        if (v instanceof Const) {
          text = literal((Const) v);
        } else if (v instanceof Double) {
          // A plain decimal with a fraction part: Verilog reads 1E1 or 10 differently.
          text = BigDecimal.valueOf((Double) v).toPlainString();
          text = text.contains(".") ? text : text + ".0";
        } else {
          text = "\"" + v + "\"";
        }
        params.add("." + p.getKey() + "(" + text + ")");
      }
      b.append(" #(\n");
      for (int k = 0; k < params.size(); k++) {
        b.append("    ").append(params.get(k)).append(k + 1 < params.size() ? ",\n" : "\n");
      }
      b.append("  )");
    }
    b.append(' ').append(names.get(i)).append(" (\n");
    for (int k = 0; k < conns.size(); k++) {
      b.append("    ").append(conns.get(k)).append(k + 1 < conns.size() ? ",\n" : "\n");
    }
    b.append("  );\n");
    return b.toString();
  }

  // ---- unused bits ----

  private void track(String n, int width) {
    trackedWidth.put(n, width);
    used.put(n, new BitSet(width));
  }

  private void markAll(String n) {
    BitSet b = used.get(n);
    if (b != null) {
      b.set(0, trackedWidth.get(n));
    }
  }

  private void mark(String n, int hi, int lo) {
    BitSet b = used.get(n);
    if (b != null) {
      b.set(lo, hi + 1);
    }
  }

  private List<String> unusedSinks() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Integer> e : trackedWidth.entrySet()) {
      String n = e.getKey();
      int w = e.getValue();
      BitSet u = used.get(n);
      if (u.cardinality() == w) {
        continue;
      }
      List<String> parts = new ArrayList<>();
      int hi = w - 1;
      while (hi >= 0) {
        if (u.get(hi)) {
          hi--;
          continue;
        }
        int lo = hi;
        while (lo - 1 >= 0 && !u.get(lo - 1)) {
          lo--;
        }
        parts.add(w == 1 ? n : hi == lo ? n + "[" + hi + "]" : n + "[" + hi + ":" + lo + "]");
        hi = lo - 1;
      }
      String sink = names.newName("unused_" + n);
      out.add("wire " + sink + ";");
      if (u.isEmpty()) {
        parts = List.of(n);
      }
      String value = parts.size() == 1 ? parts.get(0) : "{" + String.join(", ", parts) + "}";
      boolean single = w == 1 || parts.size() == 1 && parts.get(0).endsWith("]")
          && !parts.get(0).contains(":");
      out.add("assign " + sink + " = " + (single ? value : "^" + value) + ";");
    }
    return out;
  }

  // ---- expressions ----

  /** Drops one pair of parentheses around a whole expression. */
  private static String top(String e) {
    if (e.startsWith("(") && e.endsWith(")")) {
      int depth = 0;
      for (int i = 0; i < e.length(); i++) {
        char c = e.charAt(i);
        if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
          if (depth == 0 && i < e.length() - 1) {
            return e;
          }
        }
      }
      return e.substring(1, e.length() - 1);
    }
    return e;
  }

  static String literal(Const c) {
    int w = c.shape().width();
    if (!c.shape().signed()) {
      if (w == 1) {
        return "1'b" + c.value();
      }
      return w + "'d" + Long.toUnsignedString(c.value());
    }
    long v = c.value();
    if (v >= 0) {
      return w + "'sd" + v;
    }
    if (v == c.shape().min()) {
      return w + "'sh" + Long.toHexString(c.bits());
    }
    return "(-" + w + "'sd" + (-v) + ")";
  }

  /** {@code e} at exactly {@code to.width()} bits, extended by {@code e}'s own signedness. */
  private String extend(Expr e, Shape to) {
    int k = to.width() - e.width();
    if (k < 0) {
      throw new IllegalStateException("cannot extend " + e.shape() + " to " + to);
    }
    if (k == 0) {
      return ex(e);
    }
    Const folded = folded(e);
    if (folded != null) {
      Const c = folded;
      return literal(new Const(c.value(), new Shape(to.width(), c.shape().signed())));
    }
    if (!e.shape().signed()) {
      return "{" + k + "'d0, " + ex(e) + "}";
    }
    String sign = slice(e, e.width() - 1, e.width() - 1);
    String rep = k == 1 ? sign : "{" + k + "{" + sign + "}}";
    return "{" + rep + ", " + (temps.containsKey(e) ? ex(e) : exRaw(e)) + "}";
  }

  private String slice(Expr e, int hi, int lo) {
    if (e instanceof Signal) {
      String n = signalName((Signal) e);
      mark(n, hi, lo);
      if (e.width() == 1) {
        return n;
      }
      return hi == lo ? n + "[" + hi + "]" : n + "[" + hi + ":" + lo + "]";
    }
    Const folded = folded(e);
    if (folded != null) {
      Const c = folded;
      int w = hi - lo + 1;
      long bits = c.bits() >>> lo;
      if (w < 64) {
        bits &= (1L << w) - 1;
      }
      return literal(new Const(bits, Shape.uint(w)));
    }
    if (e instanceof Slice) {
      Slice s = (Slice) e;
      return slice(s.value(), s.lo() + hi, s.lo() + lo);
    }
    if (e instanceof Resize && ((Resize) e).shape().width() <= ((Resize) e).value().width()) {
      return slice(((Resize) e).value(), hi, lo);
    }
    if (e instanceof Resize) {
      // A widening: low bits come from the value, high bits are copies of its sign (or zero).
      Expr v = ((Resize) e).value();
      int vw = v.width();
      if (hi < vw) {
        return slice(v, hi, lo);
      }
      int k = hi - Math.max(lo, vw) + 1;
      String fill = v.shape().signed() ? slice(v, vw - 1, vw - 1) : "1'b0";
      String high = k == 1 ? fill : "{" + k + "{" + fill + "}}";
      if (!v.shape().signed()) {
        high = k + "'d0";
      }
      return lo >= vw ? high : "{" + high + ", " + slice(v, vw - 1, lo) + "}";
    }
    if (e instanceof Concat) {
      List<Expr> parts = ((Concat) e).parts();
      int base = 0;
      for (int k = parts.size() - 1; k >= 0; k--) {
        Expr p = parts.get(k);
        if (lo >= base && hi < base + p.width()) {
          return slice(p, hi - base, lo - base);
        }
        base += p.width();
      }
    }
    if (hi == e.width() - 1 && lo == 0) {
      return ex(e);
    }
    String t = temp(e);
    mark(t, hi, lo);
    return hi == lo ? t + "[" + hi + "]" : t + "[" + hi + ":" + lo + "]";
  }

  private String temp(Expr e) {
    String t = temps.get(e);
    if (t != null) {
      return t;
    }
    String text = top(exRaw(e));
    t = names.newName("tmp");
    temps.put(e, t);
    track(t, e.width());
    tempDecls.add("wire" + range(Shape.uint(e.width())) + " " + t + ";");
    tempAssigns.add("assign " + t + " = " + text + ";");
    return t;
  }

  private String signalName(Signal s) {
    return names.get(s);
  }

  /**
   * Marks compound expressions used more than once (e.g. the sum a saturation compares twice and
   * then slices) so they are computed once in a {@code tmp} wire.
   */
  private void findShared() {
    java.util.Set<Expr> seen = new java.util.HashSet<>();
    for (Walk.Use u : Walk.uses(m)) {
      countUses(u.expr(), seen);
    }
  }

  private void countUses(Expr e, java.util.Set<Expr> seen) {
    boolean compound = e instanceof Unary || e instanceof Binary || e instanceof Mux
        || e instanceof Concat;
    if (!compound) {
      if (e instanceof Slice) {
        countUses(((Slice) e).value(), seen);
      } else if (e instanceof Resize) {
        countUses(((Resize) e).value(), seen);
      }
      return;
    }
    if (!seen.add(e)) {
      shared.add(e);
      return;
    }
    if (e instanceof Unary) {
      countUses(((Unary) e).operand(), seen);
    } else if (e instanceof Binary) {
      countUses(((Binary) e).left(), seen);
      countUses(((Binary) e).right(), seen);
    } else if (e instanceof Mux) {
      countUses(((Mux) e).select(), seen);
      countUses(((Mux) e).whenTrue(), seen);
      countUses(((Mux) e).whenFalse(), seen);
    } else {
      for (Expr p : ((Concat) e).parts()) {
        countUses(p, seen);
      }
    }
  }

  /**
   * Whether {@code e} is a signed right shift by a signal. Verilog evaluates {@code >>>} as a
   * logical shift when the surrounding expression is unsigned (e.g. {@code {..} == (a >>> n)}),
   * so it is always computed alone in a {@code tmp} wire.
   */
  private static boolean isArithmeticShift(Expr e) {
    return e instanceof Binary && ((Binary) e).op() == BinaryOp.SHR
        && ((Binary) e).left().shape().signed();
  }

  /** {@code e} at exactly its own width, through its {@code tmp} wire when it has one. */
  private String ex(Expr e) {
    Const k = folded(e);
    if (k != null) {
      return literal(k);
    }
    String t = temps.get(e);
    if (t == null && (shared.contains(e) || isArithmeticShift(e))) {
      t = temp(e);
    }
    if (t != null) {
      markAll(t);
      return t;
    }
    return exRaw(e);
  }

  private String exRaw(Expr e) {
    Const k = folded(e);
    if (k != null) {
      return literal(k);
    }
    if (e instanceof Signal) {
      String n = signalName((Signal) e);
      markAll(n);
      return n;
    }
    if (e instanceof Unary) {
      Unary u = (Unary) e;
      switch (u.op()) {
        case NOT:
          return "(~" + ex(u.operand()) + ")";
        case NEG:
          return "(-" + extend(u.operand(), u.shape()) + ")";
        case REDUCE_AND:
          return "(&" + ex(u.operand()) + ")";
        case REDUCE_OR:
          return "(|" + ex(u.operand()) + ")";
        default:
          return "(^" + ex(u.operand()) + ")";
      }
    }
    if (e instanceof Binary) {
      return binary((Binary) e);
    }
    if (e instanceof Slice) {
      Slice s = (Slice) e;
      return slice(s.value(), s.hi(), s.lo());
    }
    if (e instanceof Concat) {
      List<String> parts = new ArrayList<>();
      for (Expr p : ((Concat) e).parts()) {
        parts.add(ex(p));
      }
      return parts.size() == 1 ? parts.get(0) : "{" + String.join(", ", parts) + "}";
    }
    if (e instanceof Mux) {
      Mux x = (Mux) e;
      BigInteger sel = known(x.select());
      if (sel != null) {
        return extend(sel.signum() != 0 ? x.whenTrue() : x.whenFalse(), x.shape());
      }
      return "(" + ex(x.select()) + " ? " + extend(x.whenTrue(), x.shape()) + " : "
          + extend(x.whenFalse(), x.shape()) + ")";
    }
    Resize r = (Resize) e;
    int w = r.shape().width();
    if (w == r.value().width()) {
      return ex(r.value());
    }
    if (w < r.value().width()) {
      return slice(r.value(), w - 1, 0);
    }
    return extend(r.value(), new Shape(w, r.value().shape().signed()));
  }

  private String binary(Binary b) {
    BinaryOp op = b.op();
    BigInteger fixed = decided(b);
    if (fixed != null) {
      return literal(new Const(fixed.longValueExact(), Shape.bool()));
    }
    if (op == BinaryOp.SHL) {
      return "(" + extend(b.left(), b.shape()) + " << " + ex(b.right()) + ")";
    }
    if (op == BinaryOp.SHR) {
      return b.left().shape().signed() ? "($signed(" + top(ex(b.left())) + ") >>> "
          + ex(b.right()) + ")" : "(" + ex(b.left()) + " >> " + ex(b.right()) + ")";
    }
    Shape common = op.isComparison() ? BinaryOp.commonShape(b.left().shape(),
        b.right().shape()) : b.shape();
    String l = extend(b.left(), common);
    String r = extend(b.right(), common);
    String sym;
    switch (op) {
      case ADD: sym = "+"; break;
      case SUB: sym = "-"; break;
      case MUL: sym = "*"; break;
      case AND: sym = "&"; break;
      case OR: sym = "|"; break;
      case XOR: sym = "^"; break;
      case EQ: sym = "=="; break;
      case NE: sym = "!="; break;
      case LT: sym = "<"; break;
      case LE: sym = "<="; break;
      case GT: sym = ">"; break;
      default: sym = ">="; break;
    }
    boolean signedCompare = common.signed() && (op == BinaryOp.LT || op == BinaryOp.LE
        || op == BinaryOp.GT || op == BinaryOp.GE);
    if (signedCompare) {
      return "($signed(" + top(l) + ") " + sym + " $signed(" + top(r) + "))";
    }
    return "(" + l + " " + sym + " " + r + ")";
  }

  // ---- constant folding ----

  private final Map<Expr, Range> rangeCache = new HashMap<>();

  /** The value of {@code e} if it is the same for every input, else null. */
  private BigInteger known(Expr e) {
    Range r = range(e);
    return r.lo().equals(r.hi()) ? r.lo() : null;
  }

  /** {@code e} with every child replaced by its known value, or null if one is not known. */
  private Expr withKnownChildren(Expr e) {
    if (e instanceof Unary) {
      Expr a = asConst(((Unary) e).operand());
      return a == null ? null : new Unary(((Unary) e).op(), a);
    }
    if (e instanceof Binary) {
      Binary b = (Binary) e;
      Expr l = asConst(b.left());
      Expr r = l == null ? null : asConst(b.right());
      return r == null ? null : new Binary(b.op(), l, r);
    }
    if (e instanceof Slice) {
      Slice sl = (Slice) e;
      Expr v = asConst(sl.value());
      return v == null ? null : new Slice(v, sl.hi(), sl.lo());
    }
    if (e instanceof Resize) {
      Expr v = asConst(((Resize) e).value());
      return v == null ? null : new Resize(v, ((Resize) e).shape());
    }
    if (e instanceof Concat) {
      List<Expr> parts = new ArrayList<>();
      for (Expr p : ((Concat) e).parts()) {
        Expr c = asConst(p);
        if (c == null) {
          return null;
        }
        parts.add(c);
      }
      return new Concat(parts);
    }
    return null;
  }

  private Const asConst(Expr e) {
    if (e.width() > 63) {
      return null;
    }
    BigInteger v = known(e);
    return v == null ? null : new Const(v.longValueExact(), e.shape());
  }

  /**
   * {@code e} as one literal if its value never changes and fits a long, else null. Verilator
   * folds such sub-expressions itself and then flags comparisons against them as constant.
   */
  private Const folded(Expr e) {
    if (e instanceof Const) {
      return (Const) e;
    }
    return asConst(e);
  }

  // ---- comparisons that cannot vary ----

  /** Smallest and largest value an expression can take. */
  private record Range(BigInteger lo, BigInteger hi) {
    static Range of(Shape s) {
      BigInteger span = BigInteger.ONE.shiftLeft(s.signed() ? s.width() - 1 : s.width());
      return s.signed() ? new Range(span.negate(), span.subtract(BigInteger.ONE))
          : new Range(BigInteger.ZERO, span.subtract(BigInteger.ONE));
    }
  }

  /**
   * A conservative value range: exact for constants, kept through value-preserving widening,
   * concatenation below constant high parts and muxes; otherwise the shape's range.
   */
  private Range range(Expr e) {
    if (e instanceof Signal) {
      return Range.of(e.shape());
    }
    Range r = rangeCache.get(e);
    if (r == null) {
      r = rangeOf(e);
      rangeCache.put(e, r);
    }
    return r;
  }

  private Range rangeOf(Expr e) {
    if (!(e instanceof Const) && !(e instanceof Mux)) {
      Expr constant = withKnownChildren(e);
      if (constant != null) {
        BigInteger v = Evaluator.eval(constant, sig -> {
          throw new IllegalStateException("constant reads " + sig);
        });
        return new Range(v, v);
      }
    }
    if (e instanceof Const) {
      BigInteger v = BigInteger.valueOf(((Const) e).value());
      return new Range(v, v);
    }
    if (e instanceof Resize) {
      // Extension, truncation and reinterpretation all keep a value that the target can hold.
      Resize r = (Resize) e;
      Range v = range(r.value());
      Range t = Range.of(r.shape());
      boolean inside = v.lo().compareTo(t.lo()) >= 0 && v.hi().compareTo(t.hi()) <= 0;
      return inside ? v : t;
    }
    if (e instanceof Binary && ((Binary) e).op().isComparison()) {
      BigInteger d = decided(e);
      if (d != null) {
        return new Range(d, d);
      }
    }
    if (e instanceof Mux) {
      Mux x = (Mux) e;
      BigInteger sel = known(x.select());
      if (sel != null) {
        return range(sel.signum() != 0 ? x.whenTrue() : x.whenFalse());
      }
      Range a = range(x.whenTrue());
      Range b = range(x.whenFalse());
      return new Range(a.lo().min(b.lo()), a.hi().max(b.hi()));
    }
    if (e instanceof Binary) {
      Binary b = (Binary) e;
      Range l = range(b.left());
      Range r = range(b.right());
      Range c = null;
      switch (b.op()) {
        case ADD:
          c = new Range(l.lo().add(r.lo()), l.hi().add(r.hi()));
          break;
        case SUB:
          c = new Range(l.lo().subtract(r.hi()), l.hi().subtract(r.lo()));
          break;
        case MUL: {
          BigInteger[] p = {l.lo().multiply(r.lo()), l.lo().multiply(r.hi()),
              l.hi().multiply(r.lo()), l.hi().multiply(r.hi())};
          BigInteger lo = p[0];
          BigInteger hi = p[0];
          for (BigInteger v : p) {
            lo = lo.min(v);
            hi = hi.max(v);
          }
          c = new Range(lo, hi);
          break;
        }
        case SHL:
          if (l.lo().signum() >= 0) {
            c = new Range(BigInteger.ZERO, l.hi().shiftLeft(r.hi().intValueExact()));
          }
          break;
        case SHR:
          if (l.lo().signum() >= 0) {
            c = new Range(BigInteger.ZERO, l.hi());
          }
          break;
        case AND:
          if (l.lo().signum() >= 0 && r.lo().signum() >= 0) {
            c = new Range(BigInteger.ZERO, l.hi().min(r.hi()));
          }
          break;
        default:
          break;
      }
      Range t = Range.of(e.shape());
      // Only a result that cannot wrap keeps the computed range.
      if (c != null && c.lo().compareTo(t.lo()) >= 0 && c.hi().compareTo(t.hi()) <= 0) {
        return c;
      }
    }
    if (e instanceof Slice) {
      Slice sl = (Slice) e;
      Expr inner = narrowSlice(sl);
      if (inner != null) {
        return range(inner);
      }
      // Bits above a non-negative value's largest value are zero.
      Range v = range(sl.value());
      if (v.lo().signum() >= 0) {
        return new Range(BigInteger.ZERO, v.hi().shiftRight(sl.lo()).min(Range.of(e.shape()).hi()));
      }
      return Range.of(e.shape());
    }
    if (e instanceof Concat) {
      List<Expr> parts = ((Concat) e).parts();
      BigInteger prefix = BigInteger.ZERO;
      int rest = e.width();
      for (Expr p : parts) {
        if (!(p instanceof Const)) {
          break;
        }
        rest -= p.width();
        prefix = prefix.shiftLeft(p.width()).or(BigInteger.valueOf(((Const) p).bits()));
      }
      BigInteger lo = prefix.shiftLeft(rest);
      return new Range(lo, lo.add(BigInteger.ONE.shiftLeft(rest)).subtract(BigInteger.ONE));
    }
    return Range.of(e.shape());
  }

  /** The same bits as {@code s} taken from a smaller expression, as {@link #slice} prints them. */
  private static Expr narrowSlice(Slice s) {
    Expr v = s.value();
    if (v instanceof Slice) {
      Slice in = (Slice) v;
      return new Slice(in.value(), in.lo() + s.hi(), in.lo() + s.lo());
    }
    if (v instanceof Resize && ((Resize) v).shape().width() <= ((Resize) v).value().width()) {
      return new Slice(((Resize) v).value(), s.hi(), s.lo());
    }
    if (v instanceof Resize && s.hi() < ((Resize) v).value().width()) {
      return new Slice(((Resize) v).value(), s.hi(), s.lo());
    }
    if (v instanceof Concat) {
      List<Expr> parts = ((Concat) v).parts();
      int base = 0;
      for (int k = parts.size() - 1; k >= 0; k--) {
        Expr p = parts.get(k);
        if (s.lo() >= base && s.hi() < base + p.width()) {
          return new Slice(p, s.hi() - base, s.lo() - base);
        }
        base += p.width();
      }
    }
    return null;
  }

  /**
   * The value of a comparison that is the same for every input (1 or 0), or null. Emitting such a
   * comparison would be flagged by Verilator (UNSIGNED, CMPCONST); it arises from generic code
   * such as saturating a value that already fits.
   */
  private BigInteger decided(Expr e) {
    if (e instanceof Const) {
      return BigInteger.valueOf(((Const) e).value());
    }
    if (!(e instanceof Binary) || !((Binary) e).op().isComparison()) {
      return null;
    }
    Binary b = (Binary) e;
    if (b.left().equals(b.right())) {
      BinaryOp op = b.op();
      boolean eq = op == BinaryOp.EQ || op == BinaryOp.LE || op == BinaryOp.GE;
      return eq ? BigInteger.ONE : BigInteger.ZERO;
    }
    Range l = range(b.left());
    Range r = range(b.right());
    Boolean v = null;
    switch (b.op()) {
      case LT:
        v = l.hi().compareTo(r.lo()) < 0 ? Boolean.TRUE
            : l.lo().compareTo(r.hi()) >= 0 ? Boolean.FALSE : null;
        break;
      case LE:
        v = l.hi().compareTo(r.lo()) <= 0 ? Boolean.TRUE
            : l.lo().compareTo(r.hi()) > 0 ? Boolean.FALSE : null;
        break;
      case GT:
        v = l.lo().compareTo(r.hi()) > 0 ? Boolean.TRUE
            : l.hi().compareTo(r.lo()) <= 0 ? Boolean.FALSE : null;
        break;
      case GE:
        v = l.lo().compareTo(r.hi()) >= 0 ? Boolean.TRUE
            : l.hi().compareTo(r.lo()) < 0 ? Boolean.FALSE : null;
        break;
      case EQ:
      case NE:
        boolean disjoint = l.hi().compareTo(r.lo()) < 0 || r.hi().compareTo(l.lo()) < 0;
        boolean same = l.lo().equals(l.hi()) && r.lo().equals(r.hi()) && l.lo().equals(r.lo());
        if (disjoint || same) {
          v = same == (b.op() == BinaryOp.EQ);
        }
        break;
      default:
        break;
    }
    return v == null ? null : v ? BigInteger.ONE : BigInteger.ZERO;
  }

  // ---- layout ----

  /** Breaks lines longer than {@link #MAX_COLUMNS} at spaces outside strings and comments. */
  static String wrap(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String rest = line;
      String indent = rest.substring(0, rest.length() - rest.stripLeading().length()) + "    ";
      while (rest.length() > MAX_COLUMNS && !rest.stripLeading().startsWith("//")) {
        int cut = breakPoint(rest);
        if (cut < 0) {
          break;
        }
        out.append(rest, 0, cut).append('\n');
        rest = indent + rest.substring(cut + 1);
      }
      out.append(rest).append('\n');
    }
    out.setLength(out.length() - 1);
    return out.toString();
  }

  private static int breakPoint(String line) {
    int best = -1;
    boolean inString = false;
    boolean inComment = false;
    int lead = line.length() - line.stripLeading().length();
    for (int i = 0; i < line.length() && i <= MAX_COLUMNS; i++) {
      char c = line.charAt(i);
      if (inComment) {
        if (c == '*' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
          inComment = false;
        }
        continue;
      }
      if (c == '"') {
        inString = !inString;
      } else if (!inString && c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '*') {
        inComment = true;
      } else if (!inString && c == ' ' && i > lead) {
        best = i;
      }
    }
    return best;
  }
}
