package org.nirfpga.host.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FrameTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void pingMatchesTheWorkedExampleOfTheSpec() {
    assertEquals("a55a01000000f274",
        HexFormat.of().formatHex(new Frame(0x01, 0, new byte[0]).encode()));
  }

  @Test
  void eventsFrameMatchesTheWorkedExampleOfTheSpec() {
    byte[] b = Packets.toFrame(new Packet.Events(new int[] {3, 0x010203}), 7).encode();
    assertEquals("a55a03070006000003010203" + String.format("%04x",
        Frame.crc(b, 2, 10)), HexFormat.of().formatHex(b));
    assertEquals("a55a03070006000003010203ba95", HexFormat.of().formatHex(b));
  }

  @Test
  void everyFrameRoundTrips() throws Exception {
    for (int len : new int[] {0, 1, 2, 255, 256, 1000, 65535}) {
      byte[] p = new byte[len];
      for (int i = 0; i < len; i++) {
        p[i] = (byte) (i * 37 + len);
      }
      Frame f = new Frame(0x84, len & 0xff, p);
      assertEquals(f, Frame.decode(f.encode()));
      assertEquals(len + 8, f.encode().length);
    }
  }

  @Test
  void shortBufferIsRefusedNamingItsLength() {
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> Frame.decode(hex("a55a0100")));
    assertEquals("byte 4: frame ends after 4 bytes; a frame has at least 8 (sync 2, type, seq,"
        + " length 2, CRC 2)", e.getMessage());
  }

  @Test
  void badSyncBytesAreRefusedAtTheirOffsets() {
    byte[] b = new Frame(1, 0, new byte[0]).encode();
    b[0] = 0x55;
    assertEquals("byte 0: sync byte 0x55, expected 0xA5",
        assertThrows(ProtocolException.class, () -> Frame.decode(b)).getMessage());
    byte[] c = new Frame(1, 0, new byte[0]).encode();
    c[1] = 0x00;
    assertEquals(1, assertThrows(ProtocolException.class, () -> Frame.decode(c)).offset());
  }

  @Test
  void lengthDisagreeingWithTheBufferIsRefused() {
    byte[] b = new Frame(3, 0, new byte[3]).encode();
    byte[] cut = Arrays.copyOf(b, b.length - 1);
    ProtocolException e = assertThrows(ProtocolException.class, () -> Frame.decode(cut));
    assertEquals("byte 4: length field says 3 payload bytes but the frame holds 2",
        e.getMessage());
  }

  @Test
  void crcMismatchIsRefusedNamingBothValues() {
    byte[] b = new Frame(1, 0, new byte[0]).encode();
    b[7] ^= 1;
    ProtocolException e = assertThrows(ProtocolException.class, () -> Frame.decode(b));
    assertEquals("byte 6: CRC 0xF275 does not match 0xF274 computed over type..payload (type"
        + " 0x01, seq 0, 0 payload bytes)", e.getMessage());
  }

  @Test
  void everySingleBitFlipOfAFrameIsCaught() throws Exception {
    Frame f = Packets.toFrame(new Packet.Events(new int[] {1, 2, 3, 0xabcdef}), 200);
    byte[] good = f.encode();
    assertEquals(f, Frame.decode(good));
    for (int bit = 0; bit < good.length * 8; bit++) {
      byte[] b = good.clone();
      b[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThrows(ProtocolException.class, () -> Frame.decode(b), "flip of bit " + bit);
    }
  }

  @Test
  void payloadIsCopiedSoTheFrameStaysImmutable() {
    byte[] p = {1, 2};
    Frame f = new Frame(3, 0, p);
    p[0] = 9;
    f.payload()[1] = 9;
    assertArrayEquals(new byte[] {1, 2}, f.payload());
  }
}
