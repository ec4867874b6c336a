package org.nirfpga.hdl.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.nirfpga.hdl.ToolSupport;

/**
 * Runs external tools for the integration tests, feeding stdin and keeping stdout and stderr
 * apart; finding them (and skipping without them) is {@link ToolSupport}'s job.
 */
public final class Tools {
  private Tools() {}

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
