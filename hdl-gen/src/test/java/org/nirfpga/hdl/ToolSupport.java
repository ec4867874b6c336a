package org.nirfpga.hdl;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds external tools (verilator, yosys, ...) for integration tests: a missing tool skips the
 * test with a printed reason, unless {@code -Drequire.tools=true} (CI), where it fails.
 */
public final class ToolSupport {
  private ToolSupport() {
  }

  /** What a finished tool run printed and returned. */
  public record Result(List<String> command, int exitCode, String output) {
    /** Fails the test with the command and its output unless the exit code is 0. */
    public Result assertSuccess() {
      if (exitCode != 0) {
        fail(String.join(" ", command) + " exited with " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  /** Whether the build asked for tools to be present ({@code -Drequire.tools=true}). */
  public static boolean toolsRequired() {
    return Boolean.parseBoolean(System.getProperty("require.tools", "false"));
  }

  /** The executable named {@code tool} on the PATH, if any. */
  public static Optional<Path> find(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, tool);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * The executable named {@code tool}; when it is missing, skips the calling test with a printed
   * reason, or fails it if tools are required.
   */
  public static Path require(String tool) {
    Optional<Path> p = find(tool);
    if (p.isPresent()) {
      return p.get();
    }
    String reason = tool + " not found on PATH";
    if (toolsRequired()) {
      fail(reason + " but -Drequire.tools=true; install " + tool);
    }
    System.out.println("SKIPPED: " + reason + " (run with -Drequire.tools=true to fail instead)");
    Assumptions.abort(reason);
    throw new IllegalStateException("unreachable");
  }

  /** Runs {@code command} in {@code dir}, merging stdout and stderr; kills it after the timeout. */
  public static Result run(Path dir, Duration timeout, String... command) {
    List<String> cmd = List.of(command);
    try {
      Path log = Files.createTempFile("tool", ".log");
      try {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).directory(dir.toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          p.waitFor();
          fail(String.join(" ", cmd) + " timed out after " + timeout + ":\n"
              + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(cmd, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + cmd + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + cmd, e);
    }
  }
}
