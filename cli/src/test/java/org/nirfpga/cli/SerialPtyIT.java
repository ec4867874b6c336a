package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.host.board.PtyBridge;
import org.nirfpga.host.board.VirtualBoard;
import org.nirfpga.host.transport.LineFaults;
import org.nirfpga.nir.SharedCorpus;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.data.NpyArray;
import org.nirfpga.nir.data.NpyDtype;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.ref.Contract;

/**
 * {@code nirfpga run} over {@code serial:} through a pseudo-terminal to the Verilated virtual
 * board: bit-exact with the golden model (the mlp example, and the NIR paper's Braille graph over
 * TCP and the pty alike), a cut line ends in a timeout with no output file, and {@code nirfpga
 * board-sim --pty} serves a folder through a pty.
 */
@Tag("verilator")
class SerialPtyIT {
  private static final int STEPS = 30;
  private static final long BAUD = 3_000_000;

  @TempDir
  Path dir;

  @Test
  void theMlpExampleRunsBitExactOverAPtyAndACutLineFailsWithATimeoutAndNoOutputs()
      throws Exception {
    requireTools();
    Path model = dir.resolve("mlp.nir");
    assertEquals(0, CliRunner.run("example", "mlp", "-o", model.toString()).exitCode());
    Path x = dir.resolve("x.npy");
    Npy.write(x, NpyArray.ofRows(Arrays.copyOf(Examples.named("mlp").orElseThrow()
        .sampleInput(), STEPS), NpyDtype.FLOAT32));
    Path rtl = dir.resolve("rtl");
    Path out = dir.resolve("out");
    try (VirtualBoard board = BoardSimCommand.serve(model, Contract.nir(), null, 0, BAUD,
        4 * BAUD, rtl, LineFaults.NONE, true, System.out::println);
        PtyBridge pty = PtyBridge.start(dir.resolve("tty"), board.port())) {
      String uri = pty.uri(BAUD);
      assertEquals("serial:" + dir.resolve("tty") + "?baud=3000000", uri);
      CliRunner.Outcome o = CliRunner.run("run", rtl.toString(), "--port", uri, "--input",
          x.toString(), "--compare", model.toString(), "--out", out.toString(),
          "--timeout-ms", "1000");
      System.out.println(o.out() + o.err());
      assertEquals(0, o.exitCode(), o.err() + o.out());
      assertTrue(o.out().startsWith(uri + ": " + STEPS + " steps"), o.out());
      assertTrue(o.out().contains("bit-exact with the golden model: " + STEPS + " steps of"
          + " 'lif2'"), o.out());
      assertTrue(Files.isRegularFile(out.resolve("outputs.npy")));
    }

    // The same folder on a fresh board whose line is cut after the handshake and a few steps.
    LineFaults cut = LineFaults.cutAfter(600);
    Path cutOut = dir.resolve("out-cut");
    try (VirtualBoard board = BoardSimCommand.serve(rtl, Contract.nir(), null, 0, BAUD,
        4 * BAUD, rtl, cut, true, System.out::println);
        PtyBridge pty = PtyBridge.start(dir.resolve("tty-cut"), board.port())) {
      String uri = pty.uri(BAUD);
      long start = System.nanoTime();
      CliRunner.Outcome o = CliRunner.run("run", rtl.toString(), "--port", uri, "--input",
          x.toString(), "--compare", model.toString(), "--out", cutOut.toString(),
          "--timeout-ms", "300", "--retries", "3");
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.println("cut line after " + seconds + " s: " + o.err());
      assertTrue(o.exitCode() != 0, o.out());
      String err = o.err().strip();
      assertEquals(1, err.lines().count(), err);
      assertTrue(err.startsWith("nirfpga: " + uri + ": "), err);
      assertTrue(err.contains("no answer within 300 ms; giving up (timeout 300 ms, 3 retries)")
          || err.contains("resend requests; the link is down or the device is stuck"), err);
      assertTrue(cut.counts()[1] > 0, "the cut must have dropped bytes");
      assertTrue(seconds < 30, "a cut line must fail within the retries, took " + seconds);
      assertFalse(Files.exists(cutOut), "no partial output after a failed run");
    }

    // The command itself: board-sim --pty serves the folder; run reaches it through the pty.
    Path tty = dir.resolve("tty-cmd");
    CliRunner.Outcome[] served = new CliRunner.Outcome[1];
    Thread server = new Thread(() -> served[0] = CliRunner.run("board-sim", rtl.toString(),
        "--tcp", "0", "--pty", tty.toString(), "--baud", "3000000", "--seconds", "8"));
    server.start();
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!Files.exists(tty) && server.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(Files.exists(tty), "board-sim --pty made no " + tty + ": "
        + (served[0] == null ? "still running" : served[0].err()));
    CliRunner.Outcome o = CliRunner.run("run", rtl.toString(), "--port", "serial:" + tty
        + "?baud=3000000", "--input", x.toString(), "--compare", model.toString(),
        "--timeout-ms", "1000");
    assertEquals(0, o.exitCode(), o.err() + o.out());
    assertTrue(o.out().contains("bit-exact with the golden model: " + STEPS + " steps"), o.out());
    server.join();
    assertEquals(0, served[0].exitCode(), served[0].err());
    assertTrue(served[0].out().contains("\npty: " + tty + " (open serial:" + tty
        + "?baud=3000000)\n"), served[0].out());
    assertFalse(Files.exists(tty), "board-sim removes its pty link when it ends");
  }

  @Test
  void theNirPapersBrailleGraphRunsBitExactOverTcpAndOverAPtyOnOneVirtualBoard()
      throws Exception {
    requireTools();
    Path model = SharedCorpus.nirData()
        .resolve("neuromorphs_NIR/paper/03_rnn/braille_noDelay_bias_zero.nir");
    Path x = SharedCorpus.oracle().resolve("braille_input_seed0.npy");
    int steps = Npy.read(x).rows().length;
    Path rtl = dir.resolve("rtl");
    try (VirtualBoard board = BoardSimCommand.serve(model, Contract.norse(), null, 0, BAUD,
        4 * BAUD, rtl, LineFaults.NONE, true, System.out::println)) {
      // TCP first: the board takes one client at a time, and the pty bridge holds its
      // connection for its whole life.
      CliRunner.Outcome tcp = CliRunner.run("run", rtl.toString(), "--port", board.uri(),
          "--input", x.toString(), "--compare", model.toString(), "--preset", "norse",
          "--out", dir.resolve("out-tcp").toString(), "--timeout-ms", "2000");
      System.out.println(tcp.out() + tcp.err());
      assertEquals(0, tcp.exitCode(), tcp.err() + tcp.out());
      assertTrue(tcp.out().startsWith(board.uri() + ": " + steps + " steps"), tcp.out());
      assertTrue(tcp.out().contains("bit-exact with the golden model: " + steps + " steps of"
          + " 'lif2'"), tcp.out());
      try (PtyBridge pty = PtyBridge.start(dir.resolve("tty"), board.port())) {
        String uri = pty.uri(BAUD);
        CliRunner.Outcome o = CliRunner.run("run", rtl.toString(), "--port", uri, "--input",
            x.toString(), "--compare", model.toString(), "--preset", "norse", "--out",
            dir.resolve("out-pty").toString(), "--timeout-ms", "2000");
        System.out.println(o.out() + o.err());
        assertEquals(0, o.exitCode(), o.err() + o.out());
        assertTrue(o.out().contains("bit-exact with the golden model: " + steps + " steps of"
            + " 'lif2'"), o.out());
      }
    }
    // Both transports delivered the same outputs, byte for byte.
    assertEquals(-1L, Files.mismatch(dir.resolve("out-tcp/outputs.npy"),
        dir.resolve("out-pty/outputs.npy")));
  }

  private static void requireTools() {
    for (String tool : new String[] {"verilator", "g++", "socat"}) {
      boolean found = false;
      for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        found |= !d.isEmpty() && Files.isExecutable(Path.of(d, tool));
      }
      if (!found) {
        if (Boolean.getBoolean("require.tools")) {
          fail(tool + " not found on PATH but -Drequire.tools=true");
        }
        System.out.println("SKIPPED: " + tool + " not found on PATH");
        Assumptions.abort(tool + " not found on PATH");
      }
    }
  }
}
