package org.nirfpga.cli;

import java.util.Map;

/** Minimal JSON text helpers for the reports the commands write with fixed key order. */
final class Json {
  private Json() {}

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  static String counts(Map<String, Long> m) {
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, Long> e : m.entrySet()) {
      sb.append(first ? "" : ", ").append(quote(e.getKey())).append(": ").append(e.getValue());
      first = false;
    }
    return sb.append('}').toString();
  }
}
