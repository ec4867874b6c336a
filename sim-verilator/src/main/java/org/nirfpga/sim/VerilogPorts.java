package org.nirfpga.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nirfpga.nir.NirfpgaException;

/**
 * Reads the port list of a top module from its ANSI-style Verilog header
 * ({@code input wire signed [15:0] name,}), independent of any simulator.
 */
public final class VerilogPorts {
  private static final Pattern DECL = Pattern.compile(
      "^\\s*(input|output)\\s+(?:wire\\s+|reg\\s+)?(signed\\s+)?(?:\\[\\s*(\\d+)\\s*:\\s*(\\d+)"
          + "\\s*\\]\\s*)?([A-Za-z_][A-Za-z0-9_$]*)\\s*,?\\s*(?://.*)?$");

  private VerilogPorts() {}

  /** The ports of module {@code top}, declared in {@code <dir>/<top>.v}. */
  public static List<Port> read(Path dir, String top) throws NirfpgaException {
    Path file = dir.resolve(top + ".v");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new NirfpgaException(file + ": cannot read the top module's Verilog (" + e.getMessage()
          + "); the RTL folder must hold " + top + ".v");
    }
    return parse(text, file.toString(), top);
  }

  /** The ports of module {@code top} in Verilog {@code text}; {@code file} names it in errors. */
  static List<Port> parse(String text, String file, String top) throws NirfpgaException {
    Matcher head = Pattern.compile("(?m)^\\s*module\\s+" + Pattern.quote(top) + "\\s*\\(")
        .matcher(text);
    if (!head.find()) {
      throw new NirfpgaException(file + ": no 'module " + top + " (' header; the top module"
          + " must be declared with an ANSI port list");
    }
    List<Port> ports = new ArrayList<>();
    String[] lines = text.substring(head.end()).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.strip().startsWith(");")) {
        break;
      }
      if (line.isBlank() || line.strip().startsWith("//")) {
        continue;
      }
      Matcher m = DECL.matcher(line);
      if (!m.matches()) {
        throw new NirfpgaException(file + ": port declaration '" + line.strip() + "' of module "
            + top + " is not of the form 'input|output wire [signed] [hi:lo] name'");
      }
      int width = m.group(3) == null ? 1
          : Math.abs(Integer.parseInt(m.group(3)) - Integer.parseInt(m.group(4))) + 1;
      ports.add(new Port(ports.size(), m.group(5), width, m.group(1).equals("input"),
          m.group(2) != null));
    }
    if (ports.isEmpty()) {
      throw new NirfpgaException(file + ": module " + top + " declares no ports");
    }
    return List.copyOf(ports);
  }
}
