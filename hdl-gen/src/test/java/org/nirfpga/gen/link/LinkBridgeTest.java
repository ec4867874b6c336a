package org.nirfpga.gen.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.hdl.eval.CycleSimulator;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.ref.Contract;

/** The link top in the cycle simulator: bytes in on the UART pin, bytes out on the other. */
class LinkBridgeTest {
  static final long BAUD = 115_200;
  static final long CLOCK = 4 * BAUD;
  static Example mlp;
  static GeneratedPipeline pipeline;
  static GoldenResult golden;
  static LinkTop top;

  @BeforeAll
  static void generate() throws Exception {
    mlp = Examples.named("mlp").orElseThrow();
    Contract c = Contract.nir();
    QuantConfig q = Quantizer.quantize(mlp.graph(), QuantOptions.defaults(c));
    pipeline = PipelineGenerator.generate(mlp.graph(), q, c, "mlp.nir", "mlp_top");
    golden = GoldenModel.create(mlp.graph(), q, c).run(mlp.sampleInput());
    top = LinkTop.build(pipeline, CLOCK, BAUD);
  }

  /** Sends frames, runs until the device has answered {@code answers} frames, returns them. */
  static List<WireFrames.Rx> exchange(LinkSimulation s, int answers, byte[]... frames) {
    for (byte[] f : frames) {
      s.write(f);
    }
    List<WireFrames.Rx> got = new ArrayList<>();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    long limit = s.cycles() + 2_000_000;
    while (got.size() < answers) {
      if (s.cycles() > limit) {
        throw new AssertionError("device answered " + got + " then fell silent");
      }
      s.run(s.cyclesPerBit() * 10L);
      bytes.writeBytes(s.read());
      if (s.quiet()) {
        got = WireFrames.parse(bytes.toByteArray());
      }
    }
    return got;
  }

  @Test
  void pingIsAnsweredWithTheBuildsIdentityAndSizes() {
    LinkSimulation s = new LinkSimulation(top);
    List<WireFrames.Rx> r = exchange(s, 1, WireFrames.frame(LinkSpec.PING, 0));
    assertEquals(LinkSpec.PONG, r.get(0).type());
    assertEquals(0, r.get(0).seq());
    long[] want = LinkBridge.pongBytes(LinkFacts.of(pipeline), top.bridge().config());
    byte[] wantBytes = new byte[want.length];
    for (int i = 0; i < want.length; i++) {
      wantBytes[i] = (byte) want[i];
    }
    assertArrayEquals(wantBytes, r.get(0).payload());
    assertEquals(LinkSpec.identity(pipeline.manifestJson()), r.get(0).u(0, 4));
    assertEquals(16, r.get(0).u(8, 3));
  }

  static WireFrames.Rx only(List<WireFrames.Rx> r, int type) {
    List<WireFrames.Rx> m = r.stream().filter(x -> x.type() == type).toList();
    assertEquals(1, m.size(), "one frame of type " + type + " in " + r);
    return m.get(0);
  }

  @Test
  void mlpStepsThroughTheUartAreBitExactWithTheGoldenModel() {
    LinkSimulation s = new LinkSimulation(top);
    double[][] x = mlp.sampleInput();
    int steps = Math.min(x.length, 24);
    int seq = 0;
    int spikes = 0;
    for (int t = 0; t < steps; t++) {
      List<Integer> on = new ArrayList<>();
      for (int j = 0; j < x[t].length; j++) {
        if (x[t][j] != 0) {
          on.add(j);
        }
      }
      List<WireFrames.Rx> r;
      if (on.isEmpty()) {
        r = exchange(s, 2, WireFrames.frame(LinkSpec.END_STEP, seq++));
      } else {
        int[] a = on.stream().mapToInt(Integer::intValue).toArray();
        r = exchange(s, 3, WireFrames.frame(LinkSpec.EVENTS, seq++, WireFrames.events(a)),
            WireFrames.frame(LinkSpec.END_STEP, seq++));
      }
      assertEquals(r.size() - 1, r.stream().filter(f -> f.type() == LinkSpec.ACK).count(),
          r.toString());
      WireFrames.Rx out = only(r, LinkSpec.STEP_OUTPUT);
      assertEquals(t, out.u(0, 4));
      assertEquals(t & 0xff, out.seq());
      int n = (int) out.u(4, 2);
      int[] got = new int[4];
      for (int i = 0; i < n; i++) {
        got[(int) out.u(6 + 3 * i, 3)]++;
      }
      assertArrayEquals(golden.layers().get("lif2").spikes()[t], got, "step " + t);
      spikes += n;
    }
    assertTrue(spikes > 3, "the run must exercise the output: " + spikes + " spikes");
    WireFrames.Rx state = only(exchange(s, 1,
        WireFrames.frame(LinkSpec.READ_STATE, seq++, 0, 0, 0, 0, 0, 24)), LinkSpec.STATE);
    for (int n = 0; n < 24; n++) {
      assertEquals(golden.layers().get("lif1").v()[steps - 1][n], (int) state.u(6 + 4 * n, 4),
          "lif1 v of neuron " + n + " after step " + (steps - 1));
    }
    WireFrames.Rx status = only(exchange(s, 1,
        WireFrames.frame(LinkSpec.READ_STATUS, seq++, 1)), LinkSpec.STATUS);
    assertEquals(1, status.u(0, 1));
    assertEquals(steps, status.u(1, 4));
    assertEquals(0, status.u(5, 4), "no CRC errors");
    assertEquals(LinkSpec.STATUS_BYTES, status.payload().length);
    assertEquals(0, status.u(21, 1), "no accelerator error flag after a valid run");
  }

  /**
   * The bridge alone, its ports driven directly: the accelerator's err_o bits on err_i, a
   * READ_STATUS frame byte by byte on rx; returns the frames it sends.
   */
  private static List<WireFrames.Rx> statusOfBridgeWithErrors(long err) {
    CycleSimulator sim = new CycleSimulator(top.bridge());
    sim.setReset(true);
    sim.setReset(false);
    sim.set("err_i", err);
    sim.set("tx_ready_i", 1);
    java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
    byte[] frame = WireFrames.frame(LinkSpec.READ_STATUS, 0, 0);
    // Byte k arrives on cycle 16 k, as from a fast UART.
    for (int c = 0; c < 20_000; c++) {
      boolean byteNow = c % 16 == 0 && c / 16 < frame.length;
      sim.set("rx_valid_i", byteNow ? 1 : 0);
      if (byteNow) {
        sim.set("rx_data_i", frame[c / 16] & 0xff);
      }
      if (sim.get("tx_valid_o") != 0) {
        sent.write((int) sim.get("tx_data_o"));
      }
      sim.tick();
    }
    return WireFrames.parse(sent.toByteArray());
  }

  @Test
  void statusFrameEndsWithTheAcceleratorsErrorFlags() {
    WireFrames.Rx flagged = only(statusOfBridgeWithErrors(0xA5), LinkSpec.STATUS);
    assertEquals(LinkSpec.STATUS_BYTES, flagged.payload().length);
    assertEquals(0xA5, flagged.u(21, 1));
    WireFrames.Rx clean = only(statusOfBridgeWithErrors(0), LinkSpec.STATUS);
    assertEquals(0, clean.u(21, 1));
  }

  static WireFrames.Rx error(List<WireFrames.Rx> r) {
    return only(r, LinkSpec.ERROR);
  }

  @Test
  void corruptedFrameIsAnsweredWithACrcErrorAndCounted() {
    LinkSimulation s = new LinkSimulation(top);
    byte[] f = WireFrames.frame(LinkSpec.PING, 0);
    f[7] ^= 0x10;
    WireFrames.Rx e = error(exchange(s, 1, f));
    assertEquals(LinkSpec.E_CRC, e.u(0, 1));
    assertEquals(((f[6] & 0xff) << 8) | (f[7] & 0xff), e.u(1, 4));
    // The frame was not taken: seq 0 is still expected, and the status counts the error.
    only(exchange(s, 1, WireFrames.frame(LinkSpec.PING, 0)), LinkSpec.PONG);
    WireFrames.Rx status = only(exchange(s, 1,
        WireFrames.frame(LinkSpec.READ_STATUS, 1, 0)), LinkSpec.STATUS);
    assertEquals(1, status.u(5, 4));
  }

  @Test
  void statusBitZeroTogglesPerAcceptedFrameAndBitOneLatchesAnError() {
    LinkSimulation s = new LinkSimulation(top);
    assertEquals(0, s.simulator().get(top.status()).intValue(), "after reset");
    only(exchange(s, 1, WireFrames.frame(LinkSpec.PING, 0)), LinkSpec.PONG);
    assertEquals(1 << LinkTop.STATUS_ACTIVITY, s.simulator().get(top.status()).intValue());
    byte[] f = WireFrames.frame(LinkSpec.PING, 1);
    f[7] ^= 0x10;
    error(exchange(s, 1, f));
    assertEquals(1 << LinkTop.STATUS_ERROR | 1 << LinkTop.STATUS_ACTIVITY,
        s.simulator().get(top.status()).intValue(), "a refused frame leaves activity alone");
    assertEquals(List.of("uart_rx_i", "uart_tx_o", "status_o"),
        top.top().ports().stream().map(p -> p.name()).toList());
  }

  @Test
  void aBoardSectionKeepsTheManifestBytesBeforeItAndTheAcceleratorsIdentity() {
    String m = pipeline.manifestJson();
    com.fasterxml.jackson.databind.node.ObjectNode board =
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("name", "x");
    String extended = LinkSpec.withBoard(m, board);
    assertTrue(extended.startsWith(m.substring(0, m.length() - 3)), extended);
    assertTrue(extended.endsWith("\"board\" : {\n    \"name\" : \"x\"\n  }\n}\n"), extended);
    assertEquals(m, LinkSpec.withoutBoard(extended));
    assertEquals(LinkSpec.identity(m), LinkSpec.identity(extended));
    // Any other change still changes the identity.
    String planted = extended.replace("\"mlp_top\"", "\"mlp_tap\"");
    assertTrue(LinkSpec.identity(planted) != LinkSpec.identity(m));
  }

  @Test
  void unknownTypeIsRefusedAndItsSeqTaken() {
    LinkSimulation s = new LinkSimulation(top);
    WireFrames.Rx e = error(exchange(s, 1, WireFrames.frame(0x42, 0)));
    assertEquals(LinkSpec.E_UNKNOWN_TYPE, e.u(0, 1));
    assertEquals(0x42, e.u(1, 4));
    assertEquals(0, e.seq());
    only(exchange(s, 1, WireFrames.frame(LinkSpec.PING, 1)), LinkSpec.PONG);
  }

  @Test
  void frameOutOfSequenceNamesTheSeqExpected() {
    LinkSimulation s = new LinkSimulation(top);
    WireFrames.Rx e = error(exchange(s, 1, WireFrames.frame(LinkSpec.PING, 5)));
    assertEquals(LinkSpec.E_SEQUENCE, e.u(0, 1));
    assertEquals(0, e.u(1, 4));
    assertEquals(5, e.seq());
  }

  @Test
  void eventAddressBeyondTheInputIsRefusedAndNoEventOfThePacketIsUsed() {
    LinkSimulation s = new LinkSimulation(top);
    WireFrames.Rx e = error(exchange(s, 1,
        WireFrames.frame(LinkSpec.EVENTS, 0, WireFrames.events(1, 2, 16))));
    assertEquals(LinkSpec.E_ADDRESS, e.u(0, 1));
    assertEquals(16, e.u(1, 4));
    WireFrames.Rx state = only(exchange(s, 2, WireFrames.frame(LinkSpec.END_STEP, 1)),
        LinkSpec.STEP_OUTPUT);
    assertEquals(0, state.u(0, 4));
  }

  @Test
  void wrongLengthsAreRefused() {
    LinkSimulation s = new LinkSimulation(top);
    WireFrames.Rx e = error(exchange(s, 1, WireFrames.frame(LinkSpec.END_STEP, 0, 1)));
    assertEquals(LinkSpec.E_BAD_LENGTH, e.u(0, 1));
    assertEquals(1, e.u(1, 4));
    byte[] tooLong = {(byte) 0xa5, 0x5a, 0x03, 0x01, 0x01, 0x2c};
    WireFrames.Rx t = error(exchange(s, 1, tooLong));
    assertEquals(LinkSpec.E_TOO_LONG, t.u(0, 1));
    assertEquals(300, t.u(1, 4));
    // Frames after the refused ones still work: seq 1 was not taken by the too-long header.
    only(exchange(s, 1, WireFrames.frame(LinkSpec.PING, 1)), LinkSpec.PONG);
  }

  @Test
  void garbageBeforeAFrameIsSkipped() {
    LinkSimulation s = new LinkSimulation(top);
    s.write(new byte[] {0x00, 0x13, (byte) 0xa5, 0x77, (byte) 0xff});
    only(exchange(s, 1, WireFrames.frame(LinkSpec.PING, 0)), LinkSpec.PONG);
  }

  @Test
  void runEmptyGivesOneOutputPerStepAndResendRepeatsTheLast() {
    LinkSimulation s = new LinkSimulation(top);
    List<WireFrames.Rx> r = exchange(s, 4, WireFrames.frame(LinkSpec.RUN_EMPTY, 0, 0, 3));
    assertEquals(1, r.stream().filter(f -> f.type() == LinkSpec.ACK).count(), r.toString());
    List<Long> steps = r.stream().filter(f -> f.type() == LinkSpec.STEP_OUTPUT)
        .map(f -> f.u(0, 4)).toList();
    assertEquals(List.of(0L, 1L, 2L), steps);
    List<WireFrames.Rx> again = exchange(s, 2, WireFrames.frame(LinkSpec.RESEND_OUTPUT, 1));
    assertEquals(2, only(again, LinkSpec.STEP_OUTPUT).u(0, 4));
    assertEquals(1, only(again, LinkSpec.ACK).seq());
  }

  @Test
  void stateAndStatusReadsOutOfRangeAreRefused() {
    LinkSimulation s = new LinkSimulation(top);
    WireFrames.Rx e = error(exchange(s, 1,
        WireFrames.frame(LinkSpec.READ_STATE, 0, 1, 0, 0, 2, 0, 3)));
    assertEquals(LinkSpec.E_ADDRESS, e.u(0, 1));
    assertEquals(2, e.u(1, 4), "layer 1 has 4 neurons: address 2 + count 3 is beyond");
    WireFrames.Rx l = error(exchange(s, 1, WireFrames.frame(LinkSpec.READ_STATUS, 1, 2)));
    assertEquals(LinkSpec.E_ADDRESS, l.u(0, 1));
    assertEquals(2, l.u(1, 4), "there are two layers");
  }

  @Test
  void resetClearsTheErrorCounters() {
    LinkSimulation s = new LinkSimulation(top);
    byte[] bad = WireFrames.frame(LinkSpec.PING, 0);
    bad[6] ^= 1;
    error(exchange(s, 1, bad));
    assertEquals(1, only(exchange(s, 1, WireFrames.frame(LinkSpec.READ_STATUS, 0, 0)),
        LinkSpec.STATUS).u(5, 4));
    assertEquals(LinkSpec.ACK, exchange(s, 1, WireFrames.frame(LinkSpec.RESET, 1)).get(0).type());
    assertEquals(0, only(exchange(s, 1, WireFrames.frame(LinkSpec.READ_STATUS, 2, 0)),
        LinkSpec.STATUS).u(5, 4));
  }

  /** Runs input steps {@code from..to-1} of the mlp sample; returns each step's output spikes. */
  static int[][] steps(LinkSimulation s, double[][] x, int[] seq, int from, int to) {
    int[][] spikes = new int[to - from][];
    for (int t = from; t < to; t++) {
      List<Integer> on = new ArrayList<>();
      for (int j = 0; j < x[t].length; j++) {
        if (x[t][j] != 0) {
          on.add(j);
        }
      }
      List<WireFrames.Rx> r = on.isEmpty()
          ? exchange(s, 2, WireFrames.frame(LinkSpec.END_STEP, seq[0]++ & 0xff))
          : exchange(s, 3, WireFrames.frame(LinkSpec.EVENTS, seq[0]++ & 0xff,
              WireFrames.events(on.stream().mapToInt(Integer::intValue).toArray())),
              WireFrames.frame(LinkSpec.END_STEP, seq[0]++ & 0xff));
      WireFrames.Rx out = only(r, LinkSpec.STEP_OUTPUT);
      int[] got = new int[4];
      for (int i = 0; i < out.u(4, 2); i++) {
        got[(int) out.u(6 + 3 * i, 3)]++;
      }
      spikes[t - from] = got;
    }
    return spikes;
  }

  private static byte[] stateOfLayer0(LinkSimulation s, int seq) {
    return only(exchange(s, 1, WireFrames.frame(LinkSpec.READ_STATE, seq, 0, 0, 0, 0, 0, 16)),
        LinkSpec.STATE).payload();
  }

  @Test
  void resetReturnsTheNetworkToItsInitialStateSoARunRepeatsBitExactly() {
    LinkSimulation s = new LinkSimulation(top);
    int[] seq = {0};
    byte[] initial = stateOfLayer0(s, seq[0]++);
    int[][] first = steps(s, mlp.sampleInput(), seq, 0, 12);
    byte[] after = stateOfLayer0(s, seq[0]++);
    assertTrue(!java.util.Arrays.equals(initial, after), "12 steps must change layer 0's v");
    assertEquals(12, only(exchange(s, 1, WireFrames.frame(LinkSpec.READ_STATUS, seq[0]++, 0)),
        LinkSpec.STATUS).u(1, 4));
    assertEquals(LinkSpec.ACK, only(exchange(s, 1, WireFrames.frame(LinkSpec.RESET,
        seq[0]++)), LinkSpec.ACK).type());
    assertEquals(0, only(exchange(s, 1, WireFrames.frame(LinkSpec.READ_STATUS, seq[0]++, 0)),
        LinkSpec.STATUS).u(1, 4), "RESET restarts the step counter");
    assertArrayEquals(initial, stateOfLayer0(s, seq[0]++),
        "right after the ACK the state reads as at power-on");
    int[][] again = steps(s, mlp.sampleInput(), seq, 0, 12);
    for (int t = 0; t < 12; t++) {
      assertArrayEquals(golden.layers().get("lif2").spikes()[t], again[t], "step " + t);
      assertArrayEquals(first[t], again[t], "step " + t);
    }
  }

  @Test
  void aFrameCutShortIsDroppedAfterTheLineGoesQuiet() {
    LinkSimulation s = new LinkSimulation(top);
    // An EVENTS header announcing 6 payload bytes, then silence longer than 16 byte times.
    s.write(new byte[] {(byte) 0xa5, 0x5a, 0x03, 0x00, 0x00, 0x06, 0x00});
    s.run(s.cyclesPerBit() * 10L * (7 + LinkConfig.IDLE_BYTE_TIMES + 2));
    assertEquals(0, s.read().length, "a cut frame is not answered");
    // Without the idle rule these bytes would be taken as the cut frame's payload.
    only(exchange(s, 1, WireFrames.frame(LinkSpec.PING, 0)), LinkSpec.PONG);
  }

  @Test
  void withoutTheIdleRuleTheCutFrameWouldSwallowTheNextOne() {
    // Planted fault: an idle limit no pause reaches.
    LinkTop never = LinkTop.build(pipeline, CLOCK, BAUD, new LinkConfig(4, 256, 1L << 30));
    LinkSimulation s = new LinkSimulation(never);
    s.write(new byte[] {(byte) 0xa5, 0x5a, 0x03, 0x00, 0x00, 0x06, 0x00});
    s.run(s.cyclesPerBit() * 10L * (7 + LinkConfig.IDLE_BYTE_TIMES + 2));
    WireFrames.Rx r = exchange(s, 1, WireFrames.frame(LinkSpec.PING, 0)).get(0);
    assertEquals(LinkSpec.ERROR, r.type(), r.toString());
    assertEquals(LinkSpec.E_CRC, r.u(0, 1));
  }

  @Test
  void aRefusalThatCannotBeReportedYetLeavesItsFrameUntaken() {
    LinkSimulation s = new LinkSimulation(top);
    // The long STATE answer keeps the serializer busy while two unknown types arrive: the first
    // report waits, so the second frame must not be taken without one.
    List<WireFrames.Rx> r = exchange(s, 2,
        WireFrames.frame(LinkSpec.READ_STATE, 0, 0, 0, 0, 0, 0, 24),
        WireFrames.frame(0x42, 1), WireFrames.frame(0x43, 2));
    assertEquals(LinkSpec.STATE, r.get(0).type(), r.toString());
    assertEquals(1, error(r).seq());
    s.run(s.cyclesPerBit() * 10L * 40);
    assertEquals(0, s.read().length, "no third answer");
    WireFrames.Rx again = error(exchange(s, 1, WireFrames.frame(0x43, 2)));
    assertEquals(LinkSpec.E_UNKNOWN_TYPE, again.u(0, 1));
    assertEquals(0x43, again.u(1, 4));
  }
}
