package org.nirfpga.board;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nirfpga.hdl.Const;
import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Primitive;
import org.nirfpga.hdl.Signal;

/**
 * Stand-ins for vendor cells so that Verilator can lint a board top: one file per cell with its
 * ports and parameters (typed as the emitter passes them) and outputs tied low. The cells
 * themselves come from the vendor libraries yosys and Vivado ship; these stubs only let the
 * top's own code be checked.
 */
final class LintStubs {
  private LintStubs() {
  }

  /** Writes a stub for every primitive instantiated in {@code top}; returns the file names. */
  static List<String> write(Module top, Path dir) throws IOException {
    Map<String, Primitive> cells = new LinkedHashMap<>();
    for (Instance i : top.instances()) {
      if (i.child() instanceof Primitive) {
        cells.putIfAbsent(i.child().name(), (Primitive) i.child());
      }
    }
    List<String> files = new ArrayList<>();
    for (Primitive p : cells.values()) {
      String file = p.name() + ".v";
      Files.writeString(dir.resolve(file), stub(p));
      files.add(file);
    }
    return files;
  }

  private static String stub(Primitive p) {
    StringBuilder b = new StringBuilder("`default_nettype none\n");
    // The stub reads none of its inputs and parameters: that is the point of a stub.
    b.append("/* verilator lint_off UNUSED */\n");
    b.append("module ").append(p.name());
    List<String> params = new ArrayList<>();
    for (Map.Entry<String, Object> e : p.parameters().entrySet()) {
      Object v = e.getValue();
      params.add(v instanceof Double ? "parameter real " + e.getKey() + " = 0.0"
          : v instanceof Const ? "parameter " + e.getKey() + " = 0"
          : "parameter " + e.getKey() + " = \"\"");
    }
    if (!params.isEmpty()) {
      b.append(" #(\n  ").append(String.join(",\n  ", params)).append("\n)");
    }
    List<String> ports = new ArrayList<>();
    List<String> ties = new ArrayList<>();
    for (Signal s : p.ports()) {
      String range = s.width() > 1 ? "[" + (s.width() - 1) + ":0] " : "";
      if (s.kind() == Signal.Kind.INPUT) {
        ports.add("input wire " + range + s.name());
      } else {
        ports.add("output wire " + range + s.name());
        ties.add("  assign " + s.name() + " = " + s.width() + "'d0;\n");
      }
    }
    b.append(" (\n  ").append(String.join(",\n  ", ports)).append("\n);\n");
    ties.forEach(b::append);
    b.append("endmodule\n/* verilator lint_on UNUSED */\n");
    return b.toString();
  }
}
