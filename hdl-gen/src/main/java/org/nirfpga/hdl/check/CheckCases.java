package org.nirfpga.hdl.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nirfpga.hdl.CaseStmt;
import org.nirfpga.hdl.Const;
import org.nirfpga.hdl.Diagnostic;
import org.nirfpga.hdl.IfStmt;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Stmt;

/** A switch value may appear in only one {@code is(...)}: a repeat could never be reached. */
public final class CheckCases implements CheckPhase {
  @Override
  public String name() {
    return "cases";
  }

  @Override
  public List<Diagnostic> check(Module m) {
    List<Diagnostic> out = new ArrayList<>();
    walk(m.body(), out);
    return out;
  }

  private void walk(List<Stmt> stmts, List<Diagnostic> out) {
    for (Stmt s : stmts) {
      if (s instanceof IfStmt) {
        IfStmt i = (IfStmt) s;
        for (List<Stmt> b : i.bodies()) {
          walk(b, out);
        }
        walk(i.elseBody(), out);
      } else if (s instanceof CaseStmt) {
        CaseStmt c = (CaseStmt) s;
        Set<Long> seen = new HashSet<>();
        for (List<Const> labels : c.labels()) {
          for (Const l : labels) {
            if (!seen.add(l.value())) {
              out.add(new Diagnostic(name(), s.at(), "switch value " + l.value()
                  + " appears in more than one is(...); the later one can never run"));
            }
          }
        }
        for (List<Stmt> b : c.bodies()) {
          walk(b, out);
        }
        walk(c.defaultBody(), out);
      }
    }
  }
}
