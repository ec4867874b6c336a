package org.nirfpga.board;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ports of a module read from its ANSI-style Verilog header (the style the emitter writes):
 * name to {@code +width} for inputs and {@code -width} for outputs. Enough to decide whether a
 * core has the board interface; not a Verilog parser.
 */
public final class VerilogPorts {
  private static final Pattern PORT = Pattern.compile(
      "\\b(input|output)\\s+(?:wire\\s+|reg\\s+)?(?:signed\\s+)?"
      + "(?:\\[(\\d+)\\s*:\\s*(\\d+)\\]\\s*)?([A-Za-z_][A-Za-z0-9_$]*)");

  private VerilogPorts() {
  }

  /** Ports of module {@code module} in {@code text}, or null when it is not defined there. */
  public static Map<String, Integer> of(String text, String module) {
    String noComments = text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    Matcher head = Pattern.compile("\\bmodule\\s+" + Pattern.quote(module)
        + "\\s*(?:#\\s*\\((?s:.*?)\\)\\s*)?\\(((?s:.*?))\\)\\s*;").matcher(noComments);
    if (!head.find()) {
      return null;
    }
    Map<String, Integer> ports = new LinkedHashMap<>();
    Matcher m = PORT.matcher(head.group(1));
    while (m.find()) {
      int width = m.group(2) == null ? 1
          : Math.abs(Integer.parseInt(m.group(2)) - Integer.parseInt(m.group(3))) + 1;
      ports.put(m.group(4), m.group(1).equals("input") ? width : -width);
    }
    return ports;
  }
}
