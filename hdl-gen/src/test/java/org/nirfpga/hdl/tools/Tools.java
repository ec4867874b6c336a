package org.nirfpga.hdl.tools;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Finds external tools on the PATH and runs them; a test skips or fails when one is missing. */
public final class Tools {
  private Tools() {}

  /** Whether a missing tool fails the test instead of skipping it (CI sets this). */
  public static boolean required() {
    return Boolean.getBoolean("require.tools");
  }

  /**
   * The executable named {@code name} on the PATH; without it the calling test is skipped with a
   * printed reason, or fails when {@code -Drequire.tools=true}.
   */
  public static Path require(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String reason = name + " is not on the PATH; install it (see .ci/run) to run this test";
    if (required()) {
      fail(reason + " (require.tools=true)");
    }
    System.out.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
    throw new IllegalStateException("unreachable");
  }

  /** Runs {@code command} in {@code workDir}, feeding {@code stdin}; waits up to the timeout. */
  public static ToolOutput run(Path workDir, long timeoutSeconds, byte[] stdin,
      List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    try {
      Process process = builder.start();
      // Both pipes are drained concurrently so a chatty tool cannot block on a full buffer.
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      CompletableFuture<Void> in = CompletableFuture.runAsync(() -> {
        try (var stream = process.getOutputStream()) {
          stream.write(stdin);
        } catch (IOException e) {
          // The tool exited before reading all input; its exit code and stderr say why.
        }
      }, Tools::startDaemon);
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " timed out after "
            + timeoutSeconds + " s in " + workDir);
      }
      in.join();
      return new ToolOutput(command, process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }

  /** Runs {@code command} in {@code workDir} with empty stdin. */
  public static ToolOutput run(Path workDir, long timeoutSeconds, List<String> command) {
    return run(workDir, timeoutSeconds, new byte[0], command);
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try (stream) {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, Tools::startDaemon);
  }

  // Each pipe gets its own thread: a shared pool could run the reader and writer of one process
  // on the same thread and deadlock.
  private static void startDaemon(Runnable task) {
    Thread thread = new Thread(task, "tool-pipe");
    thread.setDaemon(true);
    thread.start();
  }

  /** What a finished tool run printed and returned. */
  public record ToolOutput(List<String> command, int exitCode, String stdout, String stderr) {
    public ToolOutput {
      command = List.copyOf(command);
    }

    /** The command line and both streams, for failure messages. */
    public String describe() {
      return String.join(" ", command) + " exited with " + exitCode + "\n" + stdout + stderr;
    }
  }
}
