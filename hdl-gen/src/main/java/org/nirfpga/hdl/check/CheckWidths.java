package org.nirfpga.hdl.check;

import java.util.ArrayList;
import java.util.List;
import org.nirfpga.hdl.CaseStmt;
import org.nirfpga.hdl.Diagnostic;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.IfStmt;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Shape;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.Stmt;

/**
 * Assignments may widen without losing a value (zero- or sign-extension, or unsigned into a wider
 * signed) but never narrow or change a sign implicitly; conditions must be {@code bool()}.
 */
public final class CheckWidths implements CheckPhase {
  @Override
  public String name() {
    return "widths";
  }

  /** Whether every value of {@code from} is a value of {@code to}. */
  public static boolean fits(Shape from, Shape to) {
    if (from.signed() == to.signed()) {
      return from.width() <= to.width();
    }
    return !from.signed() && from.width() < to.width();
  }

  /** Why a value of shape {@code from} cannot go into {@code what} of {@code to}, and the fix. */
  public static String mismatch(String what, Shape to, Shape from) {
    String head = what + " " + to + " from a " + from + " value";
    if (from.signed() == to.signed()) {
      return head + " would drop " + (from.width() - to.width()) + " bits; use .saturate("
          + to.width() + ") or .truncate(" + to.width() + ")";
    }
    if (from.signed()) {
      return head + " would lose the sign; use .asUnsigned() after checking it is not negative, "
          + "or make the target sint(" + from.width() + ")";
    }
    return head + " needs sint(" + (from.width() + 1) + ") to keep the value; use .asSigned() to"
        + " reinterpret the bits or widen the target to sint(" + (from.width() + 1) + ")";
  }

  @Override
  public List<Diagnostic> check(Module m) {
    List<Diagnostic> out = new ArrayList<>();
    for (Walk.Guarded g : Walk.assignments(m)) {
      Signal t = g.assign().target();
      Shape from = g.assign().value().shape();
      if (!fits(from, t.shape())) {
        out.add(new Diagnostic(name(), g.assign().at(),
            mismatch("assignment to '" + t.name() + "'", t.shape(), from)));
      }
    }
    conditions(m.body(), out);
    return out;
  }

  private void conditions(List<Stmt> stmts, List<Diagnostic> out) {
    for (Stmt s : stmts) {
      if (s instanceof IfStmt) {
        IfStmt i = (IfStmt) s;
        for (Expr c : i.conditions()) {
          if (c.width() != 1) {
            out.add(new Diagnostic(name(), s.at(), "when condition has shape " + c.shape()
                + " but must be bool(); compare it, e.g. .ne(0)"));
          }
        }
        for (List<Stmt> b : i.bodies()) {
          conditions(b, out);
        }
        conditions(i.elseBody(), out);
      } else if (s instanceof CaseStmt) {
        CaseStmt c = (CaseStmt) s;
        for (List<Stmt> b : c.bodies()) {
          conditions(b, out);
        }
        conditions(c.defaultBody(), out);
      }
    }
  }
}
