package org.nirfpga.host.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamDecoderTest {
  private static List<Frame> frames(List<StreamDecoder.Item> items) {
    List<Frame> out = new ArrayList<>();
    for (StreamDecoder.Item i : items) {
      if (i instanceof StreamDecoder.Decoded d) {
        out.add(d.frame());
      }
    }
    return out;
  }

  private static List<Frame> sampleFrames(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Frame> fs = new ArrayList<>();
    int seq = 0;
    for (int round = 0; round < 5; round++) {
      for (Packet p : PacketsTest.samples(r)) {
        fs.add(Packets.toFrame(p, seq++ & 0xff));
      }
    }
    return fs;
  }

  @Test
  void framesSplitAtEveryByteBoundaryDecodeWhole() {
    byte[] a = Packets.toFrame(new Packet.Events(new int[] {1, 2}), 1).encode();
    byte[] b = Packets.toFrame(new Packet.EndStep(), 2).encode();
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    for (int cut = 0; cut <= both.length; cut++) {
      StreamDecoder d = new StreamDecoder(1024);
      List<StreamDecoder.Item> items = new ArrayList<>(d.feed(both, 0, cut));
      items.addAll(d.feed(both, cut, both.length - cut));
      assertEquals(2, items.size(), "cut at " + cut);
      assertEquals(new StreamDecoder.Decoded(a.length, new Frame(5, 2, new byte[0])), items.get(1));
      assertEquals(0, d.pending());
    }
  }

  @Test
  void garbageBeforeAFrameIsReportedWithItsOffsetAndSkipped() {
    StreamDecoder d = new StreamDecoder(1024);
    byte[] f = new Frame(1, 3, new byte[0]).encode();
    byte[] junk = {0x11, (byte) 0xa5, 0x22, (byte) 0xa5, 0x5a, 0x01};
    List<StreamDecoder.Item> items = new ArrayList<>(d.feed(junk));
    items.addAll(d.feed(f));
    // The first feed cannot know yet that the final a5 5a 01 starts no frame.
    assertEquals(3, items.size(), items.toString());
    assertEquals(new StreamDecoder.Skipped(0, 3, "no sync pattern"), items.get(0));
    assertEquals(new StreamDecoder.Skipped(3, 3, "length 23041 above the maximum 1024"),
        items.get(1));
    assertEquals(new StreamDecoder.Decoded(junk.length, new Frame(1, 3, new byte[0])),
        items.get(2));
  }

  @Test
  void aCorruptedLengthHoldsBytesUntilTheLineGoesIdle() {
    StreamDecoder d = new StreamDecoder(1024);
    byte[] bad = new Frame(1, 0, new byte[0]).encode();
    bad[5] = 100;
    byte[] good = new Frame(5, 1, new byte[0]).encode();
    assertTrue(frames(d.feed(bad)).isEmpty());
    assertTrue(frames(d.feed(good)).isEmpty(), "the good frame hides in the claimed payload");
    List<StreamDecoder.Item> items = d.idle();
    assertEquals(List.of(new Frame(5, 1, new byte[0])), frames(items));
    StreamDecoder.Skipped s = (StreamDecoder.Skipped) items.get(0);
    assertEquals("frame cut off after 16 of 108 bytes", s.reason());
    assertEquals(0, d.pending());
  }

  @Test
  void lengthAboveTheMaximumIsSkippedAtOnce() {
    StreamDecoder d = new StreamDecoder(16);
    byte[] bad = new Frame(3, 0, new byte[17]).encode();
    byte[] good = new Frame(5, 1, new byte[0]).encode();
    List<StreamDecoder.Item> items = new ArrayList<>(d.feed(bad));
    items.addAll(d.feed(good));
    assertEquals(List.of(new Frame(5, 1, new byte[0])), frames(items));
    assertEquals("length 17 above the maximum 16",
        ((StreamDecoder.Skipped) items.get(0)).reason());
  }

  @Test
  void seededLineNoiseLosesOnlyTheFramesItHit() {
    for (long seed = 1; seed <= 20; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      List<Frame> sent = sampleFrames(seed);
      List<Frame> intact = new ArrayList<>();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (Frame f : sent) {
        byte[] b = f.encode();
        int fault = r.nextInt(4);
        if (fault == 1) {
          b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        } else if (fault == 2) {
          byte[] junk = new byte[1 + r.nextInt(20)];
          r.nextBytes(junk);
          line.writeBytes(junk);
          intact.add(f);
        } else if (fault == 3) {
          b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
        } else {
          intact.add(f);
        }
        line.writeBytes(b);
      }
      byte[] all = line.toByteArray();
      StreamDecoder d = new StreamDecoder(Frame.MAX_PAYLOAD);
      List<Frame> got = new ArrayList<>();
      int pos = 0;
      while (pos < all.length) {
        int n = Math.min(all.length - pos, 1 + r.nextInt(64));
        got.addAll(frames(d.feed(all, pos, n)));
        pos += n;
      }
      got.addAll(frames(d.idle()));
      // A frame cut short may be completed by the next frame's first bytes, so a damaged frame
      // can come through whole; what may never happen is an invented frame or a lost intact one.
      assertTrue(subsequence(intact, got), "seed " + seed + ": an intact frame was lost");
      assertTrue(subsequence(got, sent), "seed " + seed + ": a frame was invented");
      assertTrue(got.size() < sent.size(), "seed " + seed + ": the noise hit nothing");
    }
  }

  private static boolean subsequence(List<Frame> small, List<Frame> big) {
    int i = 0;
    for (Frame f : big) {
      if (i < small.size() && small.get(i).equals(f)) {
        i++;
      }
    }
    return i == small.size();
  }

  @Test
  void aDecoderThatIgnoredTheCrcWouldBeCaughtByTheNoiseTest() {
    // Planted fault: a flipped payload bit must not come out as a frame.
    StreamDecoder d = new StreamDecoder(1024);
    byte[] b = new Frame(3, 0, new byte[] {0, 0, 1}).encode();
    b[8] ^= 4;
    assertTrue(frames(d.feed(b)).isEmpty());
    assertTrue(frames(d.idle()).isEmpty());
  }
}
