package org.nirfpga.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ToolSupportTest {
  private static final String MISSING = "nirfpga-no-such-tool-7f3a";

  @Test
  void aMissingToolSkipsUnlessToolsAreRequired() {
    assertTrue(ToolSupport.find(MISSING).isEmpty());
    if (ToolSupport.toolsRequired()) {
      AssertionFailedError e = assertThrows(AssertionFailedError.class,
          () -> ToolSupport.require(MISSING));
      assertTrue(e.getMessage().contains("-Drequire.tools=true"), e.getMessage());
    } else {
      TestAbortedException e = assertThrows(TestAbortedException.class,
          () -> ToolSupport.require(MISSING));
      assertTrue(e.getMessage().contains(MISSING + " not found on PATH"), e.getMessage());
    }
  }

  @Test
  void runReportsExitCodeAndOutput(@TempDir Path dir) {
    ToolSupport.Result r = ToolSupport.run(dir, Duration.ofSeconds(30), "sh", "-c",
        "echo out; echo err 1>&2; exit 3");
    assertEquals(3, r.exitCode());
    assertTrue(r.output().contains("out") && r.output().contains("err"), r.output());
    assertThrows(AssertionFailedError.class, r::assertSuccess);
  }
}
