package org.nirfpga.nir.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nirfpga.nir.SharedCorpus;
import org.nirfpga.nir.data.InputSeries;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.graph.Conv2d;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.hdf5.NirReader;

/** The spiking CNN of the NIR paper: every IF layer against Norse and Sinabs (oracle). */
class CnnConformanceTest {
  static final List<String> IF_LAYERS = List.of("1", "3", "6", "10", "12");

  static NirGraph graph() throws Exception {
    return NirReader.read(SharedCorpus.nirData()
        .resolve("neuromorphs_NIR/paper/02_cnn/cnn_sinabs.nir")).graph();
  }

  static List<String> differences(NirGraph g, Contract c, String simulator) throws Exception {
    Path oracle = SharedCorpus.oracle();
    Evaluator ev = Evaluator.create(g, c);
    InputSeries in = InputSeries.read(oracle.resolve("cnn_input_sample.npy"), ev.inputShape());
    RunResult r = ev.run(in.sample(0), Set.copyOf(IF_LAYERS), ProgressListener.NONE);
    List<String> diffs = new ArrayList<>();
    for (String layer : IF_LAYERS) {
      String file = "cnn_sample_" + simulator + "_if" + layer + ".npy";
      TraceDiff.first(file, r.trace(layer).output(), Npy.read(oracle.resolve(file)).data(), 0)
          .ifPresent(diffs::add);
    }
    return diffs;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"norse", "sinabs"})
  void everyIfLayerEqualsTheSimulatorElementForElement(String simulator) throws Exception {
    assertEquals(List.of(), differences(graph(), Contract.preset(simulator), simulator));
  }

  @ParameterizedTest(name = "{0} preset against {1}")
  @CsvSource({"norse,sinabs", "sinabs,norse"})
  void theOtherSimulatorsIfFailsTheComparison(String preset, String simulator) throws Exception {
    assertFalse(differences(graph(), Contract.preset(preset), simulator).isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"norse", "sinabs"})
  void aPerturbedConvolutionWeightFailsTheComparison(String simulator) throws Exception {
    NirGraph g = graph();
    Map<String, NirNode> nodes = new LinkedHashMap<>(g.nodes());
    Conv2d c = (Conv2d) nodes.get("2");
    nodes.put("2", new Conv2d(c.inputShape(), BrailleConformanceTest.scaled(c.weight(), 0.05),
        c.stride(), c.padding(), c.dilation(), c.groups(), c.bias(), c.metadata()));
    List<String> d = differences(new NirGraph(nodes, g.edges(), g.metadata()),
        Contract.preset(simulator), simulator);
    assertFalse(d.isEmpty());
  }
}
