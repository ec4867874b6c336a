package org.nirfpga.hdl.check;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nirfpga.hdl.Diagnostic;
import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.SourceLocation;

/**
 * One driver per signal: inputs are not assigned, memory and instance outputs are not assigned,
 * a signal is not assigned unconditionally twice, and every output and wire is driven.
 */
public final class CheckDrivers implements CheckPhase {
  @Override
  public String name() {
    return "drivers";
  }

  @Override
  public List<Diagnostic> check(Module m) {
    List<Diagnostic> out = new ArrayList<>();
    Map<Signal, SourceLocation> firstAssign = new IdentityHashMap<>();
    Map<Signal, SourceLocation> firstUnconditional = new IdentityHashMap<>();
    for (Walk.Guarded g : Walk.assignments(m)) {
      Signal t = g.assign().target();
      SourceLocation at = g.assign().at();
      if (t.owner() != m) {
        continue;
      }
      if (t.kind() == Signal.Kind.INPUT) {
        out.add(new Diagnostic(name(), at, "assignment to input '" + t.name()
            + "'; inputs are driven from outside the module"));
        continue;
      }
      Object ext = m.externalDriver(t);
      if (ext != null) {
        out.add(new Diagnostic(name(), at, "more than one driver: '" + t.name()
            + "' is driven by " + describe(ext) + " and assigned here; assign a separate wire"));
        continue;
      }
      firstAssign.putIfAbsent(t, at);
      if (g.unconditional()) {
        SourceLocation prev = firstUnconditional.putIfAbsent(t, at);
        if (prev != null) {
          out.add(new Diagnostic(name(), at, "more than one driver: '" + t.name()
              + "' is assigned unconditionally at " + prev + " and again here; the first has no"
              + " effect, remove it or put one of them in a when()"));
        }
      }
    }
    Map<Signal, String> instanceInputs = new LinkedHashMap<>();
    for (Instance i : m.instances()) {
      for (Map.Entry<Signal, Signal> e : i.wires().entrySet()) {
        if (e.getKey().kind() == Signal.Kind.INPUT) {
          instanceInputs.put(e.getValue(), "input '" + e.getKey().name() + "' of instance '"
              + i.name() + "' is never connected; use connect(\"" + e.getKey().name()
              + "\", ...)");
        }
      }
    }
    for (Signal s : m.signals()) {
      boolean needsDriver = s.kind() == Signal.Kind.OUTPUT || s.kind() == Signal.Kind.WIRE;
      if (!needsDriver || m.externalDriver(s) != null || firstAssign.containsKey(s)) {
        continue;
      }
      String msg = instanceInputs.get(s);
      if (msg == null) {
        msg = (s.kind() == Signal.Kind.OUTPUT ? "output '" : "wire '") + s.name()
            + "' is never driven; assign it (a default alone is not a driver)";
      }
      out.add(new Diagnostic(name(), s.createdAt(), msg));
    }
    return out;
  }

  static String describe(Object driver) {
    if (driver instanceof Memory) {
      Memory mem = (Memory) driver;
      return "a read port of memory '" + mem.name() + "' (" + mem.createdAt() + ")";
    }
    Instance i = (Instance) driver;
    return "an output of instance '" + i.name() + "' (" + i.createdAt() + ")";
  }
}
