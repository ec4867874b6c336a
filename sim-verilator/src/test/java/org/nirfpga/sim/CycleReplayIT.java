package org.nirfpga.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.gen.TestGraphs;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.hdf5.NirReader;

/**
 * The cycle model's replay predicts the cycles Verilator measures on every step, and the
 * count-only bounds hold them, for graphs beyond a chain: recurrent, fan-in and fan-out with two
 * inputs and outputs, delay lines, Braille; a wrong cost is caught.
 */
@Tag("verilator")
class CycleReplayIT {
  /** A design under co-simulation: its golden model, inputs and golden run. */
  private record Case(Rtl.Design design, GoldenModel model, Map<String, double[][]> inputs,
      GoldenResult golden) {}

  private static Case open(String name, NirGraph g, String preset,
      Map<String, double[][]> inputs) throws Exception {
    Rtl.Design d = Rtl.generate(name, g, preset);
    GoldenModel gm = GoldenModel.create(d.graph(), d.config(), d.contract());
    return new Case(d, gm, inputs, gm.run(inputs));
  }

  /** A case of a graph with one Input node, whatever its name. */
  private static Case open(String name, NirGraph g, String preset, double[][] x)
      throws Exception {
    Rtl.Design d = Rtl.generate(name, g, preset);
    GoldenModel gm = GoldenModel.create(d.graph(), d.config(), d.contract());
    Map<String, double[][]> in = Map.of(gm.inputSizes().keySet().iterator().next(), x);
    return new Case(d, gm, in, gm.run(in));
  }

  /** Runs the case with {@code options}; returns the measured cycles after checking them. */
  private static long[] assertExact(Testbench tb, Case c, Testbench.Options options,
      String what) throws Exception {
    tb.reset();
    CosimResult r = tb.run(c.inputs(), c.golden(), options, t -> { });
    assertTrue(r.bitExact(), what + ": " + r.summary());
    CyclePrediction p = new CyclePrediction(tb.manifest(), c.model(), c.inputs(), c.golden());
    long[] measured = r.cyclesPerStep();
    assertArrayEquals(measured, p.replay(options), what + ": measured vs replayed cycles");
    double low = 0;
    double high = 0;
    for (int t = 1; t < measured.length; t++) {
      long[] b = p.bounds(t);
      assertTrue(b[0] <= measured[t] && measured[t] <= b[1], what + " step " + t + ": "
          + measured[t] + " cycles outside the bounds [" + b[0] + ", " + b[1] + "]");
      low += b[0] / (double) measured[t];
      high += b[1] / (double) measured[t];
    }
    System.out.printf("%s: %d steps replayed exactly; bounds / measured on average %.2f .."
        + " %.2f%n", what, measured.length, low / (measured.length - 1),
        high / (measured.length - 1));
    return measured;
  }

  @Test
  void recurrentRsnnStepsAreReplayedExactlyWithAndWithoutStateReadsAndBackpressure()
      throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("rsnn").orElseThrow();
    Case c = open("rsnn", e.graph(), "norse", Arrays.copyOf(e.sampleInput(), 40));
    try (Testbench tb = Testbench.open(c.design().dir(), BuildOptions.defaults(),
        System.out::println)) {
      assertExact(tb, c, Testbench.Options.defaults(), "rsnn");
      assertExact(tb, c, Testbench.Options.defaults().withReadState(false).withReadyPeriod(3),
          "rsnn, no state reads, outputs ready one cycle in 3");
    }
  }

  @Test
  void fanInFanOutTwoInputsAndOutputsAreReplayedExactlyAndAWrongWordCostIsCaught()
      throws Exception {
    Rtl.requireTools();
    Map<String, double[][]> x = new LinkedHashMap<>();
    x.put("in1", Rtl.spikes(41, 40, 4, 0.5));
    x.put("in2", Rtl.spikes(42, 40, 3, 0.5));
    Case c = open("fan", TestGraphs.fan(), "nir", x);
    try (Testbench tb = Testbench.open(c.design().dir(), BuildOptions.defaults(),
        System.out::println)) {
      Testbench.Options o = Testbench.Options.defaults();
      long[] measured = assertExact(tb, c, o, "fan");
      // The manifest's per-weight-word cost off by one must change some step's prediction.
      Manifest m = tb.manifest();
      ObjectNode json = m.json().deepCopy();
      ObjectNode k = (ObjectNode) json.get("cycle_model").get("constants");
      k.put("per_weight_word", k.get("per_weight_word").asInt() - 1);
      Manifest planted = new Manifest(m.dir(), m.top(), m.source(), m.clock(), m.resetN(),
          m.input(), m.output(), m.debug(), m.layers(), json);
      long[] wrong = new CyclePrediction(planted, c.model(), c.inputs(), c.golden()).replay(o);
      assertFalse(Arrays.equals(measured, wrong), "a wrong weight-word cost went unnoticed");
    }
  }

  @Test
  void delayLinesOnAFeedForwardAndARecurrentEdgeAreReplayedExactly() throws Exception {
    Rtl.requireTools();
    Case c = open("delays", TestGraphs.delays(), "nir", Rtl.spikes(49, 40, 3, 0.4));
    try (Testbench tb = Testbench.open(c.design().dir(), BuildOptions.defaults(),
        System.out::println)) {
      assertExact(tb, c, Testbench.Options.defaults(), "delays");
    }
  }

  @Test
  void brailleStepsAreReplayedExactly() throws Exception {
    Rtl.requireTools();
    Path shared = Rtl.shared();
    NirGraph g = NirReader.read(shared.resolve(
        "nir-data/neuromorphs_NIR/paper/03_rnn/braille_noDelay_bias_zero.nir")).graph();
    double[][] x = Npy.read(shared.resolve("oracle/braille_input_seed0.npy")).rows();
    Case c = open("braille_cycles", g, "norse", Arrays.copyOf(x, 30));
    try (Testbench tb = Testbench.open(c.design().dir(), BuildOptions.defaults(),
        System.out::println)) {
      assertExact(tb, c, Testbench.Options.defaults(), "braille_noDelay_bias_zero");
    }
  }
}
