package org.nirfpga.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test support: the largest value a named signal takes in a VCD file, per enclosing scope. */
final class Vcd {
  private Vcd() {}

  /**
   * For every scope declaring a variable named {@code name}, the largest (unsigned) value it
   * takes anywhere in {@code file}; keyed by the scope's own name.
   */
  static Map<String, Long> peaks(Path file, String name) throws IOException {
    Map<String, String> scopeOfId = new HashMap<>();
    Map<String, Long> peak = new LinkedHashMap<>();
    Deque<String> scopes = new ArrayDeque<>();
    try (BufferedReader in = Files.newBufferedReader(file)) {
      String line;
      while ((line = in.readLine()) != null) {
        String s = line.trim();
        if (s.startsWith("$scope")) {
          scopes.push(s.split("\\s+")[2]);
        } else if (s.startsWith("$upscope")) {
          scopes.pop();
        } else if (s.startsWith("$var")) {
          // $var wire 5 # level_o [4:0] $end
          String[] f = s.split("\\s+");
          if (f[4].equals(name) && !scopes.isEmpty()) {
            scopeOfId.put(f[3], scopes.peek());
            peak.putIfAbsent(scopes.peek(), 0L);
          }
        } else if (s.startsWith("b")) {
          int sp = s.indexOf(' ');
          String scope = scopeOfId.get(s.substring(sp + 1));
          if (scope != null) {
            String bits = s.substring(1, sp).replace('x', '0').replace('z', '0');
            peak.merge(scope, Long.parseLong(bits, 2), Math::max);
          }
        }
      }
    }
    return peak;
  }
}
