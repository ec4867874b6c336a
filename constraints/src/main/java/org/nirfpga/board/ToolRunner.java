package org.nirfpga.board;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.nirfpga.nir.NirfpgaException;

/** Runs one external tool with its output going to a log file, and finds tools on the PATH. */
public final class ToolRunner {
  private ToolRunner() {
  }

  /** The executable named {@code tool} on the PATH, if any. */
  public static Optional<String> find(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p.toString());
      }
    }
    return Optional.empty();
  }

  /**
   * Runs {@code command} in {@code dir} with stdout and stderr together in {@code log}; returns
   * the exit code. A missing tool or a timeout is a user error naming the tool.
   */
  public static int run(Path dir, Path log, long timeoutSeconds, List<String> command)
      throws NirfpgaException, IOException {
    Integer rc = runWithin(dir, log, timeoutSeconds, command);
    if (rc == null) {
      throw new NirfpgaException(command.get(0) + " ran longer than " + timeoutSeconds
          + " s; see " + log);
    }
    return rc;
  }

  /**
   * Like {@link #run}, but a command that runs longer than {@code timeoutSeconds} is stopped and
   * null returned, for a caller that can go on without it.
   */
  public static Integer runWithin(Path dir, Path log, long timeoutSeconds, List<String> command)
      throws NirfpgaException, IOException {
    if (find(command.get(0)).isEmpty() && !Path.of(command.get(0)).isAbsolute()) {
      throw new NirfpgaException(command.get(0) + " not found on PATH; install it (see "
          + "docs/boards.md) or run the flow where it is installed");
    }
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor();
        return null;
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new NirfpgaException(command.get(0) + " interrupted; see " + log);
    }
  }
}
