package org.nirfpga.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.gen.link.LinkTop;
import org.nirfpga.host.board.PtyBridge;
import org.nirfpga.host.board.VirtualBoard;
import org.nirfpga.host.device.LinkRtl;
import org.nirfpga.host.device.VerilatorDevice;
import org.nirfpga.host.transport.LineFaults;
import org.nirfpga.host.transport.SimulatedTransport;
import org.nirfpga.host.transport.TcpTransport;
import org.nirfpga.host.transport.Transport;
import org.nirfpga.nir.ref.Contract;

/**
 * The mlp example's link top (UARTs, protocol bridge, accelerator) in Verilator: over {@code sim:}
 * in this process, over TCP as a virtual board and through a pty to it, bit-exact with the golden
 * model, through line noise, and how fast.
 */
@Tag("verilator")
class VerilatorBoardIT {
  private static Path dir;

  @BeforeAll
  static void writeRtl() throws Exception {
    for (String tool : new String[] {"verilator", "g++"}) {
      boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "")
          .split(File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
      if (!found) {
        String reason = tool + " not found on PATH";
        if (Boolean.getBoolean("require.tools")) {
          fail(reason + " but -Drequire.tools=true; install " + tool);
        }
        System.out.println("SKIPPED: " + reason + " (run with -Drequire.tools=true to fail)");
        Assumptions.abort(reason);
      }
    }
    dir = Path.of("target", "link-rtl", "mlp").toAbsolutePath();
    LinkRtl.write(Mlp.PIPELINE, Mlp.FAST_TOP, "mlp.nir", dir);
  }

  /** Simulated-time waits: 5 ms is 1,500 byte times at 3 Mbaud. */
  private static Accelerator.Options simOptions() {
    return new Accelerator.Options(Duration.ofMillis(5), Duration.ofMillis(1), 8,
        Mlp.PIPELINE.manifestJson(), "manifest.json", null);
  }

  /** Wall-clock waits for the virtual board, which runs below line rate. */
  private static Accelerator.Options tcpOptions() {
    return new Accelerator.Options(Duration.ofMillis(300), Duration.ofMillis(30), 8,
        Mlp.PIPELINE.manifestJson(), "manifest.json", null);
  }

  private static long inputSpikes(double[][] input) {
    return Arrays.stream(input).flatMapToDouble(Arrays::stream).filter(x -> x != 0).count();
  }

  private static void assertGolden(int steps, Accelerator acc, Result r) throws Exception {
    assertEquals(0, r.firstTimestep());
    assertEquals(-1, Mlp.firstMismatch(r.outputs()), "first step differing from the golden model");
    assertEquals(Mlp.goldenSpikes(steps), r.stats().eventsOut());
    int[] v = acc.readState(0, 0, 24);
    for (int n = 0; n < 24; n++) {
      assertEquals(Mlp.GOLDEN.layers().get("lif1").v()[steps - 1][n], v[n], "lif1 neuron " + n);
    }
    assertEquals(steps, acc.status(0).timestep());
    assertEquals(0, acc.status(0).errorFlags(), "a valid run sets no error flag");
  }

  @Test
  void simUriRunsTheWholeSampleBitExactWithTheGoldenModelWithoutRetries() throws Exception {
    int steps = Mlp.EXAMPLE.sampleInput().length;
    try (Accelerator acc = Accelerator.open("sim:" + dir, simOptions())) {
      Result r = acc.run(Mlp.input(steps));
      System.out.println("sim: (Verilator in process): " + r.stats());
      assertGolden(steps, acc, r);
      assertEquals(inputSpikes(Mlp.input(steps)), r.stats().eventsIn());
      assertEquals(0, r.stats().retries());
      assertEquals(0, r.stats().corruptBytes());
    }
  }

  @Test
  void simUriChecksTheFoldersManifestWhenTheOptionsGiveNone() throws Exception {
    String other = Mlp.PIPELINE.manifestJson().replace("\"mlp.nir\"", "\"other.nir\"");
    assertTrue(!other.equals(Mlp.PIPELINE.manifestJson()), "the planted manifest must differ");
    Path copy = Path.of("target", "link-rtl", "mlp-wrong-manifest").toAbsolutePath();
    LinkRtl.write(Mlp.PIPELINE, Mlp.FAST_TOP, "mlp.nir", copy);
    try (Accelerator acc = Accelerator.open("sim:" + copy, Accelerator.Options.defaults())) {
      assertEquals(16, acc.device().inputSize());
    }
    Files.writeString(copy.resolve("manifest.json"), other);
    String message = org.junit.jupiter.api.Assertions.assertThrows(
        org.nirfpga.nir.NirfpgaException.class,
        () -> Accelerator.open("sim:" + copy, Accelerator.Options.defaults())).getMessage();
    assertTrue(message.startsWith("sim:" + copy + ": the device reports identity 0x"), message);
    assertTrue(message.contains(copy.resolve("manifest.json").toString()), message);
  }

  @Test
  void aSpramBuildGetsItsImageFromTheFolderEvenThroughLineNoise() throws Exception {
    Contract c = Contract.nir();
    QuantConfig q = Quantizer.quantize(Mlp.EXAMPLE.graph(), QuantOptions.defaults(c));
    GeneratedPipeline p = PipelineGenerator.generate(Mlp.EXAMPLE.graph(), q, c, "mlp.nir",
        "mlp_top", Map.of(), Set.of(), Set.of("lif1", "lif2"));
    Path spram = Path.of("target", "link-rtl", "mlp-spram").toAbsolutePath();
    LinkRtl.write(p, LinkTop.build(p, Mlp.FAST_CLOCK, Mlp.FAST_BAUD), "mlp.nir", spram);
    int steps = 30;
    // sim: with the folder's manifest and image.
    try (Accelerator acc = Accelerator.open("sim:" + spram, new Accelerator.Options(
        Duration.ofMillis(5), Duration.ofMillis(1), 8, null, null, null))) {
      assertTrue(acc.totals()[0] > 4L * p.weights().size(), "the image was written");
      assertGolden(steps, acc, acc.run(Mlp.input(steps)));
    }
    // The image's frames through a noisy line: go-back-N resends them. A WRITE_WEIGHTS frame
    // is 263 bytes, so the rates are a tenth of the other noise tests' (there, a frame of that
    // size would rarely arrive whole in 9 sends).
    LineFaults faults = new LineFaults(0.0003, 0.0002, 0.0002, 17);
    try (Accelerator acc = Accelerator.open(new SimulatedTransport(
        VerilatorDevice.open(spram, System.out::println), faults), new Accelerator.Options(
            Duration.ofMillis(5), Duration.ofMillis(1), 8, null, null, null)
            .withManifest(spram.resolve("manifest.json")))) {
      long retries = acc.totals()[2];
      System.out.println("SPRAM image through line noise: " + retries + " retries, "
          + Arrays.toString(faults.counts()) + " flipped/dropped/inserted");
      assertTrue(faults.total() > 0, "the line must have been hit");
      assertTrue(retries > 0, "a damaged frame must have been sent again");
      assertGolden(steps, acc, acc.run(Mlp.input(steps)));
    }
  }

  @Test
  void lineNoiseOnSimIsSurvivedBitExactlyAndCountedAsRetries() throws Exception {
    int steps = 40;
    LineFaults faults = new LineFaults(0.003, 0.002, 0.002, 11);
    try (Accelerator acc = Accelerator.open(new SimulatedTransport(
        VerilatorDevice.open(dir, System.out::println), faults), simOptions())) {
      Result r = acc.run(Mlp.input(steps));
      System.out.println("sim: with line noise " + Arrays.toString(faults.counts())
          + " flipped/dropped/inserted: " + r.stats());
      assertGolden(steps, acc, r);
      assertTrue(faults.total() > 0, "the line must have been hit");
      assertTrue(r.stats().retries() > 0, r.stats().toString());
    }
  }

  @Test
  void verilatedVirtualBoardOverTcpIsBitExactEvenThroughLineNoise() throws Exception {
    int steps = 60;
    try (VirtualBoard board = new VirtualBoard(VerilatorDevice.open(dir, System.out::println),
        0, LineFaults.NONE);
        Accelerator acc = Accelerator.open(board.uri(), tcpOptions())) {
      Result r = acc.run(Mlp.input(steps));
      System.out.println("tcp:// (Verilated virtual board): " + r.stats());
      assertGolden(steps, acc, r);
      assertEquals(0, r.stats().retries());
    }
    LineFaults faults = new LineFaults(0.003, 0.002, 0.002, 5);
    try (VirtualBoard board = new VirtualBoard(VerilatorDevice.open(dir, System.out::println),
        0, faults);
        Accelerator acc = Accelerator.open(board.uri(), tcpOptions())) {
      Result r = acc.run(Mlp.input(steps));
      System.out.println("tcp:// with line noise " + Arrays.toString(faults.counts())
          + " flipped/dropped/inserted: " + r.stats());
      assertGolden(steps, acc, r);
      assertTrue(faults.total() > 0, "the line must have been hit");
      assertTrue(r.stats().retries() > 0, r.stats().toString());
    }
  }

  /** A host that reads at most 16 bytes at a time and waits 2 ms before each read. */
  private static final class SlowReader implements Transport {
    private final Transport link;
    private final java.util.ArrayDeque<Byte> held = new java.util.ArrayDeque<>();
    private long reads;

    SlowReader(Transport link) {
      this.link = link;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
      link.write(bytes);
    }

    @Override
    public byte[] read(Duration timeout) throws IOException {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      reads++;
      if (held.isEmpty()) {
        for (byte b : link.read(timeout)) {
          held.add(b);
        }
      }
      byte[] out = new byte[Math.min(16, held.size())];
      for (int i = 0; i < out.length; i++) {
        out[i] = held.poll();
      }
      return out;
    }

    @Override
    public String describe() {
      return "slow " + link.describe();
    }

    @Override
    public void close() throws IOException {
      link.close();
    }
  }

  @Test
  void aSlowReaderOnTheHostLosesNoOutputEvents() throws Exception {
    int steps = 40;
    try (VirtualBoard board = new VirtualBoard(VerilatorDevice.open(dir, System.out::println),
        0, LineFaults.NONE)) {
      SlowReader slow = new SlowReader(new TcpTransport("localhost", board.port(),
          Duration.ofSeconds(5)));
      try (Accelerator acc = Accelerator.open(slow, tcpOptions())) {
        Result r = acc.run(Mlp.input(steps));
        System.out.println("tcp:// read 16 bytes per 2 ms (" + slow.reads + " reads): "
            + r.stats());
        assertGolden(steps, acc, r);
        assertEquals(0, acc.status(0).overflows(), "no output buffer overflowed");
        assertTrue(slow.reads > steps, "the host must have been the slow side: " + slow.reads);
      }
    }
  }

  /** Skips (or fails with tools required) when socat, which links the pty, is missing. */
  private static void requireSocat() {
    if (!PtyBridge.available(System.getenv("PATH"))) {
      String reason = "socat not found on PATH";
      if (Boolean.getBoolean("require.tools")) {
        fail(reason + " but -Drequire.tools=true; install the Debian package socat");
      }
      System.out.println("SKIPPED: " + reason + " (run with -Drequire.tools=true to fail)");
      Assumptions.abort(reason);
    }
  }

  @Test
  void verilatedVirtualBoardThroughAPtyIsBitExactOverTheSerialCodePath() throws Exception {
    requireSocat();
    int steps = 60;
    Path pty = Path.of("target", "link-rtl", "mlp-pty").toAbsolutePath();
    try (VirtualBoard board = new VirtualBoard(VerilatorDevice.open(dir, System.out::println),
        0, LineFaults.NONE);
        PtyBridge bridge = PtyBridge.start(pty, board.port())) {
      String uri = bridge.uri(Mlp.FAST_BAUD);
      try (Accelerator acc = Accelerator.open(uri, tcpOptions())) {
        Result r = acc.run(Mlp.input(steps));
        System.out.println("serial: (pty to the Verilated virtual board): " + r.stats());
        assertGolden(steps, acc, r);
        assertEquals(0, r.stats().retries());
      }
      // The board keeps its state and the pty stays usable after the driver lets go.
      try (Accelerator acc = Accelerator.open(uri, tcpOptions())) {
        assertEquals(steps, acc.status(0).timestep());
      }
    }
    assertTrue(!Files.exists(pty), "closing the bridge removes the pty link");
  }

  @Test
  void benchmarkPrintsThroughputAndLinkUtilisationPerTransport() throws Exception {
    double[][] input = Mlp.input(Mlp.EXAMPLE.sampleInput().length);
    try (Accelerator acc = Accelerator.open("sim:" + dir, simOptions())) {
      print("sim: (Verilator in process)", acc.run(input).stats(), Mlp.FAST_BAUD);
    }
    try (VirtualBoard board = new VirtualBoard(VerilatorDevice.open(dir, line -> { }), 0,
        LineFaults.NONE);
        Accelerator acc = Accelerator.open(board.uri(), tcpOptions())) {
      print("tcp:// (Verilated virtual board)", acc.run(input).stats(), Mlp.FAST_BAUD);
    }
    if (PtyBridge.available(System.getenv("PATH"))) {
      try (VirtualBoard board = new VirtualBoard(VerilatorDevice.open(dir, line -> { }), 0,
          LineFaults.NONE);
          PtyBridge bridge = PtyBridge.start(Path.of("target", "link-rtl", "bench-pty")
              .toAbsolutePath(), board.port());
          Accelerator acc = Accelerator.open(bridge.uri(Mlp.FAST_BAUD), tcpOptions())) {
        print("serial: (pty to virtual board)", acc.run(input).stats(), Mlp.FAST_BAUD);
      }
    } else {
      System.out.println("benchmark serial: (pty) SKIPPED: socat not found on PATH");
    }
    // The cycle simulator, for comparison, on a few steps: it is orders of magnitude slower.
    try (Accelerator acc = Accelerator.open(new SimulatedTransport(Mlp.TOP, Mlp.CLOCK),
        Accelerator.Options.defaults())) {
      print("in-process cycle simulator", acc.run(Mlp.input(10)).stats(), Mlp.BAUD);
    }
  }

  private static void print(String transport, RunStats s, long baud) {
    System.out.printf(Locale.ROOT, "benchmark %-32s %4d steps: %9.0f events/s, %8.1f steps/s,"
        + " link utilisation %.2f (payload %d of %d line bytes), line %d baud%n", transport,
        s.steps(), s.eventsPerSecond(), s.stepsPerSecond(), s.linkUtilisation(), s.payloadBytes(),
        s.bytesSent() + s.bytesReceived(), baud);
  }
}
