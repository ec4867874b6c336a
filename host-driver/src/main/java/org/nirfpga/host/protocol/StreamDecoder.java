package org.nirfpga.host.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nirfpga.gen.link.LinkSpec;

/**
 * Cuts a byte stream into frames, resynchronizing after garbage: it hunts for the sync pattern,
 * waits for the length the header announces, and takes the frame only when its CRC matches;
 * otherwise it reports the bytes it skipped and hunts again from the byte after the false sync.
 * Offsets count bytes since the decoder was created.
 */
public final class StreamDecoder {
  /** Something the decoder found in the stream. */
  public sealed interface Item {
    /** Stream offset of the item's first byte. */
    long offset();
  }

  /** A frame with a valid CRC, starting at {@code offset}. */
  public record Decoded(long offset, Frame frame) implements Item {}

  /** Bytes skipped at {@code offset}: {@code length} of them, and why. */
  public record Skipped(long offset, int length, String reason) implements Item {}

  private final int maxPayload;
  private byte[] buf = new byte[256];
  private int size;
  private long base;

  /** A decoder that takes payloads up to {@code maxPayload} bytes (longer ones are garbage). */
  public StreamDecoder(int maxPayload) {
    if (maxPayload < 0 || maxPayload > Frame.MAX_PAYLOAD) {
      throw new IllegalArgumentException("max payload " + maxPayload + " must be 0..65535");
    }
    this.maxPayload = maxPayload;
  }

  /** Bytes held while waiting for the rest of a frame. */
  public int pending() {
    return size;
  }

  /** Adds {@code bytes} to the stream; returns the frames completed and the garbage skipped. */
  public List<Item> feed(byte[] bytes) {
    return feed(bytes, 0, bytes.length);
  }

  /** Adds {@code length} bytes from {@code off}; see {@link #feed(byte[])}. */
  public List<Item> feed(byte[] bytes, int off, int length) {
    if (size + length > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + length));
    }
    System.arraycopy(bytes, off, buf, size, length);
    size += length;
    List<Item> out = new ArrayList<>();
    scan(out, false);
    return out;
  }

  /**
   * The line went quiet: a partial frame held now will never complete (its length field was
   * corrupted), so its bytes are skipped and the rest is searched again.
   */
  public List<Item> idle() {
    List<Item> out = new ArrayList<>();
    scan(out, true);
    return out;
  }

  private void scan(List<Item> out, boolean flush) {
    int pos = 0;
    int garbageFrom = -1;
    String garbageReason = null;
    while (pos < size) {
      int sync = find(pos);
      if (sync < 0) {
        // A trailing SYNC0 may be the start of a frame.
        int keep = size > 0 && (buf[size - 1] & 0xff) == LinkSpec.SYNC0 && !flush ? 1 : 0;
        if (size - keep > pos) {
          if (garbageFrom < 0) {
            garbageFrom = pos;
            garbageReason = "no sync pattern";
          }
          pos = size - keep;
        }
        if (keep == 1) {
          break;
        }
        continue;
      }
      if (sync > pos && garbageFrom < 0) {
        garbageFrom = pos;
        garbageReason = "no sync pattern";
      }
      pos = sync;
      if (size - pos < LinkSpec.HEADER_BYTES) {
        if (flush) {
          garbageFrom = garbageFrom < 0 ? pos : garbageFrom;
          garbageReason = garbageReason == null ? "header cut off" : garbageReason;
          pos = size;
        }
        break;
      }
      int len = ((buf[pos + 4] & 0xff) << 8) | (buf[pos + 5] & 0xff);
      if (len > maxPayload) {
        if (garbageFrom < 0) {
          garbageFrom = pos;
          garbageReason = "length " + len + " above the maximum " + maxPayload;
        }
        pos++;
        continue;
      }
      int total = LinkSpec.HEADER_BYTES + len + LinkSpec.TRAILER_BYTES;
      if (size - pos < total) {
        if (flush) {
          if (garbageFrom < 0) {
            garbageFrom = pos;
            garbageReason = "frame cut off after " + (size - pos) + " of " + total + " bytes";
          }
          pos++;
          continue;
        }
        break;
      }
      int got = ((buf[pos + total - 2] & 0xff) << 8) | (buf[pos + total - 1] & 0xff);
      int want = Frame.crc(buf, pos + 2, total - 4);
      if (got != want) {
        if (garbageFrom < 0) {
          garbageFrom = pos;
          garbageReason = String.format("CRC 0x%04X does not match 0x%04X", got, want);
        }
        pos++;
        continue;
      }
      if (garbageFrom >= 0) {
        out.add(new Skipped(base + garbageFrom, pos - garbageFrom, garbageReason));
        garbageFrom = -1;
        garbageReason = null;
      }
      out.add(new Decoded(base + pos, new Frame(buf[pos + 2] & 0xff, buf[pos + 3] & 0xff,
          Arrays.copyOfRange(buf, pos + LinkSpec.HEADER_BYTES, pos + total - 2))));
      pos += total;
    }
    if (garbageFrom >= 0) {
      out.add(new Skipped(base + garbageFrom, pos - garbageFrom, garbageReason));
    }
    System.arraycopy(buf, pos, buf, 0, size - pos);
    size -= pos;
    base += pos;
  }

  /** Index of the next SYNC0 SYNC1 pair at or after {@code from}, or -1. */
  private int find(int from) {
    for (int i = from; i + 1 < size; i++) {
      if ((buf[i] & 0xff) == LinkSpec.SYNC0 && (buf[i + 1] & 0xff) == LinkSpec.SYNC1) {
        return i;
      }
    }
    return -1;
  }
}
