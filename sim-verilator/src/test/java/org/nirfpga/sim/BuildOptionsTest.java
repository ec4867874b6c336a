package org.nirfpga.sim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BuildOptionsTest {
  @Test
  void theWaveformFilesExtensionPicksFstOrVcd() {
    assertTrue(BuildOptions.defaults().withTraceFor(Path.of("w/out.FST")).fst());
    BuildOptions vcd = BuildOptions.defaults().withTraceFor(Path.of("out.vcd"));
    assertTrue(vcd.trace());
    assertFalse(vcd.fst());
  }

  @Test
  void theTraceFormatIsPartOfTheCacheKeyText() {
    // The library cache hashes options.toString().
    assertNotEquals(BuildOptions.defaults().withTrace().toString(),
        BuildOptions.defaults().withFstTrace().toString());
  }

  @Test
  void fstWithoutTracingIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new BuildOptions(false, "-O1", true));
  }
}
