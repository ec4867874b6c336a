package org.nirfpga.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.ref.Contract;

/** The generated RTL, run in the HDL's cycle simulator, is bit-exact with the golden model. */
class BitExactTest {
  @ParameterizedTest(name = "preset {0}")
  @ValueSource(strings = {"nir", "norse", "snntorch"})
  void mlpExampleSpikesAndMembranesMatchTheGoldenModelOnEveryStep(String preset)
      throws Exception {
    Example e = Examples.named("mlp").orElseThrow();
    Contract c = Contract.preset(preset);
    QuantConfig q = Graphs.quantize(e.graph(), c);
    GeneratedPipeline p = PipelineGenerator.generate(e.graph(), q, c, "mlp.nir", "mlp_top");
    GoldenResult g = Graphs.golden(e.graph(), q, c, e.sampleInput());
    assertTrue(g.layers().get("lif2").spikeCount() > 10, "the run must exercise the output");
    Optional<String> diff = RtlVsGolden.firstDifference(p, g, e.sampleInput(), true);
    assertEquals(Optional.empty(), diff);
  }

  @ParameterizedTest(name = "reset {0}")
  @EnumSource(Contract.Reset.class)
  void smallIfGraphMatchesTheGoldenModelOnEveryStepForEveryReset(Contract.Reset reset)
      throws Exception {
    NirGraph graph = Graphs.smallIf(1.0);
    Contract c = Contract.norse().withReset(reset);
    double[][] x = Graphs.spikes(3, 300, 3, 0.5);
    QuantConfig q = Graphs.quantize(graph, c);
    GeneratedPipeline p = PipelineGenerator.generate(graph, q, c, "small.nir", "small_top");
    GoldenResult g = Graphs.golden(graph, q, c, x);
    assertTrue(g.layers().get("if1").spikeCount() > 20);
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(p, g, x, true));
  }

  @ParameterizedTest(name = "preset {0}")
  // IF r = 1 spikes under the per-step IF of norse and snntorch (nir's IF would scale by dt).
  @ValueSource(strings = {"norse", "snntorch"})
  void threeLayerChainDownToOneNeuronMatchesTheGoldenModel(String preset) throws Exception {
    NirGraph graph = Graphs.threeLayers();
    Contract c = Contract.preset(preset);
    double[][] x = Graphs.spikes(5, 200, 5, 0.4);
    QuantConfig q = Graphs.quantize(graph, c);
    GeneratedPipeline p = PipelineGenerator.generate(graph, q, c, "three.nir", "three_top");
    GoldenResult g = Graphs.golden(graph, q, c, x);
    for (String layer : new String[] {"if1", "lif2", "lif3"}) {
      assertTrue(g.layers().get(layer).spikeCount() > 0, layer + " must spike");
    }
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(p, g, x, true));
  }

  @ParameterizedTest(name = "{0} readout")
  @ValueSource(strings = {"LI", "I"})
  void nonSpikingReadoutStreamsEveryNeuronsVBitExactly(String readout) throws Exception {
    NirGraph graph = Graphs.readout(readout);
    Contract c = Contract.nir();
    double[][] x = Graphs.spikes(6, 200, 4, 0.4);
    QuantConfig q = Graphs.quantize(graph, c);
    GeneratedPipeline p = PipelineGenerator.generate(graph, q, c, "ro.nir", "ro_top");
    GoldenResult g = Graphs.golden(graph, q, c, x);
    assertTrue(g.layers().get("lif1").spikeCount() > 20, "the readout must be driven");
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(p, g, x, true));
  }

  @Test
  void readoutComparisonCatchesAPlantedValue() throws Exception {
    NirGraph graph = Graphs.readout("LI");
    Contract c = Contract.nir();
    double[][] x = Graphs.spikes(6, 50, 4, 0.4);
    QuantConfig q = Graphs.quantize(graph, c);
    GeneratedPipeline p = PipelineGenerator.generate(graph, q, c, "ro.nir", "ro_top");
    GoldenResult g = Graphs.golden(graph, q, c, x);
    g.layers().get("ro").v()[30][1] += 1;
    Optional<String> diff = RtlVsGolden.firstDifference(p, g, x, false);
    assertEquals(Optional.of("step 30, layer 'ro', neuron 1, output v: RTL "
        + (g.layers().get("ro").v()[30][1] - 1) + ", golden " + g.layers().get("ro").v()[30][1]),
        diff);
  }

  @ParameterizedTest(name = "reset {0}")
  @EnumSource(Contract.Reset.class)
  void perNeuronParametersMatchTheGoldenModel(Contract.Reset reset) throws Exception {
    NirGraph graph = Graphs.perNeuron();
    Contract c = Contract.nir().withReset(reset);
    double[][] x = Graphs.spikes(7, 200, 4, 0.4);
    QuantConfig q = Graphs.quantize(graph, c);
    GeneratedPipeline p = PipelineGenerator.generate(graph, q, c, "pn.nir", "pn_top");
    GoldenResult g = Graphs.golden(graph, q, c, x);
    int[] perNeuron = new int[6];
    for (int[] row : g.layers().get("lif").spikes()) {
      for (int n = 0; n < 6; n++) {
        perNeuron[n] += row[n];
      }
    }
    assertTrue(java.util.Arrays.stream(perNeuron).filter(s -> s > 0).count() >= 4,
        java.util.Arrays.toString(perNeuron));
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(p, g, x, true));
  }

  @Test
  void comparisonCatchesAGoldenRunWithAPerturbedThreshold() throws Exception {
    Contract c = Contract.norse();
    double[][] x = Graphs.spikes(3, 300, 3, 0.5);
    QuantConfig q = Graphs.quantize(Graphs.smallIf(1.0), c);
    GeneratedPipeline p = PipelineGenerator.generate(Graphs.smallIf(1.0), q, c, "small.nir",
        "small_top");
    GoldenResult planted = Graphs.golden(Graphs.smallIf(1.3), q, c, x);
    Optional<String> diff = RtlVsGolden.firstDifference(p, planted, x, false);
    assertTrue(diff.isPresent(),
        "a threshold 30% higher (v moves in steps of 0.25) must change some spike");
    assertTrue(diff.get().contains("layer 'if1'") && diff.get().contains("spikes"), diff.get());
  }

  @Test
  void membraneComparisonCatchesAPerturbedResetWhileTheSpikesStillAgree() throws Exception {
    Contract c = Contract.norse();
    double[][] x = Graphs.spikes(3, 300, 3, 0.5);
    QuantConfig q = Graphs.quantize(Graphs.smallIf(1.0), c);
    GeneratedPipeline p = PipelineGenerator.generate(Graphs.smallIf(1.0), q, c, "small.nir",
        "small_top");
    GoldenResult planted = Graphs.golden(Graphs.smallIf(1.0, 0.25), q, c, x);
    Optional<String> diff = RtlVsGolden.firstDifference(p, planted, x, true);
    assertTrue(diff.isPresent());
    assertTrue(diff.get().contains(", v: "), diff.get());
  }
}
