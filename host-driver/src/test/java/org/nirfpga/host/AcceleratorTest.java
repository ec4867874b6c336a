package org.nirfpga.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.gen.link.LinkSpec;
import org.nirfpga.host.board.VirtualBoard;
import org.nirfpga.host.protocol.Packet;
import org.nirfpga.host.transport.LineFaults;
import org.nirfpga.host.transport.SimulatedTransport;
import org.nirfpga.host.transport.Transport;
import org.nirfpga.nir.NirfpgaException;

/** The driver against the generated link top in the cycle simulator, in process and over TCP. */
class AcceleratorTest {
  private static final int STEPS = 10;

  private static Accelerator.Options options() {
    return Accelerator.Options.defaults().withManifest(Mlp.PIPELINE.manifestJson(),
        "manifest.json");
  }

  @Test
  void inMemoryRunIsBitExactWithTheGoldenModelAndCountsItsTraffic() throws Exception {
    assertTrue(Mlp.goldenSpikes(STEPS) > 0, "the steps must exercise the output");
    try (Accelerator acc = Accelerator.open(new SimulatedTransport(Mlp.TOP, Mlp.CLOCK),
        options())) {
      assertEquals(16, acc.device().inputSize());
      Result r = acc.run(Mlp.input(STEPS));
      System.out.println("in-process simulated device: " + r.stats());
      assertEquals(0, r.firstTimestep());
      assertEquals(-1, Mlp.firstMismatch(r.outputs()));
      int[] v = acc.readState(0, 0, 24);
      for (int n = 0; n < 24; n++) {
        assertEquals(Mlp.GOLDEN.layers().get("lif1").v()[STEPS - 1][n], v[n], "neuron " + n);
      }
      assertEquals(STEPS, acc.status(0).timestep());
      assertEquals(0, acc.status(0).errorFlags(), "a valid run sets no error flag");
      long inputSpikes = 0;
      for (double[] row : Mlp.input(STEPS)) {
        for (double x : row) {
          inputSpikes += x != 0 ? 1 : 0;
        }
      }
      assertEquals(inputSpikes, r.stats().eventsIn());
      assertEquals(Mlp.goldenSpikes(STEPS), r.stats().eventsOut());
      assertEquals(0, r.stats().retries());
      assertTrue(r.stats().linkUtilisation() > 0.1 && r.stats().linkUtilisation() < 1,
          r.stats().toString());
    }
  }

  @Test
  void lineNoiseIsSurvivedBitExactlyAndCountedAsRetries() throws Exception {
    LineFaults faults = new LineFaults(0.003, 0.002, 0.002, 11);
    try (Accelerator acc = Accelerator.open(
        new SimulatedTransport(Mlp.TOP, Mlp.CLOCK, faults), options())) {
      Result r = acc.run(Mlp.input(8));
      System.out.println("simulated device, noisy line " + java.util.Arrays.toString(
          faults.counts()) + " flipped/dropped/inserted: " + r.stats());
      assertEquals(-1, Mlp.firstMismatch(r.outputs()));
      assertTrue(faults.total() > 0, "the line must have been hit");
      assertTrue(r.stats().retries() > 0, r.stats().toString());
    }
  }

  @Test
  void virtualBoardOverTcpGivesTheSameOutputs() throws Exception {
    // The simulated board runs far below line rate: wall-clock timeouts must allow for it.
    try (VirtualBoard board = new VirtualBoard(Mlp.TOP, 0, LineFaults.NONE);
        Accelerator acc = Accelerator.open(board.uri(),
            options().withTimeout(Duration.ofSeconds(5), 4))) {
      Result r = acc.run(Mlp.input(4));
      System.out.println("virtual board over TCP: " + r.stats());
      assertEquals(-1, Mlp.firstMismatch(r.outputs()));
    }
  }

  @Test
  void aDeviceRunningAnotherNetworkIsRefused() {
    NirfpgaException e = assertThrows(NirfpgaException.class, () -> Accelerator.open(
        new SimulatedTransport(Mlp.TOP, Mlp.CLOCK),
        Accelerator.Options.defaults().withManifest("{}\n", "other/manifest.json")));
    assertTrue(e.getMessage().startsWith("mem:mlp_top_link: the device reports identity 0x"),
        e.getMessage());
    assertTrue(e.getMessage().contains("but other/manifest.json gives 0x"), e.getMessage());
  }

  @Test
  void aDeviceSpeakingAnotherProtocolVersionIsRefused() throws Exception {
    Packet.Pong old = new Packet.Pong(0x1234, LinkSpec.VERSION - 1, 4, 256, 16, 4, 2, 0);
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> Accelerator.checkVersion("serial:/dev/ttyUSB1", old));
    assertEquals("serial:/dev/ttyUSB1: the device speaks protocol version "
        + (LinkSpec.VERSION - 1) + ", this driver version " + LinkSpec.VERSION
        + "; rebuild its bitstream with this"
        + " nirfpga (nirfpga compile --board ..., then nirfpga synth)", e.getMessage());
    Accelerator.checkVersion("serial:/dev/ttyUSB1", new Packet.Pong(0x1234, LinkSpec.VERSION, 4,
        256, 16, 4, 2, 0));
  }

  @Test
  void aCutLinkFailsWithATimeoutNamingThePacket() throws Exception {
    Cuttable link = new Cuttable(new SimulatedTransport(Mlp.TOP, Mlp.CLOCK));
    Accelerator acc = Accelerator.open(link,
        options().withTimeout(Duration.ofMillis(10), 1));
    link.cut = true;
    NirfpgaException e = assertThrows(NirfpgaException.class, () -> acc.run(Mlp.input(3)));
    assertTrue(e.getMessage().startsWith("mem:mlp_top_link: "), e.getMessage());
    assertTrue(e.getMessage().contains("giving up") || e.getMessage().contains("no "),
        e.getMessage());
  }

  @Test
  void badUrisAreRefusedNamingTheAlternative(@TempDir Path empty) {
    assertEquals("sim:out/missing: sim: needs an RTL folder holding a link top, e.g."
        + " sim:board-sim-out (write one with nirfpga board-sim MODEL.nir --out DIR)",
        assertThrows(NirfpgaException.class, () -> Accelerator.open("sim:out/missing",
            Accelerator.Options.defaults())).getMessage());
    assertEquals(empty.resolve("link.properties") + ": missing; an RTL folder for sim: or"
        + " board-sim needs the link top and its link.properties (write one with nirfpga"
        + " board-sim MODEL.nir --out DIR)", assertThrows(NirfpgaException.class,
            () -> Accelerator.open("sim:" + empty, Accelerator.Options.defaults()))
            .getMessage());
    assertTrue(assertThrows(NirfpgaException.class, () -> Accelerator.open(
        "serial:" + empty.resolve("ttyUSB9") + "?baud=3000000", Accelerator.Options.defaults()))
        .getMessage().startsWith("serial:" + empty.resolve("ttyUSB9") + "?baud=3000000: no such"
            + " port " + empty.resolve("ttyUSB9") + ";"));
    assertEquals("ftdi:/dev/ttyUSB1: unknown URI scheme; use serial:/dev/ttyUSB1?baud=3000000,"
        + " tcp://host:port or sim:RTL_DIR", assertThrows(NirfpgaException.class,
            () -> Accelerator.open("ftdi:/dev/ttyUSB1", Accelerator.Options.defaults()))
            .getMessage());
    assertEquals("tcp://localhost: a tcp URI needs a host and a port 1..65535, e.g."
        + " tcp://localhost:7000", assertThrows(NirfpgaException.class,
            () -> Accelerator.open("tcp://localhost", Accelerator.Options.defaults()))
            .getMessage());
  }

  /** A transport whose wire can be cut: afterwards nothing reaches the device. */
  private static final class Cuttable implements Transport {
    final Transport inner;
    volatile boolean cut;

    Cuttable(Transport inner) {
      this.inner = inner;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
      if (!cut) {
        inner.write(bytes);
      }
    }

    @Override
    public byte[] read(Duration timeout) throws IOException {
      return inner.read(timeout);
    }

    @Override
    public String describe() {
      return inner.describe();
    }

    @Override
    public void close() throws IOException {
      inner.close();
    }
  }
}
