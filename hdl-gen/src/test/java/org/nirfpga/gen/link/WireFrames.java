package org.nirfpga.gen.link;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nirfpga.hdl.lib.Crc16;

/** A minimal frame writer and reader for the bridge tests (the full codec lives in host-driver). */
final class WireFrames {
  private WireFrames() {}

  /** A received frame. */
  record Rx(int type, int seq, byte[] payload) {
    long u(int from, int n) {
      long v = 0;
      for (int i = 0; i < n; i++) {
        v = (v << 8) | (payload[from + i] & 0xff);
      }
      return v;
    }

    @Override
    public String toString() {
      return String.format("Rx[type=0x%02X, seq=%d, %s]", type, seq, Arrays.toString(payload));
    }
  }

  static byte[] frame(int type, int seq, int... payload) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(LinkSpec.SYNC0);
    b.write(LinkSpec.SYNC1);
    b.write(type);
    b.write(seq);
    b.write(payload.length >> 8);
    b.write(payload.length);
    for (int p : payload) {
      b.write(p);
    }
    byte[] body = b.toByteArray();
    int crc = Crc16.reference(Arrays.copyOfRange(body, 2, body.length));
    b.write(crc >> 8);
    b.write(crc);
    return b.toByteArray();
  }

  /** Events payload: u24 addresses. */
  static int[] events(int... addresses) {
    int[] p = new int[3 * addresses.length];
    for (int i = 0; i < addresses.length; i++) {
      p[3 * i] = addresses[i] >> 16 & 0xff;
      p[3 * i + 1] = addresses[i] >> 8 & 0xff;
      p[3 * i + 2] = addresses[i] & 0xff;
    }
    return p;
  }

  /** Parses the complete frames of a clean stream, checking sync and CRC. */
  static List<Rx> parse(byte[] s) {
    List<Rx> out = new ArrayList<>();
    int i = 0;
    while (i + 6 <= s.length) {
      if ((s[i] & 0xff) != LinkSpec.SYNC0 || (s[i + 1] & 0xff) != LinkSpec.SYNC1) {
        throw new AssertionError("no sync at " + i + ": " + Arrays.toString(s));
      }
      int len = ((s[i + 4] & 0xff) << 8) | (s[i + 5] & 0xff);
      int end = i + 6 + len + 2;
      if (end > s.length) {
        break;
      }
      int crc = Crc16.reference(Arrays.copyOfRange(s, i + 2, end - 2));
      int got = ((s[end - 2] & 0xff) << 8) | (s[end - 1] & 0xff);
      if (crc != got) {
        throw new AssertionError("bad CRC in frame at " + i);
      }
      out.add(new Rx(s[i + 2] & 0xff, s[i + 3] & 0xff, Arrays.copyOfRange(s, i + 6, end - 2)));
      i = end;
    }
    return out;
  }
}
