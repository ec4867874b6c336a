package org.nirfpga.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;

/**
 * Layers split over lanes, under Verilator: bit-exact with the golden model with and without
 * backpressure, the replay equal to the measured cycles, fewer cycles than one lane, and a merge
 * that breaks the address order caught as a divergence.
 */
@Tag("verilator")
class LanesIT {
  /** The property that plants a merge fault in one layer (LanedLayer.TEST_FAULT_MERGE). */
  private static final String FAULT_MERGE = "nirfpga.test.fault.lane-merge";

  static long[] runExact(Rtl.Design d, Map<String, double[][]> in,
      Testbench.Options options) throws Exception {
    GoldenModel gm = GoldenModel.create(d.graph(), d.config(), d.contract());
    GoldenResult g = gm.run(in);
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println)) {
      CosimResult r = tb.run(in, g, options, t -> { });
      assertTrue(r.bitExact(), d.dir() + ": " + r.summary());
      CyclePrediction p = new CyclePrediction(tb.manifest(), gm, in, g);
      assertArrayEquals(r.cyclesPerStep(), p.replay(options), d.dir()
          + ": measured vs replayed cycles");
      return r.cyclesPerStep();
    }
  }

  @Test
  void mlpOverFourLanesIsBitExactReplayedExactlyAndFasterThanOneLane() throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("mlp").orElseThrow();
    Map<String, double[][]> in = Map.of("input", e.sampleInput());
    Rtl.Design one = Rtl.generate("mlp_lanes1", e.graph(), "norse");
    Rtl.Design four = Rtl.generate("mlp_lanes4", e.graph(), "norse", null,
        Map.of("lif1", 4, "lif2", 4));
    long a = Arrays.stream(runExact(one, in, Testbench.Options.defaults())).sum();
    long b = Arrays.stream(runExact(four, in, Testbench.Options.defaults())).sum();
    runExact(four, in, Testbench.Options.defaults().withReadState(false).withReadyPeriod(3));
    int steps = e.sampleInput().length;
    System.out.printf("mlp: %.1f cycles per step with 4 lanes, %.1f with one (%.2fx)%n",
        b / (double) steps, a / (double) steps, a / (double) b);
    assertTrue(2 * b < a, "4 lanes: " + b + " cycles, one lane: " + a);
  }

  @Test
  void recurrentRsnnOverTwoLanesIsBitExactAndReplayedExactly() throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("rsnn").orElseThrow();
    Rtl.Design d = Rtl.generate("rsnn_lanes2", e.graph(), "norse", null,
        Map.of("lif", 2, "readout", 2));
    runExact(d, Map.of("input", Arrays.copyOf(e.sampleInput(), 60)),
        Testbench.Options.defaults());
  }

  @Test
  void aMergeOutOfAddressOrderIsADivergenceNamingTheOrder() throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("mlp").orElseThrow();
    Rtl.Design d;
    System.setProperty(FAULT_MERGE, "lif2");
    try {
      d = Rtl.generate("mlp_lanes_fault", e.graph(), "norse", null,
          Map.of("lif1", 4, "lif2", 4));
    } finally {
      System.clearProperty(FAULT_MERGE);
    }
    double[][] x = Rtl.spikes(73, 40, 16, 0.7);
    GoldenResult g = d.golden(x);
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println)) {
      CosimResult r = tb.run(x, g, Testbench.Options.defaults().withReadState(false)
          .withReadyPeriod(3), t -> { });
      assertTrue(r.divergence().isPresent(), "the planted merge went unnoticed");
      Divergence dv = r.divergence().orElseThrow();
      assertEquals("lif2", dv.layer(), dv.describe());
      assertTrue(dv.variable().startsWith("event order on "), dv.describe());
      assertTrue(dv.actual() < dv.expected(), dv.describe());
    }
  }
}
