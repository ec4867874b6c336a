package org.nirfpga.hdl.check;

import java.util.ArrayList;
import java.util.List;
import org.nirfpga.hdl.Diagnostic;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Signal;

/** No combinational loops: a value must not depend on itself in the same cycle. */
public final class CheckLoops implements CheckPhase {
  @Override
  public String name() {
    return "loops";
  }

  @Override
  public List<Diagnostic> check(Module m) {
    CombGraph g = CombGraph.of(m);
    List<Diagnostic> out = new ArrayList<>();
    for (List<Signal> cycle : g.cycles()) {
      StringBuilder path = new StringBuilder();
      StringBuilder lines = new StringBuilder();
      for (Signal s : cycle) {
        path.append(s.name()).append(" <- ");
        lines.append(lines.length() == 0 ? "" : ", ").append(s.name()).append(" at ")
            .append(g.drivenAt(s));
      }
      path.append(cycle.get(0).name());
      out.add(new Diagnostic(name(), g.drivenAt(cycle.get(0)), "combinational loop " + path
          + " (" + lines + "); break it with a register"));
    }
    return out;
  }
}
