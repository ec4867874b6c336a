package org.nirfpga.nir.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.Conv2d;
import org.nirfpga.nir.graph.CubaLI;
import org.nirfpga.nir.graph.CubaLIF;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.Flatten;
import org.nirfpga.nir.graph.IF;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.Metadata;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Padding;
import org.nirfpga.nir.graph.SumPool2d;
import org.nirfpga.nir.graph.Tensor;

/**
 * The built-in example networks, built from fixed seeds so every run gives the same graph.
 *
 * <p>Weights are multiples of 1/32 so that 8-bit fixed-point formats can hold them exactly; that keeps
 * the examples useful as bit-exactness fixtures further down the road.
 */
public final class Examples {
  /** dt the examples' time constants are chosen for, in seconds (the NIR paper's). */
  public static final double DT = 1e-4;

  private Examples() {}

  /** All examples, in a stable order. */
  public static List<Example> all() {
    return List.of(lif(), mlp(), rsnn(), cnn());
  }

  /** The example with this name. */
  public static Optional<Example> named(String name) {
    return all().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** Names of all examples, in order. */
  public static List<String> names() {
    return all().stream().map(Example::name).toList();
  }

  /** One LIF neuron driven by a ramp: silent while r*x stays below threshold, then ever faster. */
  static Example lif() {
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("input", new Input(Dims.of(1), null));
    nodes.put("lif", new LIF(Tensor.vector(1e-3), Tensor.vector(1.0), Tensor.vector(0.0),
        Tensor.vector(1.0), Tensor.vector(0.0), null));
    nodes.put("output", new Output(Dims.of(1), null));
    NirGraph g = new NirGraph(nodes, List.of(new Edge("input", "lif"), new Edge("lif", "output")),
        meta("single LIF neuron, input ramp"));
    int steps = 400;
    double[][] x = new double[steps][1];
    for (int t = 0; t < steps; t++) {
      x[t][0] = 3.0 * t / steps;
    }
    return new Example("lif", "one LIF neuron (tau 1 ms, threshold 1) driven by a ramp from 0 to 3",
        g, Dims.of(1), x);
  }

  /** Two fully connected LIF layers: 16 inputs, 24 hidden, 4 outputs. */
  static Example mlp() {
    SplittableRandom rnd = new SplittableRandom(20240611L);
    int in = 16;
    int hid = 24;
    int out = 4;
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("input", new Input(Dims.of(in), null));
    nodes.put("fc1", new Affine(weights(rnd, hid, in, 12), weights(rnd, hid, 1, 2).reshape(hid), null));
    nodes.put("lif1", lifLayer(hid, 2e-3, 1.0));
    nodes.put("fc2", new Affine(weights(rnd, out, hid, 10), Tensor.full(new int[] {out}, 0.0), null));
    nodes.put("lif2", lifLayer(out, 4e-3, 1.0));
    nodes.put("output", new Output(Dims.of(out), null));
    NirGraph g = new NirGraph(nodes, chain("input", "fc1", "lif1", "fc2", "lif2", "output"),
        meta("two-layer LIF MLP"));
    return new Example("mlp", "two-layer LIF MLP 16-24-4 with biases, Bernoulli(0.3) input spikes",
        g, Dims.of(in), bernoulli(new SplittableRandom(7), 200, in, 0.3));
  }

  /** A recurrent CubaLIF layer with a CubaLI readout (values, not spikes, at the output). */
  static Example rsnn() {
    SplittableRandom rnd = new SplittableRandom(20240612L);
    int in = 8;
    int hid = 16;
    int out = 4;
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("input", new Input(Dims.of(in), null));
    nodes.put("fc_in", new Linear(weights(rnd, hid, in, 16), null));
    // w_in = tau_syn/dt and r = tau_mem/dt: snnTorch's I = a*I + x; v = b*v + I.
    nodes.put("lif", new CubaLIF(full(hid, 5e-4), full(hid, 1e-3), full(hid, 10.0), full(hid, 0.0),
        full(hid, 1.0), full(hid, 0.0), full(hid, 5.0), null));
    nodes.put("w_rec", new Linear(weights(rnd, hid, hid, 8), null));
    nodes.put("fc_out", new Linear(weights(rnd, out, hid, 8), null));
    nodes.put("readout", new CubaLI(full(out, 5e-4), full(out, 2e-3), full(out, 20.0),
        full(out, 0.0), full(out, 5.0), null));
    nodes.put("output", new Output(Dims.of(out), null));
    List<Edge> edges = new ArrayList<>(chain("input", "fc_in", "lif", "fc_out", "readout", "output"));
    edges.add(new Edge("lif", "w_rec"));
    edges.add(new Edge("w_rec", "lif"));
    NirGraph g = new NirGraph(nodes, edges, meta("recurrent CubaLIF network with a CubaLI readout"));
    return new Example("rsnn", "recurrent CubaLIF layer (8-16-4, 16x16 recurrent weights), CubaLI readout",
        g, Dims.of(in), bernoulli(new SplittableRandom(8), 200, in, 0.2));
  }

  /** A small spiking CNN: Conv2d + IF, SumPool2d, Flatten, Affine + LIF. */
  static Example cnn() {
    SplittableRandom rnd = new SplittableRandom(20240613L);
    int c = 2;
    int h = 12;
    int f = 4;
    int classes = 10;
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("input", new Input(Dims.of(c, h, h), null));
    Tensor kernel = weights(rnd, f, c * 9, 16).reshape(f, c, 3, 3);
    nodes.put("conv", new Conv2d(Dims.of(h, h), kernel, Dims.of(1, 1), Padding.of(1, 1),
        Dims.of(1, 1), 1, Tensor.full(new int[] {f}, 0.0), null));
    int[] fmap = {f, h, h};
    // NIR's IF integrates dv/dt = r*x: r = 1/dt makes one unit of input one unit of v per step.
    // The threshold sits between points of the 1/32 weight grid, so no sum of weights lands on
    // it exactly and the strict test v > threshold never hinges on rounding.
    nodes.put("if1", new IF(Tensor.full(fmap, 1.0 / DT), Tensor.full(fmap, 1.0 + 1.0 / 64),
        Tensor.full(fmap, 0.0), null));
    nodes.put("pool", new SumPool2d(Dims.of(2, 2), Dims.of(2, 2), Dims.of(0, 0), null));
    nodes.put("flat", new Flatten(Dims.of(f, h / 2, h / 2), 0, -1, null));
    int flat = f * (h / 2) * (h / 2);
    nodes.put("fc", new Affine(weights(rnd, classes, flat, 8), Tensor.full(new int[] {classes}, 0.0),
        null));
    nodes.put("lif", lifLayer(classes, 2e-3, 1.0));
    nodes.put("output", new Output(Dims.of(classes), null));
    NirGraph g = new NirGraph(nodes,
        chain("input", "conv", "if1", "pool", "flat", "fc", "lif", "output"),
        meta("small spiking CNN"));
    return new Example("cnn", "spiking CNN 2x12x12 -> conv3x3(4) IF -> sumpool2 -> flatten -> 10 LIF",
        g, Dims.of(c, h, h), bernoulli(new SplittableRandom(9), 50, c * h * h, 0.15));
  }

  private static Metadata meta(String description) {
    return new Metadata(Map.of("description", description, "generator", "nirfpga example"));
  }

  /** A LIF layer whose input gain r = tau/dt makes one unit of input one unit of v per step. */
  private static LIF lifLayer(int n, double tau, double threshold) {
    return new LIF(full(n, tau), full(n, tau / DT), full(n, 0.0), full(n, threshold),
        full(n, 0.0), null);
  }

  private static Tensor full(int n, double v) {
    return Tensor.full(new int[] {n}, v);
  }

  /** Uniform integers in [-range, range] / 32, shape (rows, cols). */
  private static Tensor weights(SplittableRandom rnd, int rows, int cols, int range) {
    double[] w = new double[rows * cols];
    for (int i = 0; i < w.length; i++) {
      w[i] = rnd.nextInt(-range, range + 1) / 32.0;
    }
    return Tensor.of(new int[] {rows, cols}, w);
  }

  private static double[][] bernoulli(SplittableRandom rnd, int steps, int n, double p) {
    double[][] x = new double[steps][n];
    for (double[] row : x) {
      for (int i = 0; i < n; i++) {
        row[i] = rnd.nextDouble() < p ? 1.0 : 0.0;
      }
    }
    return x;
  }

  private static List<Edge> chain(String... names) {
    List<Edge> edges = new ArrayList<>();
    for (int i = 0; i + 1 < names.length; i++) {
      edges.add(new Edge(names[i], names[i + 1]));
    }
    return edges;
  }
}
