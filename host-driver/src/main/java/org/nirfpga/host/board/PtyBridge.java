package org.nirfpga.host.board;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nirfpga.nir.NirfpgaException;

/**
 * A pseudo-terminal linked to a virtual board's TCP port by {@code socat}, so a driver reaches
 * the board through a serial port ({@code serial:PATH}) as it would reach an FPGA.
 */
public final class PtyBridge implements AutoCloseable {
  /** The Debian package that provides the bridge program. */
  public static final String PACKAGE = "socat";

  private final Path link;
  private final Process socat;
  private final Path log;

  private PtyBridge(Path link, Process socat, Path log) {
    this.link = link;
    this.socat = socat;
    this.log = log;
  }

  /** Whether {@code socat} is on {@code path} (a PATH value). */
  public static boolean available(String path) {
    for (String d : (path == null ? "" : path).split(File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, "socat"))) {
        return true;
      }
    }
    return false;
  }

  /** Fails with a one-line message naming the package when socat is not on {@code path}. */
  public static void requireSocat(String path) throws NirfpgaException {
    if (!available(path)) {
      throw new NirfpgaException("--pty needs socat, not found on PATH; install the Debian"
          + " package " + PACKAGE + " (apt-get install " + PACKAGE + ") or use the TCP port");
    }
  }

  /**
   * Creates a pseudo-terminal at {@code link} (a symbolic link to the /dev/pts device, replaced
   * if present) whose bytes go to and come from {@code tcpPort} on localhost, and waits until
   * it is there.
   */
  public static PtyBridge start(Path link, int tcpPort) throws NirfpgaException {
    requireSocat(System.getenv("PATH"));
    Path abs = link.toAbsolutePath();
    Process p;
    Path log;
    try {
      Files.deleteIfExists(abs);
      if (abs.getParent() != null) {
        Files.createDirectories(abs.getParent());
      }
      log = Files.createTempFile("nirfpga-socat", ".log");
      // raw,echo=0: the line carries binary frames; a terminal's line discipline would eat or
      // echo bytes. The TCP side keeps one connection for the bridge's life, which the board
      // accepts as its one client.
      p = new ProcessBuilder(List.of("socat", "pty,link=" + abs + ",raw,echo=0",
          "tcp:localhost:" + tcpPort + ",nodelay")).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new NirfpgaException(abs + ": cannot start socat (" + e.getMessage() + ")", e);
    }
    PtyBridge bridge = new PtyBridge(abs, p, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(abs)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        String why = bridge.socatLog();
        bridge.close();
        throw new NirfpgaException(abs + ": socat did not create the pseudo-terminal for"
            + " localhost:" + tcpPort + (why.isEmpty() ? "" : " (" + why + ")"));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        bridge.close();
        throw new NirfpgaException(abs + ": interrupted while waiting for socat", e);
      }
    }
    return bridge;
  }

  /** The pseudo-terminal's path (the link given to {@link #start}). */
  public Path path() {
    return link;
  }

  /** The URI a driver opens to reach the board through this pseudo-terminal. */
  public String uri(long baud) {
    return "serial:" + link + "?baud=" + baud;
  }

  /** Whether the bridge still runs; it ends when the board closes the TCP connection. */
  public boolean alive() {
    return socat.isAlive();
  }

  private String socatLog() {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8).strip();
      int nl = text.lastIndexOf('\n');
      return nl < 0 ? text : text.substring(nl + 1);
    } catch (IOException e) {
      return "";
    }
  }

  /** Stops socat, which removes the link. */
  @Override
  public void close() {
    socat.destroy();
    try {
      if (!socat.waitFor(2, TimeUnit.SECONDS)) {
        socat.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(link);
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // A leftover link is harmless: the next start replaces it.
    }
  }
}
