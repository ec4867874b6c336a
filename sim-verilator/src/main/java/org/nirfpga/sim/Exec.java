package org.nirfpga.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nirfpga.nir.NirfpgaException;

/** Runs an external tool with a timeout, stdout and stderr merged. */
final class Exec {
  private Exec() {}

  /** What a finished run printed and returned. */
  record Result(List<String> command, int exitCode, String output) {}

  static Result run(Path dir, long timeoutSeconds, List<String> command) throws NirfpgaException {
    try {
      Path log = Files.createTempFile("nirfpga-exec", ".log");
      try {
        Process p = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor();
          throw new NirfpgaException(command.get(0) + " did not finish in " + timeoutSeconds
              + " s (" + String.join(" ", command) + ")");
        }
        return new Result(command, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new NirfpgaException("cannot run " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NirfpgaException("interrupted while running " + command.get(0));
    }
  }

  /** The executable {@code tool} on the PATH, or null. */
  static Path find(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (d.isEmpty()) {
        continue;
      }
      Path p = Path.of(d, tool);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** The executable {@code tool} on the PATH, or an error saying how to install it. */
  static Path require(String tool, String debianPackage) throws NirfpgaException {
    Path p = find(tool);
    if (p == null) {
      throw new NirfpgaException(tool + " not found on PATH; co-simulation needs it: install it"
          + " with 'sudo apt-get install " + debianPackage + "'");
    }
    return p;
  }
}
