package org.nirfpga.gen;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.CubaLI;
import org.nirfpga.nir.graph.CubaLIF;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.I;
import org.nirfpga.nir.graph.IF;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LI;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.graph.Threshold;
import org.nirfpga.nir.ref.Contract;

/** Small graphs and inputs for the generator tests. */
final class Graphs {
  private Graphs() {}

  /**
   * Input(3) -> Linear 2x3 (mixed signs) -> IF(2) -> Output, IF threshold {@code theta}; r = 1,
   * so a per-step IF (norse) adds the weights unscaled.
   */
  static NirGraph smallIf(double theta) {
    return smallIf(theta, 0.0);
  }

  /** {@link #smallIf(double)} with v_reset {@code vReset}. */
  static NirGraph smallIf(double theta, double vReset) {
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(3), null));
    nodes.put("fc", new Linear(Tensor.of(new int[] {2, 3},
        0.5, -0.25, 0.75,
        -0.5, 1.0, 0.25), null));
    nodes.put("if1", new IF(Tensor.vector(1.0, 1.0), Tensor.vector(theta, theta),
        Tensor.vector(vReset, vReset), null));
    nodes.put("out", new Output(Dims.of(2), null));
    return new NirGraph(nodes, List.of(new Edge("in", "fc"), new Edge("fc", "if1"),
        new Edge("if1", "out")));
  }

  /**
   * Input(5) -> Linear -> IF(6) -> Affine -> LIF(7) -> Linear -> LIF(1) -> Output: three layers,
   * with and without bias, down to a single neuron; weights on the 1/16 grid from a fixed seed.
   */
  static NirGraph threeLayers() {
    SplittableRandom r = new SplittableRandom(11);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(5), null));
    nodes.put("w1", new Linear(grid(r, 6, 5), null));
    nodes.put("if1", new IF(Tensor.full(new int[] {6}, 1.0), Tensor.full(new int[] {6}, 1.0),
        Tensor.full(new int[] {6}, 0.0), null));
    nodes.put("w2", new Affine(grid(r, 7, 6), Tensor.full(new int[] {7}, 0.0625), null));
    nodes.put("lif2", new LIF(Tensor.full(new int[] {7}, 1e-3), Tensor.full(new int[] {7}, 10.0),
        Tensor.full(new int[] {7}, 0.0), Tensor.full(new int[] {7}, 1.0),
        Tensor.full(new int[] {7}, 0.0), null));
    nodes.put("w3", new Linear(grid(r, 1, 7), null));
    nodes.put("lif3", new LIF(Tensor.vector(2e-3), Tensor.vector(20.0), Tensor.vector(0.0),
        Tensor.vector(1.0), Tensor.vector(0.0), null));
    nodes.put("out", new Output(Dims.of(1), null));
    return new NirGraph(nodes, List.of(new Edge("in", "w1"), new Edge("w1", "if1"),
        new Edge("if1", "w2"), new Edge("w2", "lif2"), new Edge("lif2", "w3"),
        new Edge("w3", "lif3"), new Edge("lif3", "out")));
  }

  /**
   * Input(4) -> Affine -> LIF(5) -> Linear -> {@code readout}(3) -> Output: a spiking hidden layer
   * and a non-spiking readout (readout "LI" or "I").
   */
  static NirGraph readout(String readout) {
    SplittableRandom r = new SplittableRandom(12);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(4), null));
    nodes.put("w1", new Affine(grid(r, 5, 4), Tensor.full(new int[] {5}, 0.125), null));
    nodes.put("lif1", new LIF(Tensor.full(new int[] {5}, 1e-3), Tensor.full(new int[] {5}, 10.0),
        Tensor.full(new int[] {5}, 0.0), Tensor.full(new int[] {5}, 1.0),
        Tensor.full(new int[] {5}, 0.0), null));
    nodes.put("w2", new Linear(grid(r, 3, 5), null));
    nodes.put("ro", readout.equals("LI")
        ? new LI(Tensor.full(new int[] {3}, 2e-3), Tensor.full(new int[] {3}, 20.0),
            Tensor.full(new int[] {3}, 0.0), null)
        : new I(Tensor.full(new int[] {3}, 100.0), null));
    nodes.put("out", new Output(Dims.of(3), null));
    return new NirGraph(nodes, List.of(new Edge("in", "w1"), new Edge("w1", "lif1"),
        new Edge("lif1", "w2"), new Edge("w2", "ro"), new Edge("ro", "out")));
  }

  /**
   * Input(4) -> Affine -> LIF(6) -> Output where every neuron has its own tau, threshold, v_leak
   * and v_reset.
   */
  static NirGraph perNeuron() {
    SplittableRandom r = new SplittableRandom(13);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(4), null));
    nodes.put("w", new Affine(grid(r, 6, 4), Tensor.full(new int[] {6}, 0.0625), null));
    nodes.put("lif", new LIF(Tensor.vector(1e-3, 2e-3, 5e-4, 1e-3, 4e-3, 3e-3),
        Tensor.full(new int[] {6}, 10.0), Tensor.vector(0, 0.1, -0.1, 0, 0.2, 0),
        Tensor.vector(1.0, 0.5, 1.5, 0.75, 1.0, 2.0), Tensor.vector(0, 0.125, -0.25, 0, 0, 0.5),
        null));
    nodes.put("out", new Output(Dims.of(6), null));
    return new NirGraph(nodes, List.of(new Edge("in", "w"), new Edge("w", "lif"),
        new Edge("lif", "out")));
  }

  /**
   * Input(4) -> Affine -> CubaLIF(5) -> Linear -> CubaLI(3) -> Output: a spiking Cuba layer and a
   * Cuba readout. With {@code perNeuron}, every CubaLIF neuron has its own tau_syn, tau_mem,
   * threshold and v_reset, and one has r = 0 (its current does not drive v).
   */
  static NirGraph cuba(boolean perNeuron) {
    SplittableRandom r = new SplittableRandom(14);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(4), null));
    // Rows of mixed sign but positive sum, so that every neuron can be driven to spike.
    Tensor w1 = perNeuron ? Tensor.of(new int[] {5, 4},
        0.75, -0.25, 0.5, 0.25,
        0.5, 0.5, -0.5, 1.0,
        -0.25, 1.0, 0.75, 0.25,
        1.0, 0.25, 0.25, -0.5,
        0.25, 0.75, 0.5, 0.5) : grid(r, 5, 4);
    nodes.put("w1", new Affine(w1, Tensor.full(new int[] {5}, 0.0625), null));
    int[] s5 = {5};
    nodes.put("lif1", perNeuron
        ? new CubaLIF(Tensor.vector(2e-4, 4e-4, 2e-4, 8e-4, 3e-4),
            Tensor.vector(1e-3, 2e-3, 5e-4, 1e-3, 4e-3), Tensor.vector(10, 20, 5, 0, 40),
            Tensor.vector(0, 0.1, 0, 0, -0.1), Tensor.vector(1.0, 0.5, 1.5, 1.0, 0.75),
            Tensor.vector(0, 0.125, -0.25, 0, 0), Tensor.full(s5, 1.0), null)
        : new CubaLIF(Tensor.full(s5, 2e-4), Tensor.full(s5, 1e-3), Tensor.full(s5, 10.0),
            Tensor.full(s5, 0.0), Tensor.full(s5, 1.0), Tensor.full(s5, 0.0),
            Tensor.full(s5, 1.0), null));
    nodes.put("w2", new Linear(grid(r, 3, 5), null));
    int[] s3 = {3};
    nodes.put("ro", new CubaLI(Tensor.full(s3, 5e-4), Tensor.full(s3, 2e-3),
        Tensor.full(s3, 20.0), Tensor.full(s3, 0.0), Tensor.full(s3, 1.0), null));
    nodes.put("out", new Output(Dims.of(3), null));
    return new NirGraph(nodes, List.of(new Edge("in", "w1"), new Edge("w1", "lif1"),
        new Edge("lif1", "w2"), new Edge("w2", "ro"), new Edge("ro", "out")));
  }

  /**
   * Input(4) -> Linear -> LIF(5) -> Linear -> {@code last} -> Output, where {@code last} is a
   * Threshold(3) node (thresholds 0.25, 0, -0.5) or an IF(3) with threshold 0.5 (a multi-spike
   * IF under the sinabs preset, whose large inputs give several spikes per step).
   */
  static NirGraph lastLayer(String last) {
    SplittableRandom r = new SplittableRandom(15);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(4), null));
    nodes.put("w1", new Linear(grid(r, 5, 4), null));
    int[] s5 = {5};
    nodes.put("lif1", new LIF(Tensor.full(s5, 5e-4), Tensor.full(s5, 10.0),
        Tensor.full(s5, 0.0), Tensor.full(s5, 1.0), Tensor.full(s5, 0.0), null));
    double[] w2 = new double[15];
    for (int i = 0; i < w2.length; i++) {
      w2[i] = (r.nextInt(49) - 16) / 8.0;
    }
    nodes.put("w2", new Linear(Tensor.of(new int[] {3, 5}, w2), null));
    int[] s3 = {3};
    nodes.put("th", last.equals("Threshold")
        ? new Threshold(Tensor.vector(0.25, 0, -0.5), null)
        : new IF(Tensor.full(s3, 1.0), Tensor.full(s3, 0.5), Tensor.full(s3, 0.0), null));
    nodes.put("out", new Output(Dims.of(3), null));
    return new NirGraph(nodes, List.of(new Edge("in", "w1"), new Edge("w1", "lif1"),
        new Edge("lif1", "w2"), new Edge("w2", "th"), new Edge("th", "out")));
  }

  /**
   * in(4) -> w1 -> if1(5) -> w2 -> if2(3) -> out: two IF layers, so under the sinabs preset the
   * first one's spike counts (several per step with these weights) multiply the second's weights.
   */
  static NirGraph twoIfLayers() {
    SplittableRandom r = new SplittableRandom(23);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(4), null));
    double[] w1 = new double[20];
    for (int i = 0; i < w1.length; i++) {
      w1[i] = (r.nextInt(40) - 8) / 8.0;
    }
    nodes.put("w1", new Linear(Tensor.of(new int[] {5, 4}, w1), null));
    int[] s5 = {5};
    nodes.put("if1", new IF(Tensor.full(s5, 1.0), Tensor.full(s5, 0.5), Tensor.full(s5, 0.0),
        null));
    double[] w2 = new double[15];
    for (int i = 0; i < w2.length; i++) {
      w2[i] = (r.nextInt(33) - 12) / 16.0;
    }
    nodes.put("w2", new Linear(Tensor.of(new int[] {3, 5}, w2), null));
    int[] s3 = {3};
    nodes.put("if2", new IF(Tensor.full(s3, 1.0), Tensor.full(s3, 1.0), Tensor.full(s3, 0.0),
        null));
    nodes.put("out", new Output(Dims.of(3), null));
    return new NirGraph(nodes, List.of(new Edge("in", "w1"), new Edge("w1", "if1"),
        new Edge("if1", "w2"), new Edge("w2", "if2"), new Edge("if2", "out")));
  }

  private static Tensor grid(SplittableRandom r, int rows, int cols) {
    double[] w = new double[rows * cols];
    for (int i = 0; i < w.length; i++) {
      w[i] = (r.nextInt(33) - 12) / 16.0;
    }
    return Tensor.of(new int[] {rows, cols}, w);
  }

  /** Bernoulli(p) spikes, [steps][n], from a fixed seed. */
  static double[][] spikes(long seed, int steps, int n, double p) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[steps][n];
    for (double[] row : x) {
      for (int j = 0; j < n; j++) {
        row[j] = r.nextDouble() < p ? 1 : 0;
      }
    }
    return x;
  }

  /** The node paths of every layer of {@code gm}, in pipeline order. */
  static Set<String> everyLayer(GoldenModel gm) {
    Set<String> out = new LinkedHashSet<>();
    for (LayerConstants c : gm.constants()) {
      out.add(c.path());
    }
    return out;
  }

  static QuantConfig quantize(NirGraph g, Contract c) throws NirfpgaException {
    return Quantizer.quantize(g, QuantOptions.defaults(c));
  }

  static GoldenResult golden(NirGraph g, QuantConfig q, Contract c, double[][] x)
      throws NirfpgaException {
    return GoldenModel.create(g, q, c).run(x);
  }
}
