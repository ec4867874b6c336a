package org.nirfpga.hdl.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.nirfpga.hdl.Assign;
import org.nirfpga.hdl.Binary;
import org.nirfpga.hdl.CaseStmt;
import org.nirfpga.hdl.Concat;
import org.nirfpga.hdl.Const;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.IfStmt;
import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Mux;
import org.nirfpga.hdl.ReadPort;
import org.nirfpga.hdl.Resize;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.Slice;
import org.nirfpga.hdl.SourceLocation;
import org.nirfpga.hdl.Stmt;
import org.nirfpga.hdl.Unary;
import org.nirfpga.hdl.WritePort;

/** Traversals over expressions and statements shared by the checks and the emitter. */
public final class Walk {
  private Walk() {
  }

  /** An assignment with the conditions (when conditions, case selectors) that enclose it. */
  public record Guarded(Assign assign, List<Expr> guards, boolean unconditional) {
  }

  /** An expression used somewhere in a module with the Java line that used it. */
  public record Use(Expr expr, SourceLocation at) {
  }

  /** Calls {@code action} for every signal read by {@code e} (with repeats). */
  public static void signals(Expr e, Consumer<Signal> action) {
    if (e instanceof Signal) {
      action.accept((Signal) e);
    } else if (e instanceof Const) {
      return;
    } else if (e instanceof Unary) {
      signals(((Unary) e).operand(), action);
    } else if (e instanceof Binary) {
      signals(((Binary) e).left(), action);
      signals(((Binary) e).right(), action);
    } else if (e instanceof Slice) {
      signals(((Slice) e).value(), action);
    } else if (e instanceof Concat) {
      for (Expr p : ((Concat) e).parts()) {
        signals(p, action);
      }
    } else if (e instanceof Mux) {
      Mux m = (Mux) e;
      signals(m.select(), action);
      signals(m.whenTrue(), action);
      signals(m.whenFalse(), action);
    } else if (e instanceof Resize) {
      signals(((Resize) e).value(), action);
    } else {
      throw new IllegalStateException("unknown expression " + e.getClass());
    }
  }

  /**
   * {@code e} rebuilt with every signal {@code s} it reads replaced by {@code replace(s)}, which
   * must have the signal's shape; constants and operators stay.
   */
  public static Expr substitute(Expr e, Function<Signal, Expr> replace) {
    if (e instanceof Signal) {
      Signal s = (Signal) e;
      Expr r = replace.apply(s);
      if (!r.shape().equals(s.shape())) {
        throw new IllegalArgumentException("substitute for " + s.name() + " " + s.shape()
            + " has shape " + r.shape());
      }
      return r;
    } else if (e instanceof Const) {
      return e;
    } else if (e instanceof Unary) {
      Unary u = (Unary) e;
      return new Unary(u.op(), substitute(u.operand(), replace));
    } else if (e instanceof Binary) {
      Binary b = (Binary) e;
      return new Binary(b.op(), substitute(b.left(), replace), substitute(b.right(), replace),
          b.shape());
    } else if (e instanceof Slice) {
      Slice s = (Slice) e;
      return new Slice(substitute(s.value(), replace), s.hi(), s.lo());
    } else if (e instanceof Concat) {
      List<Expr> parts = new ArrayList<>();
      for (Expr p : ((Concat) e).parts()) {
        parts.add(substitute(p, replace));
      }
      return new Concat(parts);
    } else if (e instanceof Mux) {
      Mux m = (Mux) e;
      return new Mux(substitute(m.select(), replace), substitute(m.whenTrue(), replace),
          substitute(m.whenFalse(), replace));
    } else if (e instanceof Resize) {
      Resize r = (Resize) e;
      return new Resize(substitute(r.value(), replace), r.shape());
    }
    throw new IllegalStateException("unknown expression " + e.getClass());
  }

  /** All assignments of the module body with their enclosing guards, in source order. */
  public static List<Guarded> assignments(Module m) {
    List<Guarded> out = new ArrayList<>();
    collect(m.body(), new ArrayList<>(), true, out);
    return out;
  }

  private static void collect(List<Stmt> stmts, List<Expr> guards, boolean top,
      List<Guarded> out) {
    for (Stmt s : stmts) {
      if (s instanceof Assign) {
        out.add(new Guarded((Assign) s, List.copyOf(guards), top));
      } else if (s instanceof IfStmt) {
        IfStmt i = (IfStmt) s;
        List<Expr> g = new ArrayList<>(guards);
        g.addAll(i.conditions());
        for (List<Stmt> b : i.bodies()) {
          collect(b, g, false, out);
        }
        collect(i.elseBody(), g, false, out);
      } else if (s instanceof CaseStmt) {
        CaseStmt c = (CaseStmt) s;
        List<Expr> g = new ArrayList<>(guards);
        g.add(c.selector());
        for (List<Stmt> b : c.bodies()) {
          collect(b, g, false, out);
        }
        collect(c.defaultBody(), g, false, out);
      }
    }
  }

  /** Every expression the module reads, each with the Java line that used it. */
  public static List<Use> uses(Module m) {
    List<Use> out = new ArrayList<>();
    usesIn(m.body(), out);
    for (Memory mem : m.memories()) {
      for (ReadPort p : mem.readPorts()) {
        out.add(new Use(p.address(), p.at()));
        out.add(new Use(p.enable(), p.at()));
      }
      for (WritePort p : mem.writePorts()) {
        out.add(new Use(p.address(), p.at()));
        out.add(new Use(p.data(), p.at()));
        out.add(new Use(p.enable(), p.at()));
      }
    }
    for (Instance i : m.instances()) {
      if (i.reset() != null) {
        out.add(new Use(i.reset(), i.createdAt()));
      }
      if (i.clock() != null) {
        out.add(new Use(i.clock(), i.createdAt()));
      }
    }
    return out;
  }

  private static void usesIn(List<Stmt> stmts, List<Use> out) {
    for (Stmt s : stmts) {
      if (s instanceof Assign) {
        out.add(new Use(((Assign) s).value(), s.at()));
      } else if (s instanceof IfStmt) {
        IfStmt i = (IfStmt) s;
        for (Expr c : i.conditions()) {
          out.add(new Use(c, s.at()));
        }
        for (List<Stmt> b : i.bodies()) {
          usesIn(b, out);
        }
        usesIn(i.elseBody(), out);
      } else if (s instanceof CaseStmt) {
        CaseStmt c = (CaseStmt) s;
        out.add(new Use(c.selector(), s.at()));
        for (List<Stmt> b : c.bodies()) {
          usesIn(b, out);
        }
        usesIn(c.defaultBody(), out);
      }
    }
  }
}
