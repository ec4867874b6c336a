package org.nirfpga.host.protocol;

import java.util.Arrays;
import org.nirfpga.gen.link.LinkSpec;
import org.nirfpga.hdl.lib.Crc16;

/**
 * One frame on the wire: sync, type, seq, length, payload, CRC-16 (docs/protocol.md); the
 * payload is not interpreted here (see {@link Packets}).
 *
 * @param type packet type, 0..255
 * @param seq sequence number, 0..255
 * @param payload payload bytes, at most 65535
 */
public record Frame(int type, int seq, byte[] payload) {
  /** Largest payload the 16-bit length field can describe. */
  public static final int MAX_PAYLOAD = 0xffff;

  public Frame {
    if (type < 0 || type > 255) {
      throw new IllegalArgumentException("frame type " + type + " must be 0..255");
    }
    if (seq < 0 || seq > 255) {
      throw new IllegalArgumentException("frame seq " + seq + " must be 0..255");
    }
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("frame payload of " + payload.length
          + " bytes exceeds " + MAX_PAYLOAD);
    }
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** Length of the encoded frame in bytes. */
  public int wireLength() {
    return LinkSpec.HEADER_BYTES + payload.length + LinkSpec.TRAILER_BYTES;
  }

  /** The frame's bytes on the wire. */
  public byte[] encode() {
    byte[] b = new byte[wireLength()];
    b[0] = (byte) LinkSpec.SYNC0;
    b[1] = (byte) LinkSpec.SYNC1;
    b[2] = (byte) type;
    b[3] = (byte) seq;
    b[4] = (byte) (payload.length >> 8);
    b[5] = (byte) payload.length;
    System.arraycopy(payload, 0, b, LinkSpec.HEADER_BYTES, payload.length);
    int crc = crc(b, 2, LinkSpec.HEADER_BYTES - 2 + payload.length);
    b[b.length - 2] = (byte) (crc >> 8);
    b[b.length - 1] = (byte) crc;
    return b;
  }

  /**
   * The one frame that fills {@code bytes} exactly.
   *
   * @throws ProtocolException naming the offset and the fault: short buffer, bad sync, length
   *     disagreeing with the buffer, CRC mismatch
   */
  public static Frame decode(byte[] bytes) throws ProtocolException {
    return decode(bytes, 0, bytes.length, 0);
  }

  /**
   * The frame in {@code bytes[from, from + length)}, which must hold exactly one frame; offsets in
   * errors count from {@code base} at {@code from}.
   */
  static Frame decode(byte[] bytes, int from, int length, long base) throws ProtocolException {
    int min = LinkSpec.HEADER_BYTES + LinkSpec.TRAILER_BYTES;
    if (length < min) {
      throw new ProtocolException(base + length, "frame ends after " + length + " bytes; a"
          + " frame has at least " + min + " (sync 2, type, seq, length 2, CRC 2)");
    }
    if ((bytes[from] & 0xff) != LinkSpec.SYNC0) {
      throw new ProtocolException(base, String.format("sync byte 0x%02X, expected 0x%02X",
          bytes[from] & 0xff, LinkSpec.SYNC0));
    }
    if ((bytes[from + 1] & 0xff) != LinkSpec.SYNC1) {
      throw new ProtocolException(base + 1, String.format("second sync byte 0x%02X, expected"
          + " 0x%02X", bytes[from + 1] & 0xff, LinkSpec.SYNC1));
    }
    int len = ((bytes[from + 4] & 0xff) << 8) | (bytes[from + 5] & 0xff);
    if (len != length - min) {
      throw new ProtocolException(base + 4, "length field says " + len + " payload bytes but"
          + " the frame holds " + (length - min));
    }
    int got = ((bytes[from + length - 2] & 0xff) << 8) | (bytes[from + length - 1] & 0xff);
    int want = crc(bytes, from + 2, length - 4);
    if (got != want) {
      throw new ProtocolException(base + length - 2, String.format("CRC 0x%04X does not match"
          + " 0x%04X computed over type..payload (type 0x%02X, seq %d, %d payload bytes)", got,
          want, bytes[from + 2] & 0xff, bytes[from + 3] & 0xff, len));
    }
    return new Frame(bytes[from + 2] & 0xff, bytes[from + 3] & 0xff,
        Arrays.copyOfRange(bytes, from + LinkSpec.HEADER_BYTES, from + length - 2));
  }

  /** CRC-16/CCITT-FALSE of {@code length} bytes from {@code from}. */
  static int crc(byte[] b, int from, int length) {
    int crc = Crc16.INITIAL;
    for (int i = from; i < from + length; i++) {
      crc = Crc16.update(crc, b[i]);
    }
    return crc;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Frame f && f.type == type && f.seq == seq
        && Arrays.equals(f.payload, payload);
  }

  @Override
  public int hashCode() {
    return (type * 31 + seq) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return String.format("Frame[type=0x%02X, seq=%d, %d payload bytes]", type, seq,
        payload.length);
  }
}
