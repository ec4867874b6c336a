package org.nirfpga.host.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nirfpga.gen.link.LinkSpec;

class PacketsTest {
  static List<Packet> samples(SplittableRandom r) {
    int n = 1 + r.nextInt(40);
    int[] a = new int[n];
    int[] v = new int[n];
    int[] w = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextInt(1 << 24);
      v[i] = r.nextInt(-32768, 32768);
      w[i] = r.nextInt();
    }
    return List.of(new Packet.Ping(), new Packet.Reset(), new Packet.Events(a),
        new Packet.Events(new int[0]), new Packet.ValuedEvents(a, v), new Packet.EndStep(),
        new Packet.RunEmpty(1 + r.nextInt(65535)),
        new Packet.ReadState(r.nextInt(256), a[0], 1 + r.nextInt(64)),
        new Packet.ReadStatus(r.nextInt(256)), new Packet.ResendOutput(),
        new Packet.WriteWeights(a[0], new long[] {w[0] & 0xffffffffL, 0xffffffffL, 0}),
        new Packet.Pong(r.nextLong(1L << 32), 1, 4, 256, a[0], a[n - 1], 3, 2),
        new Packet.Ack(r.nextInt(256)), new Packet.Error(1 + r.nextInt(10), r.nextLong(1L << 32)),
        new Packet.StepOutput(r.nextLong(1L << 32), a, null),
        new Packet.StepOutput(r.nextLong(1L << 32), a, w),
        new Packet.StepOutput(0, new int[0], null),
        new Packet.State(r.nextInt(256), a[0], w),
        new Packet.Status(r.nextInt(256), r.nextLong(1L << 32), 1, 2, 3, 0xffffffffL,
            LinkSpec.STATUS_ERR_INPUT_ADDRESS));
  }

  @Test
  void everyPacketTypeRoundTripsThroughItsFrameBytes() throws Exception {
    SplittableRandom r = new SplittableRandom(7);
    for (int round = 0; round < 50; round++) {
      for (Packet p : samples(r)) {
        int seq = r.nextInt(256);
        Frame f = Frame.decode(Packets.toFrame(p, seq).encode());
        assertEquals(seq, f.seq());
        assertEquals(p, Packets.parse(f), p.toString());
      }
    }
  }

  @Test
  void unknownTypeIsRefusedAtTheTypeByte() {
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> Packets.parse(new Frame(0x42, 0, new byte[0]), 100));
    assertEquals("byte 102: unknown packet type 0x42", e.getMessage());
  }

  @Test
  void payloadOfTheWrongLengthIsRefusedAtTheLengthField() {
    assertEquals("byte 4: type 0x01 needs a payload of 0 bytes, the length field says 1",
        assertThrows(ProtocolException.class,
            () -> Packets.parse(new Frame(LinkSpec.PING, 0, new byte[1]))).getMessage());
    assertEquals("byte 4: type 0x03 needs a payload of a multiple of 3 bytes, the length field"
        + " says 4", assertThrows(ProtocolException.class,
            () -> Packets.parse(new Frame(LinkSpec.EVENTS, 0, new byte[4]))).getMessage());
    assertEquals("byte 4: type 0x84 needs a payload of at least 6 bytes, the length field says"
        + " 5", assertThrows(ProtocolException.class,
            () -> Packets.parse(new Frame(LinkSpec.STEP_OUTPUT, 0, new byte[5]))).getMessage());
  }

  @Test
  void statusCarriesTheAcceleratorsErrorFlagsInItsLastByte() throws Exception {
    byte[] p = new byte[LinkSpec.STATUS_BYTES];
    p[0] = 2;
    p[4] = 7;
    p[21] = (byte) LinkSpec.STATUS_ERR_INPUT_ADDRESS;
    assertEquals(new Packet.Status(2, 7, 0, 0, 0, 0, LinkSpec.STATUS_ERR_INPUT_ADDRESS),
        Packets.parse(new Frame(LinkSpec.STATUS, 0, p)));
    // The 21-byte STATUS of builds without the flags byte is refused, not misread.
    assertEquals("byte 4: type 0x86 needs a payload of 22 bytes, the length field says 21",
        assertThrows(ProtocolException.class,
            () -> Packets.parse(new Frame(LinkSpec.STATUS, 0, new byte[21]))).getMessage());
  }

  @Test
  void stepOutputWhoseCountDisagreesWithItsBytesIsRefused() {
    byte[] p = {0, 0, 0, 5, 0, 2, 0, 0, 1};
    assertEquals("byte 10: STEP_OUTPUT count 2 needs 6 (spikes) or 14 (valued) event bytes but"
        + " 3 follow", assertThrows(ProtocolException.class,
            () -> Packets.parse(new Frame(LinkSpec.STEP_OUTPUT, 0, p))).getMessage());
  }

  @Test
  void stateWhoseCountDisagreesWithItsWordsIsRefused() {
    byte[] p = {0, 0, 0, 0, 0, 2, 0, 0, 0, 1};
    assertEquals("byte 10: STATE count 2 needs 14 payload bytes but the payload has 10",
        assertThrows(ProtocolException.class,
            () -> Packets.parse(new Frame(LinkSpec.STATE, 0, p))).getMessage());
  }

  @Test
  void countsOutOfRangeAreRefusedNamingTheirField() {
    assertEquals("byte 6: RUN_EMPTY of 0 steps; the count must be 1..65535",
        assertThrows(ProtocolException.class,
            () -> Packets.parse(new Frame(LinkSpec.RUN_EMPTY, 0, new byte[2]))).getMessage());
    assertEquals("byte 10: READ_STATE count 65 must be 1..64",
        assertThrows(ProtocolException.class, () -> Packets.parse(
            new Frame(LinkSpec.READ_STATE, 0, new byte[] {0, 0, 0, 0, 0, 65}))).getMessage());
  }

  @Test
  void writeWeightsNeedsAnAddressAndWholeWords() {
    assertEquals("byte 4: type 0x0A needs a payload of at least 7 bytes, the length field says 3",
        assertThrows(ProtocolException.class, () -> Packets.parse(
            new Frame(LinkSpec.WRITE_WEIGHTS, 0, new byte[3]))).getMessage());
    assertEquals("byte 6: WRITE_WEIGHTS payload of 9 bytes is not a u24 address and whole u32"
        + " words", assertThrows(ProtocolException.class, () -> Packets.parse(
            new Frame(LinkSpec.WRITE_WEIGHTS, 0, new byte[9]))).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new Packet.WriteWeights(0, new long[0]));
    assertThrows(IllegalArgumentException.class,
        () -> new Packet.WriteWeights(0, new long[] {1L << 32}));
  }

  @Test
  void valuesAreSignExtended() throws Exception {
    Packet p = Packets.parse(Packets.toFrame(
        new Packet.ValuedEvents(new int[] {1}, new int[] {-2}), 0));
    assertEquals(-2, ((Packet.ValuedEvents) p).values()[0]);
    Packet s = Packets.parse(Packets.toFrame(
        new Packet.State(0, 0, new int[] {-5, Integer.MIN_VALUE}), 0));
    assertEquals(-5, ((Packet.State) s).words()[0]);
  }

  @Test
  void addressesBeyondTwentyFourBitsAreRefusedWhenBuilt() {
    assertThrows(IllegalArgumentException.class,
        () -> new Packet.Events(new int[] {1 << 24}));
  }
}
