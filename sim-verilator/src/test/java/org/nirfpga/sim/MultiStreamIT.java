package org.nirfpga.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;

/** A top with two input and two output streams against the golden model. */
@Tag("verilator")
class MultiStreamIT {
  private static final int STEPS = 40;

  @TempDir
  Path tmp;

  private static Map<String, double[][]> inputs() {
    return Map.of("in1", Rtl.spikes(41, STEPS, 4, 0.5), "in2", Rtl.spikes(42, STEPS, 3, 0.5));
  }

  @Test
  void twoInputsAndTwoOutputsAreBitExactWithAndWithoutBackpressure() throws Exception {
    Rtl.requireTools();
    Rtl.Design d = Rtl.generate("fan", Rtl.fan(), "nir");
    Map<String, double[][]> x = inputs();
    GoldenResult g = GoldenModel.create(d.graph(), d.config(), d.contract()).run(x);
    for (String layer : List.of("a", "b", "c")) {
      assertTrue(g.layers().get(layer).spikeCount() > 5, layer + " hardly spikes");
    }
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println)) {
      CosimResult r = tb.run(x, g, Testbench.Options.defaults(), t -> { });
      assertTrue(r.bitExact(), r.summary());
      assertEquals(STEPS, r.stepsRun());
      assertEquals(List.of("oc", "oa"), List.copyOf(r.streamOutputs().keySet()));
      long[][] oa = r.streamOutputs().get("oa");
      int[][] spikesA = g.layers().get("a").spikes();
      for (int t = 0; t < STEPS; t++) {
        for (int n = 0; n < 5; n++) {
          assertEquals(spikesA[t][n], oa[t][n], "step " + t + " neuron " + n);
        }
      }
      assertTrue(r.outputs() == r.streamOutputs().get("oc"));

      tb.reset();
      CosimResult slow = tb.run(x, GoldenModel.create(d.graph(), d.config(), d.contract())
          .run(x), Testbench.Options.defaults().withReadyPeriod(3), t -> { });
      assertTrue(slow.bitExact(), slow.summary());
      assertEquals(STEPS, slow.stepsRun());
      assertTrue(slow.cycleStats()[1] > r.cycleStats()[1], "a slow consumer costs cycles");

      // A consumer that is never ready: the step is stuck, naming both waiting streams.
      tb.reset();
      CosimResult stuck = tb.run(x, g, Testbench.Options.defaults().withReadyPeriod(0)
          .withBudget(300), t -> { });
      assertTrue(stuck.stuck().isPresent(), stuck.summary());
      assertEquals(0, stuck.stepsRun());
      assertTrue(stuck.stuck().get().startsWith("timestep 0: top_fan: no end-of-step marker on"
          + " output streams out_0, out_1 within 300 cycles (input events taken: in_0 "),
          stuck.stuck().get());

      // The same steps in a child process give the same events and cycles.
      try (Testbench child = Testbench.openSubprocess(d.dir(), BuildOptions.defaults(),
          System.out::println)) {
        CosimResult viaChild = child.run(x, g, Testbench.Options.defaults(), t -> { });
        assertTrue(viaChild.bitExact(), viaChild.summary());
        assertArrayEquals(r.cyclesPerStep(), viaChild.cyclesPerStep());
        assertArrayEquals(r.streamOutputs().get("oc"), viaChild.streamOutputs().get("oc"));
      }
    }
  }

  @Test
  void aChangedWeightOnTheSecondInputsChainIsCaughtAndNamed() throws Exception {
    Rtl.requireTools();
    Rtl.Design d = Rtl.generate("fan", Rtl.fan(), "nir");
    Path faulty = Rtl.copy(d.dir(), tmp.resolve("faulty"));
    Path image = faulty.resolve("layer_b_weights.hex");
    List<String> words = new ArrayList<>(Files.readAllLines(image));
    long w = Long.parseLong(words.get(0), 16);
    words.set(0, String.format("%0" + words.get(0).length() + "x", w ^ 0x40));
    Files.write(image, words);
    Map<String, double[][]> x = inputs();
    GoldenResult g = GoldenModel.create(d.graph(), d.config(), d.contract()).run(x);
    try (Testbench tb = Testbench.open(faulty, BuildOptions.defaults(), System.out::println)) {
      CosimResult r = tb.run(x, g, Testbench.Options.defaults(), t -> { });
      assertTrue(r.divergence().isPresent(), r.summary());
      Divergence div = r.divergence().get();
      assertEquals("b", div.layer(), div.describe());
      assertEquals("v", div.variable(), div.describe());

      // Without the state reads the fault shows on the stream that carries c's spikes.
      tb.reset();
      CosimResult events = tb.run(x, g, Testbench.Options.defaults().withReadState(false),
          t -> { });
      assertTrue(events.divergence().isPresent(), events.summary());
      Divergence e = events.divergence().get();
      assertEquals("c", e.layer(), e.describe());
      assertEquals("spikes on stream out_0 (output 'oc')", e.variable(), e.describe());
      assertTrue(e.timestep() >= div.timestep(), e.describe() + " / " + div.describe());
    }
  }
}
