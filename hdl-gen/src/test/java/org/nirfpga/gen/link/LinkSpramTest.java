package org.nirfpga.gen.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.nirfpga.gen.link.LinkBridgeTest.error;
import static org.nirfpga.gen.link.LinkBridgeTest.exchange;
import static org.nirfpga.gen.link.LinkBridgeTest.only;
import static org.nirfpga.gen.link.LinkBridgeTest.steps;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.ref.Contract;

/**
 * The link top of a build with weights in SPRAM: the pong says the image is needed, events wait
 * for it (refused, never stuck), WRITE_WEIGHTS frames write it, a frame reaching past it is
 * refused whole, and RESET keeps it.
 */
class LinkSpramTest {
  static Example mlp;
  static GeneratedPipeline pipeline;
  static GoldenResult golden;
  static LinkTop top;

  @BeforeAll
  static void generate() throws Exception {
    mlp = Examples.named("mlp").orElseThrow();
    Contract c = Contract.nir();
    QuantConfig q = Quantizer.quantize(mlp.graph(), QuantOptions.defaults(c));
    pipeline = PipelineGenerator.generate(mlp.graph(), q, c, "mlp.nir", "mlp_top",
        Map.of(), Set.of(), Set.of("lif1", "lif2"));
    golden = GoldenModel.create(mlp.graph(), q, c).run(mlp.sampleInput());
    top = LinkTop.build(pipeline, LinkBridgeTest.CLOCK, LinkBridgeTest.BAUD);
  }

  /** WRITE_WEIGHTS payload: u24 first address, u32 words. */
  static int[] weights(int first, long... words) {
    int[] p = new int[3 + 4 * words.length];
    p[0] = first >> 16 & 0xff;
    p[1] = first >> 8 & 0xff;
    p[2] = first & 0xff;
    for (int i = 0; i < words.length; i++) {
      for (int b = 0; b < 4; b++) {
        p[3 + 4 * i + b] = (int) (words[i] >> (24 - 8 * b) & 0xff);
      }
    }
    return p;
  }

  /**
   * Writes {@code words} from image address {@code first} on, in frames of the bridge's largest
   * payload; every one is ACKed.
   */
  static void write(LinkSimulation s, int[] seq, int first, long[] words) {
    int perFrame = (top.bridge().config().slotBytes() - LinkSpec.WEIGHTS_HEADER_BYTES) / 4;
    for (int from = 0; from < words.length; from += perFrame) {
      long[] part = Arrays.copyOfRange(words, from, Math.min(words.length, from + perFrame));
      List<WireFrames.Rx> r = exchange(s, 1, WireFrames.frame(LinkSpec.WRITE_WEIGHTS,
          seq[0]++ & 0xff, weights(first + from, part)));
      assertEquals(LinkSpec.ACK, r.get(0).type(), "WRITE_WEIGHTS from " + from + ": " + r);
    }
  }

  static long statusFlags(LinkSimulation s, int[] seq) {
    return only(exchange(s, 1, WireFrames.frame(LinkSpec.READ_STATUS, seq[0]++ & 0xff, 0)),
        LinkSpec.STATUS).u(21, 1);
  }

  @Test
  void eventsWaitForTheImageWhichResetKeeps() {
    LinkSimulation s = new LinkSimulation(top);
    int[] seq = {0};
    WireFrames.Rx pong = only(exchange(s, 1, WireFrames.frame(LinkSpec.PING, seq[0]++)),
        LinkSpec.PONG);
    assertEquals(LinkSpec.FLAG_WEIGHTS, pong.u(15, 1) & LinkSpec.FLAG_WEIGHTS);
    assertEquals(LinkSpec.STATUS_ERR_WEIGHTS_UNLOADED, statusFlags(s, seq));
    // Before the image, a step is refused at once (it would wait in the bridge, and the
    // WRITE_WEIGHTS frames with it).
    WireFrames.Rx e = error(exchange(s, 1, WireFrames.frame(LinkSpec.EVENTS, seq[0]++,
        WireFrames.events(1, 2))));
    assertEquals(LinkSpec.E_WEIGHTS_UNLOADED, e.u(0, 1));
    e = error(exchange(s, 1, WireFrames.frame(LinkSpec.END_STEP, seq[0]++)));
    assertEquals(LinkSpec.E_WEIGHTS_UNLOADED, e.u(0, 1));

    write(s, seq, 0, pipeline.weights().words());
    assertEquals(0, statusFlags(s, seq), "flags once the image is in");
    int[][] first = steps(s, mlp.sampleInput(), seq, 0, 10);
    for (int t = 0; t < 10; t++) {
      assertArrayEquals(golden.layers().get("lif2").spikes()[t], first[t], "step " + t);
    }
    assertEquals(LinkSpec.ACK, only(exchange(s, 1, WireFrames.frame(LinkSpec.RESET,
        seq[0]++ & 0xff)), LinkSpec.ACK).type());
    assertEquals(0, statusFlags(s, seq), "RESET keeps the weights");
    int[][] again = steps(s, mlp.sampleInput(), seq, 0, 10);
    assertArrayEquals(first, again, "the steps after RESET");
  }

  /** Word {@code w} with its weight field (the low 8 bits at the default widths) at +127. */
  private static long strong(long w) {
    return (w & ~0xffL) | 0x7f;
  }

  @Test
  void aFrameReachingPastTheImageWritesNothingAndAGoodOneIsUsed() {
    LinkSimulation s = new LinkSimulation(top);
    int[] seq = {0};
    long[] image = pipeline.weights().words();
    int last = image.length - 1;
    write(s, seq, 0, image);
    // Its first word is inside the image, its second past it: refused whole.
    WireFrames.Rx e = error(exchange(s, 1, WireFrames.frame(LinkSpec.WRITE_WEIGHTS,
        seq[0]++, weights(last, strong(image[last]), 0))));
    assertEquals(LinkSpec.E_ADDRESS, e.u(0, 1));
    assertEquals(last, e.u(1, 4));
    // No word at all, and a word cut short: the wrong lengths.
    for (int[] p : new int[][] {{0, 0, 0}, {0, 0, 0, 1, 2, 3, 4, 5}}) {
      e = error(exchange(s, 1, WireFrames.frame(LinkSpec.WRITE_WEIGHTS, seq[0]++, p)));
      assertEquals(LinkSpec.E_BAD_LENGTH, e.u(0, 1));
      assertEquals(p.length, e.u(1, 4));
    }
    int[][] kept = steps(s, mlp.sampleInput(), seq, 0, 10);
    for (int t = 0; t < 10; t++) {
      assertArrayEquals(golden.layers().get("lif2").spikes()[t], kept[t], "step " + t);
    }
    // Such words written by a frame inside the image are used (here every word of lif2 at
    // +127): the comparison above would see a word the refused frame had written.
    int base = pipeline.weights().parts().get(1).base();
    long[] strong = new long[image.length - base];
    for (int k = 0; k < strong.length; k++) {
      strong[k] = strong(image[base + k]);
    }
    write(s, seq, base, strong);
    assertEquals(LinkSpec.ACK, only(exchange(s, 1, WireFrames.frame(LinkSpec.RESET,
        seq[0]++ & 0xff)), LinkSpec.ACK).type());
    int[][] changed = steps(s, mlp.sampleInput(), seq, 0, 10);
    assertFalse(Arrays.deepEquals(kept, changed), "lif2's weights at +127 changed no output");
  }
}
