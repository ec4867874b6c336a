package org.nirfpga.host.protocol;

import java.io.ByteArrayOutputStream;
import org.nirfpga.gen.link.LinkSpec;

/** Converts between {@link Packet}s and {@link Frame}s: the payload layouts of docs/protocol.md. */
public final class Packets {
  private Packets() {}

  /** The frame carrying {@code p} with sequence number {@code seq}. */
  public static Frame toFrame(Packet p, int seq) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    if (p instanceof Packet.Events e) {
      for (int a : e.addresses()) {
        u24(b, a);
      }
    } else if (p instanceof Packet.ValuedEvents e) {
      int[] a = e.addresses();
      int[] v = e.values();
      for (int i = 0; i < a.length; i++) {
        u24(b, a[i]);
        u16(b, v[i]);
      }
    } else if (p instanceof Packet.RunEmpty r) {
      u16(b, r.steps());
    } else if (p instanceof Packet.ReadState r) {
      b.write(r.layer());
      u24(b, r.address());
      u16(b, r.count());
    } else if (p instanceof Packet.ReadStatus r) {
      b.write(r.layer());
    } else if (p instanceof Packet.WriteWeights w) {
      u24(b, w.first());
      for (long x : w.words()) {
        u32(b, x);
      }
    } else if (p instanceof Packet.Pong q) {
      u32(b, q.identity());
      b.write(q.version());
      b.write(q.slots());
      u16(b, q.maxPayload());
      u24(b, q.inputSize());
      u24(b, q.outputSize());
      b.write(q.layers());
      b.write(q.flags());
    } else if (p instanceof Packet.Ack a) {
      b.write(a.freeSlots());
    } else if (p instanceof Packet.Error e) {
      b.write(e.code());
      u32(b, e.detail());
    } else if (p instanceof Packet.StepOutput s) {
      u32(b, s.timestep());
      int[] a = s.addresses();
      int[] v = s.values();
      u16(b, a.length);
      for (int i = 0; i < a.length; i++) {
        u24(b, a[i]);
        if (v != null) {
          u32(b, v[i] & 0xffffffffL);
        }
      }
    } else if (p instanceof Packet.State s) {
      b.write(s.layer());
      u24(b, s.address());
      int[] w = s.words();
      u16(b, w.length);
      for (int x : w) {
        u32(b, x & 0xffffffffL);
      }
    } else if (p instanceof Packet.Status s) {
      b.write(s.layer());
      u32(b, s.timestep());
      u32(b, s.crcErrors());
      u32(b, s.overflows());
      u32(b, s.saturatedAcc());
      u32(b, s.saturatedV());
      b.write(s.errorFlags());
    }
    // Ping, Reset, EndStep and ResendOutput have no payload.
    return new Frame(p.type(), seq, b.toByteArray());
  }

  /** The packet a frame carries; offsets in errors count from the frame's first sync byte. */
  public static Packet parse(Frame f) throws ProtocolException {
    return parse(f, 0);
  }

  /**
   * The packet a frame carries; offsets in errors count from {@code base} at the frame's first
   * sync byte (its payload starts at {@code base + 6}).
   */
  public static Packet parse(Frame f, long base) throws ProtocolException {
    Reader r = new Reader(f.payload(), base + LinkSpec.HEADER_BYTES, f.type());
    switch (f.type()) {
      case LinkSpec.PING:
        r.exact(0);
        return new Packet.Ping();
      case LinkSpec.RESET:
        r.exact(0);
        return new Packet.Reset();
      case LinkSpec.EVENTS: {
        r.multiple(3);
        int[] a = new int[r.length() / 3];
        for (int i = 0; i < a.length; i++) {
          a[i] = r.u24();
        }
        return new Packet.Events(a);
      }
      case LinkSpec.EVENTS_VALUED: {
        r.multiple(5);
        int[] a = new int[r.length() / 5];
        int[] v = new int[a.length];
        for (int i = 0; i < a.length; i++) {
          a[i] = r.u24();
          v[i] = (short) r.u16();
        }
        return new Packet.ValuedEvents(a, v);
      }
      case LinkSpec.END_STEP:
        r.exact(0);
        return new Packet.EndStep();
      case LinkSpec.RUN_EMPTY: {
        r.exact(2);
        int n = r.u16();
        if (n == 0) {
          throw r.error(0, "RUN_EMPTY of 0 steps; the count must be 1..65535");
        }
        return new Packet.RunEmpty(n);
      }
      case LinkSpec.READ_STATE: {
        r.exact(6);
        int layer = r.u8();
        int address = r.u24();
        int count = r.u16();
        if (count < 1 || count > LinkSpec.MAX_STATE_WORDS) {
          throw r.error(4, "READ_STATE count " + count + " must be 1.."
              + LinkSpec.MAX_STATE_WORDS);
        }
        return new Packet.ReadState(layer, address, count);
      }
      case LinkSpec.READ_STATUS:
        r.exact(1);
        return new Packet.ReadStatus(r.u8());
      case LinkSpec.RESEND_OUTPUT:
        r.exact(0);
        return new Packet.ResendOutput();
      case LinkSpec.WRITE_WEIGHTS: {
        r.atLeast(LinkSpec.WEIGHTS_HEADER_BYTES + 4);
        if ((r.length() - LinkSpec.WEIGHTS_HEADER_BYTES) % 4 != 0) {
          throw r.error(0, "WRITE_WEIGHTS payload of " + r.length() + " bytes is not a u24"
              + " address and whole u32 words");
        }
        int first = r.u24();
        long[] w = new long[(r.length() - LinkSpec.WEIGHTS_HEADER_BYTES) / 4];
        for (int i = 0; i < w.length; i++) {
          w[i] = r.u32();
        }
        return new Packet.WriteWeights(first, w);
      }
      case LinkSpec.PONG:
        r.exact(16);
        return new Packet.Pong(r.u32(), r.u8(), r.u8(), r.u16(), r.u24(), r.u24(), r.u8(),
            r.u8());
      case LinkSpec.ACK:
        r.exact(1);
        return new Packet.Ack(r.u8());
      case LinkSpec.ERROR:
        r.exact(5);
        return new Packet.Error(r.u8(), r.u32());
      case LinkSpec.STEP_OUTPUT: {
        r.atLeast(6);
        long t = r.u32();
        int n = r.u16();
        int rest = r.length() - 6;
        boolean valued;
        if (rest == 3 * n) {
          valued = false;
        } else if (rest == 7 * n) {
          valued = true;
        } else {
          throw r.error(4, "STEP_OUTPUT count " + n + " needs " + 3 * n + " (spikes) or "
              + 7 * n + " (valued) event bytes but " + rest + " follow");
        }
        int[] a = new int[n];
        int[] v = valued ? new int[n] : null;
        for (int i = 0; i < n; i++) {
          a[i] = r.u24();
          if (valued) {
            v[i] = (int) r.u32();
          }
        }
        return new Packet.StepOutput(t, a, n == 0 ? null : v);
      }
      case LinkSpec.STATE: {
        r.atLeast(6);
        int layer = r.u8();
        int address = r.u24();
        int n = r.u16();
        if (r.length() != 6 + 4 * n) {
          throw r.error(4, "STATE count " + n + " needs " + (6 + 4 * n) + " payload bytes but"
              + " the payload has " + r.length());
        }
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
          w[i] = (int) r.u32();
        }
        return new Packet.State(layer, address, w);
      }
      case LinkSpec.STATUS:
        r.exact(LinkSpec.STATUS_BYTES);
        return new Packet.Status(r.u8(), r.u32(), r.u32(), r.u32(), r.u32(), r.u32(), r.u8());
      default:
        throw new ProtocolException(base + 2, String.format("unknown packet type 0x%02X",
            f.type()));
    }
  }

  private static void u16(ByteArrayOutputStream b, int v) {
    b.write(v >> 8);
    b.write(v);
  }

  private static void u24(ByteArrayOutputStream b, int v) {
    b.write(v >> 16);
    b.write(v >> 8);
    b.write(v);
  }

  private static void u32(ByteArrayOutputStream b, long v) {
    b.write((int) (v >> 24));
    b.write((int) (v >> 16));
    b.write((int) (v >> 8));
    b.write((int) v);
  }

  /** Big-endian reads from a payload, with errors that name the byte offset. */
  private static final class Reader {
    private final byte[] p;
    private final long base;
    private final int type;
    private int pos;

    Reader(byte[] p, long base, int type) {
      this.p = p;
      this.base = base;
      this.type = type;
    }

    int length() {
      return p.length;
    }

    ProtocolException error(int at, String what) {
      return new ProtocolException(base + at, what);
    }

    private String name() {
      return String.format("type 0x%02X", type);
    }

    void exact(int n) throws ProtocolException {
      if (p.length != n) {
        throw new ProtocolException(base - 2, name() + " needs a payload of " + n
            + " bytes, the length field says " + p.length);
      }
    }

    void atLeast(int n) throws ProtocolException {
      if (p.length < n) {
        throw new ProtocolException(base - 2, name() + " needs a payload of at least " + n
            + " bytes, the length field says " + p.length);
      }
    }

    void multiple(int n) throws ProtocolException {
      if (p.length % n != 0) {
        throw new ProtocolException(base - 2, name() + " needs a payload of a multiple of " + n
            + " bytes, the length field says " + p.length);
      }
    }

    int u8() {
      return p[pos++] & 0xff;
    }

    int u16() {
      return (u8() << 8) | u8();
    }

    int u24() {
      return (u8() << 16) | u16();
    }

    long u32() {
      return ((long) u8() << 24) | u24();
    }
  }
}
