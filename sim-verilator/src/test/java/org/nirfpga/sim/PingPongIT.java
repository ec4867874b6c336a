package org.nirfpga.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;

/**
 * Layers with two accumulator banks, under Verilator: bit-exact with the golden model in every
 * layer's state after every step, with and without backpressure, the replay equal to the
 * measured cycles, and a neuron engine that scans the wrong bank caught as a divergence.
 */
@Tag("verilator")
class PingPongIT {
  /** The property that plants a bank fault in one layer (LayerEngine.TEST_FAULT_BANK). */
  private static final String FAULT_BANK = "nirfpga.test.fault.bank";

  @Test
  void recurrentRsnnWithTwoBanksIsBitExactAndReplayedExactly() throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("rsnn").orElseThrow();
    Rtl.Design d = Rtl.generate("rsnn_pingpong", e.graph(), "norse", null, Map.of(),
        Set.of("lif", "readout"));
    Map<String, double[][]> in = Map.of("input", Arrays.copyOf(e.sampleInput(), 60));
    LanesIT.runExact(d, in, Testbench.Options.defaults());
    LanesIT.runExact(d, in,
        Testbench.Options.defaults().withReadState(false).withReadyPeriod(3));
  }

  @Test
  void streamedBackToBackTwoBanksStayBitExactReplayedExactlyAndTakeFewerCycles()
      throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("mlp").orElseThrow();
    Map<String, double[][]> in = Map.of("input", Arrays.copyOf(e.sampleInput(), 80));
    Rtl.Design one = Rtl.generate("mlp_one_bank", e.graph(), "norse");
    Rtl.Design two = Rtl.generate("mlp_two_banks", e.graph(), "norse", null, Map.of(),
        Set.of("lif1", "lif2"));
    Testbench.Options streaming = Testbench.Options.defaults().withBackToBack(true);
    long a = Arrays.stream(LanesIT.runExact(one, in, streaming)).skip(1).sum();
    long b = Arrays.stream(LanesIT.runExact(two, in, streaming)).skip(1).sum();
    LanesIT.runExact(two, in, streaming.withReadyPeriod(3));
    long byStep = Arrays.stream(LanesIT.runExact(one, in, Testbench.Options.defaults()))
        .skip(1).sum();
    System.out.printf("mlp back to back: two banks %.1f cycles per step, one bank %.1f (%.2fx);"
        + " a step at a time %.1f%n", b / 79.0, a / 79.0, a / (double) b, byStep / 79.0);
    assertTrue(b * 10 < a * 9, "two banks: " + b + " cycles, one bank: " + a);
  }

  @Test
  void mlpOverTwoLanesWithTwoBanksIsBitExactAndReplayedExactly() throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("mlp").orElseThrow();
    Rtl.Design d = Rtl.generate("mlp_lanes2_pingpong", e.graph(), "norse", null,
        Map.of("lif1", 2, "lif2", 2), Set.of("lif1", "lif2"));
    LanesIT.runExact(d, Map.of("input", Arrays.copyOf(e.sampleInput(), 60)),
        Testbench.Options.defaults());
  }

  @Test
  void aScanOfTheWrongBankIsADivergenceInThatLayer() throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("mlp").orElseThrow();
    Rtl.Design d;
    System.setProperty(FAULT_BANK, "lif1");
    try {
      d = Rtl.generate("mlp_bank_fault", e.graph(), "norse", null, Map.of(),
          Set.of("lif1", "lif2"));
    } finally {
      System.clearProperty(FAULT_BANK);
    }
    double[][] x = Arrays.copyOf(e.sampleInput(), 20);
    GoldenResult g = d.golden(x);
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println)) {
      for (Testbench.Options o : new Testbench.Options[] {Testbench.Options.defaults(),
          Testbench.Options.defaults().withBackToBack(true)}) {
        CosimResult r = tb.run(Map.of("input", x), g, o, t -> { });
        assertTrue(r.divergence().isPresent(), "the planted bank fault went unnoticed");
        assertTrue(o.backToBack() || r.divergence().orElseThrow().layer().equals("lif1"),
            r.divergence().orElseThrow().describe());
        tb.reset();
      }
    }
  }
}
