package org.nirfpga.host.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.nir.NirfpgaException;

class PtyBridgeTest {
  @Test
  void withoutSocatOnThePathThePtyIsRefusedNamingThePackage(@TempDir Path bin) {
    assertFalse(PtyBridge.available(bin.toString()));
    assertEquals("--pty needs socat, not found on PATH; install the Debian package socat"
        + " (apt-get install socat) or use the TCP port", assertThrows(NirfpgaException.class,
            () -> PtyBridge.requireSocat(bin + File.pathSeparator)).getMessage());
  }

  @Test
  void anExecutableSocatOnThePathIsFound(@TempDir Path bin) throws Exception {
    Path socat = Files.createFile(bin.resolve("socat"));
    assertFalse(PtyBridge.available(bin.toString()), "not executable yet");
    Files.setPosixFilePermissions(socat, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertTrue(PtyBridge.available("/nonexistent" + File.pathSeparator + bin));
  }
}
