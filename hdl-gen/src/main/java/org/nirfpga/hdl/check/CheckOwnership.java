package org.nirfpga.hdl.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nirfpga.hdl.Diagnostic;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Signal;

/** Every signal a module reads or assigns must be its own; other modules are reached via ports. */
public final class CheckOwnership implements CheckPhase {
  @Override
  public String name() {
    return "ownership";
  }

  @Override
  public List<Diagnostic> check(Module m) {
    List<Diagnostic> out = new ArrayList<>();
    for (Walk.Guarded g : Walk.assignments(m)) {
      Signal t = g.assign().target();
      if (t.owner() != m) {
        out.add(new Diagnostic(name(), g.assign().at(), "assignment to '" + t.name()
            + "' of module '" + t.owner().name() + "' inside module '" + m.name()
            + "'; drive it through an instance port instead"));
      }
    }
    for (Walk.Use u : Walk.uses(m)) {
      Set<Signal> foreign = new LinkedHashSet<>();
      Walk.signals(u.expr(), s -> {
        if (s.owner() != m) {
          foreign.add(s);
        }
      });
      for (Signal s : foreign) {
        out.add(new Diagnostic(name(), u.at(), "use of signal '" + s.name() + "' of module '"
            + s.owner().name() + "' inside module '" + m.name()
            + "'; read it through an instance port instead"));
      }
    }
    return out;
  }
}
