package org.nirfpga.nir.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nirfpga.nir.SharedCorpus;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.hdf5.NirReader;
import org.nirfpga.nir.ref.Contract.Reset;

/**
 * The Braille recurrent SNN of the NIR paper, both graphs and both seeds, against the hidden and
 * output spikes Norse and snnTorch produced (oracle), in float32 and float64 runs.
 */
class BrailleConformanceTest {
  static NirGraph graph(String variant) throws Exception {
    String file = variant.equals("zero") ? "braille_noDelay_bias_zero.nir"
        : "braille_noDelay_noBias_subtract.nir";
    return NirReader.read(SharedCorpus.nirData().resolve("neuromorphs_NIR/paper/03_rnn")
        .resolve(file)).graph();
  }

  /** The preset with the reset the oracle ran each graph with. */
  static Contract contract(String simulator, String variant) {
    if (simulator.equals("norse")) {
      return variant.equals("zero") ? Contract.norse() : Contract.norse().withReset(Reset.SUBTRACT);
    }
    return variant.equals("zero") ? Contract.snntorch()
        : Contract.snntorch().withReset(Reset.SUBTRACT_DELAYED);
  }

  /** Every difference from the oracle files of one (graph, seed, simulator), empty when equal. */
  static List<String> differences(NirGraph g, Contract c, String variant, int seed,
      String simulator) throws Exception {
    return differences(g, "lif1.lif", c, variant, seed, simulator);
  }

  /** As above, with the hidden layer's node name given (nested exports name it differently). */
  static List<String> differences(NirGraph g, String hidden, Contract c, String variant, int seed,
      String simulator) throws Exception {
    Path oracle = SharedCorpus.oracle();
    double[][] input = Npy.read(oracle.resolve("braille_input_seed" + seed + ".npy")).rows();
    RunResult r = Evaluator.create(g, c).run(input, Set.of(hidden, "lif2"),
        ProgressListener.NONE);
    List<String> diffs = new ArrayList<>();
    for (String precision : List.of("f32", "f64")) {
      String stem = "braille_" + variant + "_seed" + seed + "_" + simulator + "_" + precision;
      Optional<String> hid = TraceDiff.first(stem + " hid", r.trace(hidden).output(),
          Npy.read(oracle.resolve(stem + "_hid.npy")).data(), 0);
      Optional<String> out = TraceDiff.first(stem + " out", r.trace("lif2").output(),
          Npy.read(oracle.resolve(stem + "_out.npy")).data(), 0);
      hid.ifPresent(diffs::add);
      out.ifPresent(diffs::add);
    }
    return diffs;
  }

  @ParameterizedTest(name = "{0} graph, seed {1}, {2}")
  @CsvSource({"zero,0,norse", "zero,1,norse", "subtract,0,norse", "subtract,1,norse",
      "zero,0,snntorch", "zero,1,snntorch", "subtract,0,snntorch", "subtract,1,snntorch"})
  void presetEqualsItsSimulatorElementForElement(String variant, int seed, String simulator)
      throws Exception {
    assertEquals(List.of(), differences(graph(variant), contract(simulator, variant), variant,
        seed, simulator));
  }

  /**
   * Spyx exports the same networks with the recurrent layer as a nested graph (its own Input,
   * CubaLIF, recurrent Affine and Output): data must pass through the inner Input port each step.
   */
  @ParameterizedTest(name = "{0} graph, seed {1}, {2}")
  @CsvSource({"zero,0,norse", "zero,1,norse", "subtract,0,norse", "subtract,1,norse",
      "zero,0,snntorch", "subtract,1,snntorch"})
  void nestedSpyxExportEqualsTheSameSimulator(String variant, int seed, String simulator)
      throws Exception {
    String file = variant.equals("zero") ? "braille_noDelay_bias_zero_subgraph.nir"
        : "braille_noDelay_noBias_subtract_subgraph.nir";
    NirGraph g = NirReader.read(SharedCorpus.nirData()
        .resolve("kmheckel_spyx/docs/examples/nir/rsnn").resolve(file)).graph();
    assertEquals(List.of(), differences(g, "lif1.lif1", contract(simulator, variant), variant,
        seed, simulator));
  }

  @ParameterizedTest(name = "seed {0}")
  @CsvSource({"0", "1"})
  void norseResetOnTheSubtractGraphFailsTheSnntorchComparison(int seed) throws Exception {
    List<String> d = differences(graph("subtract"), Contract.snntorch().withReset(Reset.SUBTRACT),
        "subtract", seed, "snntorch");
    assertTrue(!d.isEmpty() && d.get(0).contains("first difference at step"), d.toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"norse", "snntorch"})
  void aPerturbedRecurrentWeightFailsTheComparison(String simulator) throws Exception {
    NirGraph g = perturb(graph("zero"), "lif1.w_rec", 0.05);
    List<String> d = differences(g, contract(simulator, "zero"), "zero", 0, simulator);
    assertTrue(!d.isEmpty(), "a 5 % larger recurrent weight must change some spike");
  }

  /** The graph with one Affine/Linear node's weights scaled by {@code 1 + delta}. */
  static NirGraph perturb(NirGraph g, String node, double delta) {
    Map<String, NirNode> nodes = new LinkedHashMap<>(g.nodes());
    NirNode n = nodes.get(node);
    if (n instanceof Affine a) {
      nodes.put(node, new Affine(scaled(a.weight(), delta), a.bias(), a.metadata()));
    } else if (n instanceof Linear l) {
      nodes.put(node, new Linear(scaled(l.weight(), delta), l.metadata()));
    } else {
      throw new IllegalArgumentException(node + " is " + n);
    }
    return new NirGraph(nodes, g.edges(), g.metadata());
  }

  static Tensor scaled(Tensor t, double delta) {
    double[] d = t.toArray();
    for (int k = 0; k < d.length; k++) {
      d[k] *= 1 + delta;
    }
    return Tensor.of(t.shape(), d);
  }
}
