package org.nirfpga.host.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.nir.NirfpgaException;

class SerialTransportTest {
  @TempDir
  Path dir;

  @Test
  void aMissingPortIsRefusedNamingIt() {
    Path port = dir.resolve("ttyUSB7");
    String uri = "serial:" + port + "?baud=3000000";
    assertEquals(uri + ": no such port " + port + "; is the board plugged in (ls /dev/ttyUSB*"
        + " /dev/ttyACM*) or nirfpga board-sim --pty running?", refusal(uri));
  }

  @Test
  void aPortWeMayNotOpenIsRefusedAsPermissionDeniedNamingTheGroupFix() throws Exception {
    Path port = Files.createFile(dir.resolve("ttyUSB0"));
    Files.setPosixFilePermissions(port, PosixFilePermissions.fromString("---------"));
    if (Files.isReadable(port)) {
      System.out.println("SKIPPED: running as root, who may open any file");
      Assumptions.abort("running as root");
    }
    String uri = "serial:" + port + "?baud=115200";
    assertEquals(uri + ": permission denied on port " + port + "; add yourself to its group"
        + " (ls -l " + port + ", e.g. sudo usermod -aG dialout $USER) and log in again",
        refusal(uri));
  }

  @Test
  void aFileThatIsNotATerminalIsRefusedNamingThePort() throws Exception {
    Path port = Files.createFile(dir.resolve("not-a-tty"));
    assertEquals("serial:" + port + "?baud=115200: " + port + " is not a serial port (no"
        + " terminal); give the board's /dev/ttyUSB* or /dev/ttyACM* device",
        refusal("serial:" + port));
  }

  @Test
  void openFailuresAreNamedByTheirCauseWithThePort() {
    String uri = "serial:/dev/ttyUSB1?baud=3000000";
    assertEquals(uri + ": permission denied on port /dev/ttyUSB1; add yourself to its group"
        + " (ls -l /dev/ttyUSB1, e.g. sudo usermod -aG dialout $USER) and log in again",
        SerialTransport.openFailure(uri, "/dev/ttyUSB1", 13).getMessage());
    assertEquals(uri + ": no such port /dev/ttyUSB1 (errno 19); is the board plugged in?",
        SerialTransport.openFailure(uri, "/dev/ttyUSB1", 19).getMessage());
    assertEquals(uri + ": port /dev/ttyUSB1 is busy; close the other program using it"
        + " (fuser /dev/ttyUSB1)", SerialTransport.openFailure(uri, "/dev/ttyUSB1", 16)
            .getMessage());
    assertEquals(uri + ": cannot open port /dev/ttyUSB1 (errno 5)",
        SerialTransport.openFailure(uri, "/dev/ttyUSB1", 5).getMessage());
  }

  private static String refusal(String uri) {
    return assertThrows(NirfpgaException.class, () -> SerialTransport.open(
        SerialAddress.parse(uri), Duration.ofSeconds(1))).getMessage();
  }
}
