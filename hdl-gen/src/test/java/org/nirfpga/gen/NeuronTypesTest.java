package org.nirfpga.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nirfpga.fixed.DecayEncoding;
import org.nirfpga.fixed.FixedFormat;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerQuant;
import org.nirfpga.fixed.LayerTrace;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.ref.Contract;

/**
 * CubaLIF, CubaLI, Threshold and the multi-spike IF run bit-exactly with the golden model under
 * every preset and both decay encodings: output events, v and I of every neuron at every step,
 * and the saturation counts.
 */
class NeuronTypesTest {
  private static final String[] PRESETS = {"nir", "norse", "snntorch", "sinabs"};
  private static final int STEPS = 60;

  static Stream<Arguments> presetsAndEncodings() {
    List<Arguments> out = new ArrayList<>();
    for (String p : PRESETS) {
      for (DecayEncoding d : DecayEncoding.values()) {
        out.add(Arguments.of(p, d));
      }
    }
    return out.stream();
  }

  private static QuantOptions options(String preset, DecayEncoding decay) throws Exception {
    QuantOptions o = QuantOptions.defaults(Contract.preset(preset));
    return decay == DecayEncoding.SHIFT ? o.withDecay(DecayEncoding.SHIFT, 12) : o;
  }

  /** Generates {@code g}, runs it and the golden model, and returns the golden run. */
  private static GoldenResult assertBitExact(NirGraph g, QuantOptions o, double p)
      throws Exception {
    return assertBitExact(g, Quantizer.quantize(g, o), o.contract(), p);
  }

  private static GoldenResult assertBitExact(NirGraph g, QuantConfig q, Contract c, double p)
      throws Exception {
    double[][] x = Graphs.spikes(21, STEPS, 4, p);
    GeneratedPipeline pipe = PipelineGenerator.generate(g, q, c, "g.nir", "g_top");
    GoldenResult gold = Graphs.golden(g, q, c, x);
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(pipe, gold, x, true));
    return gold;
  }

  private static long spikes(LayerTrace t) {
    long n = 0;
    for (int[] row : t.spikes()) {
      for (int s : row) {
        n += s;
      }
    }
    return n;
  }

  @ParameterizedTest(name = "{0}, {1} decay")
  @MethodSource("presetsAndEncodings")
  void cubaLifIntoCubaLiReadoutMatchesTheGoldenModel(String preset, DecayEncoding decay)
      throws Exception {
    GoldenResult g = assertBitExact(Graphs.cuba(false), options(preset, decay), 0.5);
    assertTrue(spikes(g.layers().get("lif1")) > 10, "the Cuba layer must spike");
  }

  @ParameterizedTest(name = "{0}, {1} decay")
  @MethodSource("presetsAndEncodings")
  void cubaLayerWithPerNeuronParametersMatchesTheGoldenModel(String preset,
      DecayEncoding decay) throws Exception {
    GoldenResult g = assertBitExact(Graphs.cuba(true), options(preset, decay), 0.5);
    int[] perNeuron = new int[5];
    for (int[] row : g.layers().get("lif1").spikes()) {
      for (int n = 0; n < 5; n++) {
        perNeuron[n] += row[n];
      }
    }
    assertTrue(java.util.Arrays.stream(perNeuron).filter(s -> s > 0).count() >= 3,
        java.util.Arrays.toString(perNeuron));
  }

  @ParameterizedTest(name = "{0}, {1} decay")
  @MethodSource("presetsAndEncodings")
  void thresholdLayerMatchesTheGoldenModel(String preset, DecayEncoding decay)
      throws Exception {
    GoldenResult g = assertBitExact(Graphs.lastLayer("Threshold"), options(preset, decay), 0.6);
    long s = spikes(g.layers().get("th"));
    assertTrue(s > 5 && s < 3L * STEPS, "the Threshold layer must both fire and not: " + s);
  }

  @ParameterizedTest(name = "{0}, {1} decay")
  @MethodSource("presetsAndEncodings")
  void ifAsLastLayerMatchesTheGoldenModelWithMultiSpikeUnderSinabs(String preset,
      DecayEncoding decay) throws Exception {
    GoldenResult g = assertBitExact(Graphs.lastLayer("IF"), options(preset, decay), 0.6);
    int most = 0;
    for (int[] row : g.layers().get("th").spikes()) {
      for (int s : row) {
        most = Math.max(most, s);
      }
    }
    if (preset.equals("sinabs")) {
      assertTrue(most >= 2, "the multi-spike IF must emit several spikes in one step: " + most);
    } else {
      // Single-spike IF (nir's IF scales its input by dt and stays silent here).
      assertTrue(most <= 1, "a single-spike IF emitted " + most);
    }
  }

  @ParameterizedTest(name = "{0}, {1} decay")
  @MethodSource("presetsAndEncodings")
  void multiSpikeIfCountsFeedingAnotherLayerMatchTheGoldenModel(String preset,
      DecayEncoding decay) throws Exception {
    GoldenResult g = assertBitExact(Graphs.twoIfLayers(), options(preset, decay), 0.6);
    int most = 0;
    for (int[] row : g.layers().get("if1").spikes()) {
      for (int s : row) {
        most = Math.max(most, s);
      }
    }
    if (preset.equals("sinabs")) {
      assertTrue(most >= 2, "if1 must emit several spikes in one step: " + most);
      assertTrue(spikes(g.layers().get("if2")) > 3, "the counts must drive if2 to spike");
    }
  }

  @Test
  void narrowCurrentSaturatesAndIsCountedAtTheCurrentSite() throws Exception {
    Contract c = Contract.norse();
    NirGraph g = Graphs.cuba(false);
    QuantConfig q = Quantizer.quantize(g, QuantOptions.defaults(c));
    LayerQuant l = q.layers().get("lif1");
    // Three fewer integer bits than the quantizer chose: large currents clamp.
    FixedFormat narrow = new FixedFormat(l.current().totalBits() - 3, l.current().fracBits());
    QuantConfig edited = q.withLayer("lif1", new LayerQuant(l.type(), l.synapses(), l.weight(),
        l.accumulator(), l.v(), narrow, l.decay(), l.decayFracBits(), l.rounding(),
        l.overflow(), l.maxSpikes()));
    GoldenResult gold = assertBitExact(g, edited, c, 0.8);
    assertTrue(gold.saturation().getOrDefault("lif1.i", 0L) > 0, gold.saturation().toString());
  }

  @Test
  void multiSpikeIfBeyondMaxSpikesIsCountedAtTheSpikesSite() throws Exception {
    Contract c = Contract.sinabs();
    NirGraph g = Graphs.lastLayer("IF");
    QuantConfig q = Quantizer.quantize(g, QuantOptions.defaults(c));
    LayerQuant l = q.layers().get("th");
    QuantConfig edited = q.withLayer("th", new LayerQuant(l.type(), l.synapses(), l.weight(),
        l.accumulator(), l.v(), l.current(), l.decay(), l.decayFracBits(), l.rounding(),
        l.overflow(), 2));
    GoldenResult gold = assertBitExact(g, edited, c, 0.8);
    assertTrue(gold.saturation().getOrDefault("th.spikes", 0L) > 0, gold.saturation().toString());
  }

  @Test
  void currentComparisonCatchesAPlantedCurrent() throws Exception {
    Contract c = Contract.nir();
    NirGraph g = Graphs.cuba(false);
    QuantConfig q = Quantizer.quantize(g, QuantOptions.defaults(c));
    double[][] x = Graphs.spikes(21, 20, 4, 0.5);
    GeneratedPipeline pipe = PipelineGenerator.generate(g, q, c, "g.nir", "g_top");
    GoldenResult gold = Graphs.golden(g, q, c, x);
    gold.layers().get("ro").current()[7][2] += 1;
    Optional<String> diff = RtlVsGolden.firstDifference(pipe, gold, x, true);
    assertEquals(Optional.of("step 7, layer 'ro', neuron 2, I: RTL "
        + (gold.layers().get("ro").current()[7][2] - 1) + ", golden "
        + gold.layers().get("ro").current()[7][2]), diff);
  }

  @Test
  void spikeCountComparisonCatchesAPlantedCount() throws Exception {
    Contract c = Contract.sinabs();
    NirGraph g = Graphs.lastLayer("IF");
    QuantConfig q = Quantizer.quantize(g, QuantOptions.defaults(c));
    double[][] x = Graphs.spikes(21, 30, 4, 0.6);
    GeneratedPipeline pipe = PipelineGenerator.generate(g, q, c, "g.nir", "g_top");
    GoldenResult gold = Graphs.golden(g, q, c, x);
    int[][] sp = gold.layers().get("th").spikes();
    int t = 0;
    while (t < sp.length && sp[t][0] < 2) {
      t++;
    }
    assertTrue(t < sp.length, "neuron 0 must emit several spikes in some step");
    sp[t][0] += 1;
    Optional<String> diff = RtlVsGolden.firstDifference(pipe, gold, x, false);
    assertEquals(Optional.of("step " + t + ", layer 'th', neuron 0, spikes: RTL "
        + (sp[t][0] - 1) + ", golden " + sp[t][0]), diff);
  }

  @Test
  void saturationComparisonCatchesAMiscountedCurrentSite() throws Exception {
    Contract c = Contract.nir();
    NirGraph g = Graphs.cuba(false);
    QuantConfig q = Quantizer.quantize(g, QuantOptions.defaults(c));
    double[][] x = Graphs.spikes(21, 10, 4, 0.5);
    GeneratedPipeline pipe = PipelineGenerator.generate(g, q, c, "g.nir", "g_top");
    GoldenResult gold = Graphs.golden(g, q, c, x);
    Map<String, Long> sat = new HashMap<>(gold.saturation());
    sat.merge("ro.i", 1L, Long::sum);
    GoldenResult planted = new GoldenResult(gold.steps(), gold.layers(), gold.outputs(),
        gold.outputSources(), sat);
    Optional<String> diff = RtlVsGolden.firstDifference(pipe, planted, x, false);
    assertTrue(diff.isPresent() && diff.get().contains("saturation count ro.i"),
        diff.toString());
  }
}
