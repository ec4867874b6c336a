package org.nirfpga.board;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Gates an integration test on an external tool: without it the test is skipped with a printed
 * reason, unless {@code -Drequire.tools=true}, where it fails.
 */
final class ToolGate {
  private ToolGate() {
  }

  static String require(String tool) {
    Optional<String> p = ToolRunner.find(tool);
    if (p.isPresent()) {
      return p.get();
    }
    String reason = tool + " not found on PATH";
    if (Boolean.parseBoolean(System.getProperty("require.tools", "false"))) {
      fail(reason + " but -Drequire.tools=true; install " + tool);
    }
    System.out.println("SKIPPED: " + reason + " (run with -Drequire.tools=true to fail instead)");
    Assumptions.abort(reason);
    throw new IllegalStateException("unreachable");
  }
}
