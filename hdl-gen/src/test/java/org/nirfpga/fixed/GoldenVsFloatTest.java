package org.nirfpga.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nirfpga.nir.data.InputSeries;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.graph.Conv2d;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.hdf5.NirReader;
import org.nirfpga.nir.ref.Contract;
import org.nirfpga.nir.ref.Evaluator;
import org.nirfpga.nir.ref.ProgressListener;
import org.nirfpga.nir.ref.RunResult;

/**
 * The golden model against the float reference evaluator on the shared oracle inputs: with 8-bit
 * weights and 16-bit state each graph's agreement is held to a floor a little under what was
 * measured; with wide formats the spikes must be equal.
 */
class GoldenVsFloatTest {
  static NirGraph read(String rel) throws Exception {
    return NirReader.read(Shared.nir(rel)).graph();
  }

  static NirGraph lif() throws Exception {
    return read("neuromorphs_NIR/paper/01_lif/lif_norse.nir");
  }

  static NirGraph braille(String variant) throws Exception {
    return read("neuromorphs_NIR/paper/03_rnn/" + (variant.equals("zero")
        ? "braille_noDelay_bias_zero.nir" : "braille_noDelay_noBias_subtract.nir"));
  }

  static NirGraph cnn() throws Exception {
    return read("neuromorphs_NIR/paper/02_cnn/cnn_sinabs.nir");
  }

  /** The preset the oracle ran each Braille graph with (Norse). */
  static Contract brailleContract(String variant) {
    return variant.equals("zero") ? Contract.norse()
        : Contract.norse().withReset(Contract.Reset.SUBTRACT);
  }

  static double[][] lifInput() throws Exception {
    return Npy.read(Shared.oracle("lif_input.npy")).rows();
  }

  static double[][] brailleInput(int seed) throws Exception {
    return Npy.read(Shared.oracle("braille_input_seed" + seed + ".npy")).rows();
  }

  static double[][] cnnInput(NirGraph g) throws Exception {
    return InputSeries.read(Shared.oracle("cnn_input_sample.npy"),
        Evaluator.create(g, Contract.sinabs()).inputShape()).sample(0);
  }

  /** 8-bit weights, 16-bit state: the product's default. */
  static QuantOptions narrow(Contract c) {
    return QuantOptions.defaults(c);
  }

  /** 24-bit weights, 40-bit state, alpha to 22 bits, 4096 thresholds of headroom. */
  static QuantOptions wide(Contract c) {
    return QuantOptions.defaults(c).withBits(24, 40).withDecay(DecayEncoding.MULTIPLY, 22)
        .withHeadroom(4096);
  }

  static Agreement measure(NirGraph g, QuantOptions o, double[][] in) throws Exception {
    Agreement a = Agreement.measure(g, Quantizer.quantize(g, o), o.contract(), in);
    System.out.print(a.format());
    return a;
  }

  static Agreement.LayerAgreement layer(Agreement a, String path) {
    return a.layers().stream().filter(l -> l.path().equals(path)).findFirst().orElseThrow();
  }

  static void atLeast(double floor, double measured, String what) {
    assertTrue(measured >= floor, what + ": agreement " + measured + " is below the floor "
        + floor);
  }

  @Test
  void lifNorseAt8And16BitsSpikesExactlyWhenTheFloatModelDoes() throws Exception {
    Agreement a = measure(lif(), narrow(Contract.norse()), lifInput());
    // Measured: 1000/1000 steps agree, 4 spikes each (steps 460, 510, 710, 760), v RMSE 2e-4 th.
    atLeast(1.0, layer(a, "1").spikeAgreement(), "lif_norse layer 1");
    assertEquals(1.0, a.outputs().get(0).countAgreement());
    assertTrue(layer(a, "1").vRmseOverThreshold() < 1e-3);
    assertTrue(a.saturation().isEmpty());
  }

  @ParameterizedTest(name = "{0} graph, seed {1}: hidden >= {2}, output >= {3}")
  @CsvSource({
      // Measured hidden / output agreement: zero 0.9961 / 0.6038 (seed 0), 0.9963 / 0.6189
      // (seed 1); subtract 0.9977 / 0.9721, 0.9974 / 0.9626. The zero graph's output layer
      // fires on a third of all steps, so one shifted spike of an 8-bit weight moves many of
      // its later spikes.
      "zero, 0, 0.995, 0.59", "zero, 1, 0.995, 0.60",
      "subtract, 0, 0.995, 0.96", "subtract, 1, 0.995, 0.95"})
  void brailleAt8And16BitsHoldsItsFloor(String variant, int seed, double hidden, double out)
      throws Exception {
    Agreement a = measure(braille(variant), narrow(brailleContract(variant)), brailleInput(seed));
    atLeast(hidden, layer(a, "lif1.lif").spikeAgreement(), "hidden layer");
    atLeast(out, layer(a, "lif2").spikeAgreement(), "output layer");
    Agreement.OutputAgreement o = a.outputs().get(0);
    // Output spike totals within 10% of the float model's.
    assertTrue(Math.abs(o.fixedSpikes() - o.floatSpikes()) <= 0.1 * o.floatSpikes(),
        o.fixedSpikes() + " vs " + o.floatSpikes());
  }

  @Test
  void cnnSinabsAt8And16BitsHoldsItsFloorPerLayer() throws Exception {
    NirGraph g = cnn();
    QuantOptions o = narrow(Contract.sinabs()).withInputEvents(new EventRange(0, 8));
    Agreement a = measure(g, o, cnnInput(g));
    // Measured: 0.9848, 0.9312, 0.7725, 0.7898, 0.8000; output counts 7/10 equal.
    double[] floors = {0.98, 0.92, 0.76, 0.78, 0.79};
    String[] layers = {"1", "3", "6", "10", "12"};
    for (int i = 0; i < layers.length; i++) {
      atLeast(floors[i], layer(a, layers[i]).spikeAgreement(), "cnn layer " + layers[i]);
    }
    atLeast(0.7, a.outputs().get(0).countAgreement(), "cnn output spike counts");
  }

  /**
   * Spikes of every layer that differ between the golden model with wide formats and the float
   * model, as "graph layer step neuron" lines.
   */
  static List<String> wideMismatches(String name, NirGraph g, Contract c, double[][] in,
      EventRange events) throws Exception {
    QuantConfig q = Quantizer.quantize(g, wide(c).withInputEvents(events));
    return mismatches(name, GoldenModel.create(g, q, c).run(in), Evaluator.create(g, c), in);
  }

  static List<String> mismatches(String name, GoldenResult f, Evaluator ev, double[][] in)
      throws Exception {
    Set<String> rec = new LinkedHashSet<>(f.layers().keySet());
    RunResult r = ev.run(in, rec, ProgressListener.NONE);
    List<String> out = new ArrayList<>();
    for (LayerTrace l : f.layers().values()) {
      if (!l.spiking()) {
        continue;
      }
      double[][] ro = r.trace(l.path()).output();
      for (int t = 0; t < ro.length; t++) {
        for (int k = 0; k < ro[t].length; k++) {
          if (l.spikes()[t][k] != Math.round(ro[t][k])) {
            out.add(name + " " + l.path() + " step " + t + " neuron " + k);
          }
        }
      }
    }
    return out;
  }

  @Test
  void wideFormatsReproduceTheFloatSpikesOfEveryOracleGraph() throws Exception {
    // Threshold-edge cases (float v within one LSB of v_threshold) would be listed here; with
    // 24-bit weights and 40-bit state none of the five runs has one: every spike of every layer
    // is equal (lif 4, Braille 32/602, 39/610, 67/98, 81/91, CNN 10014/23369/18839/15797/1727).
    List<String> edgeCases = List.of();
    List<String> all = new ArrayList<>();
    all.addAll(wideMismatches("lif", lif(), Contract.norse(), lifInput(), EventRange.SPIKES));
    for (String variant : List.of("zero", "subtract")) {
      for (int seed = 0; seed < 2; seed++) {
        all.addAll(wideMismatches("braille-" + variant + "-" + seed, braille(variant),
            brailleContract(variant), brailleInput(seed), EventRange.SPIKES));
      }
    }
    NirGraph g = cnn();
    all.addAll(wideMismatches("cnn", g, Contract.sinabs(), cnnInput(g), new EventRange(0, 8)));
    assertEquals(edgeCases, all);
  }

  @Test
  void wideFormatsReproduceTheOtherPresetsToo() throws Exception {
    // snnTorch's delayed subtraction on the subtract graph, snnTorch's reset-to-zero on the zero
    // graph, and Norse's single-spike IF on the CNN: again no edge case.
    List<String> all = new ArrayList<>();
    for (int seed = 0; seed < 2; seed++) {
      all.addAll(wideMismatches("braille-subtract-snntorch-" + seed, braille("subtract"),
          Contract.snntorch(), brailleInput(seed), EventRange.SPIKES));
      all.addAll(wideMismatches("braille-zero-snntorch-" + seed, braille("zero"),
          Contract.snntorch().withReset(Contract.Reset.TO_V_RESET), brailleInput(seed),
          EventRange.SPIKES));
    }
    NirGraph g = cnn();
    all.addAll(wideMismatches("cnn-norse", g, Contract.norse(), cnnInput(g),
        new EventRange(0, 8)));
    all.addAll(wideMismatches("cnn-nir", g, Contract.nir(), cnnInput(g), new EventRange(0, 8)));
    assertEquals(List.of(), all);
  }

  @Test
  void aPlantedWeightErrorInTheGoldenModelIsCaughtByTheSpikeComparison() throws Exception {
    NirGraph g = cnn();
    Map<String, NirNode> nodes = new LinkedHashMap<>(g.nodes());
    Conv2d c = (Conv2d) nodes.get("2");
    double[] w = c.weight().toArray();
    w[0] *= 1.5; // one kernel tap of the convolution that feeds IF layer 3
    nodes.put("2", new Conv2d(c.inputShape(), Tensor.of(c.weight().shape(), w), c.stride(),
        c.padding(), c.dilation(), c.groups(), c.bias(), c.metadata()));
    NirGraph planted = new NirGraph(nodes, g.edges(), g.metadata());
    Contract s = Contract.sinabs();
    QuantConfig q = Quantizer.quantize(planted, wide(s).withInputEvents(new EventRange(0, 8)));
    double[][] in = cnnInput(g);
    List<String> m = mismatches("cnn", GoldenModel.create(planted, q, s).run(in),
        Evaluator.create(g, s), in);
    assertFalse(m.isEmpty());
    assertTrue(m.get(0).startsWith("cnn 3 step "), m.get(0));
  }

  @Test
  void aPlantedConventionErrorIsCaughtByTheAgreementReport() throws Exception {
    // The golden model run with reset-to-zero against a float model with subtraction.
    NirGraph g = braille("subtract");
    Contract sub = brailleContract("subtract");
    Contract zero = Contract.norse();
    QuantConfig q = Quantizer.quantize(g, wide(zero));
    double[][] in = brailleInput(0);
    GoldenResult f = GoldenModel.create(g, q, zero).run(in);
    RunResult r = Evaluator.create(g, sub).run(in, Set.of("lif1.lif", "lif2", "output"),
        ProgressListener.NONE);
    Agreement a = Agreement.compare(f, r);
    assertTrue(layer(a, "lif2").spikeAgreement() < 1.0);
    assertTrue(layer(a, "lif2").firstMismatch().startsWith("step "));
  }
}
