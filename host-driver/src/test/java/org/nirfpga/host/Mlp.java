package org.nirfpga.host;

import java.util.Arrays;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.gen.link.LinkTop;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.ref.Contract;

/** The mlp example's accelerator, link top and golden run, built once for the driver tests. */
final class Mlp {
  /** A fast line for the Verilated device: 12 MHz, 3 Mbaud, 4 cycles per bit. */
  static final long FAST_CLOCK = 12_000_000;
  static final long FAST_BAUD = 3_000_000;
  static final long BAUD = 115_200;
  static final long CLOCK = 4 * BAUD;
  static final Example EXAMPLE;
  static final GeneratedPipeline PIPELINE;
  static final GoldenResult GOLDEN;
  static final LinkTop TOP;
  static final LinkTop FAST_TOP;

  static {
    try {
      EXAMPLE = Examples.named("mlp").orElseThrow();
      Contract c = Contract.nir();
      QuantConfig q = Quantizer.quantize(EXAMPLE.graph(), QuantOptions.defaults(c));
      PIPELINE = PipelineGenerator.generate(EXAMPLE.graph(), q, c, "mlp.nir", "mlp_top");
      GOLDEN = GoldenModel.create(EXAMPLE.graph(), q, c).run(EXAMPLE.sampleInput());
      TOP = LinkTop.build(PIPELINE, CLOCK, BAUD);
      FAST_TOP = LinkTop.build(PIPELINE, FAST_CLOCK, FAST_BAUD);
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Mlp() {}

  /** The first {@code steps} input steps. */
  static double[][] input(int steps) {
    return Arrays.copyOf(EXAMPLE.sampleInput(), steps);
  }

  /** The first step at which the output differs from the golden model, or -1. */
  static int firstMismatch(long[][] outputs) {
    int[][] spikes = GOLDEN.layers().get("lif2").spikes();
    for (int t = 0; t < outputs.length; t++) {
      for (int n = 0; n < outputs[t].length; n++) {
        if (outputs[t][n] != spikes[t][n]) {
          return t;
        }
      }
    }
    return -1;
  }

  /** Output spikes of the golden run in the first {@code steps} steps. */
  static int goldenSpikes(int steps) {
    int s = 0;
    for (int t = 0; t < steps; t++) {
      for (int x : GOLDEN.layers().get("lif2").spikes()[t]) {
        s += x;
      }
    }
    return s;
  }
}
