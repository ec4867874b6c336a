package org.nirfpga.nir.ref;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.data.InputSeries;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.data.NpyArray;
import org.nirfpga.nir.data.NpyDtype;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.hdf5.NirDataFile;

/**
 * A whole simulation as {@code nirfpga simulate} runs it: every sample of an input series through
 * the evaluator, then the recorded nodes written as {@code .npy} files and a {@code report.json}.
 *
 * @param samples one run per batch sample, in input order
 * @param batched whether the input had a batch axis (then outputs keep one too)
 */
public record Simulation(Contract contract, List<String> recorded, List<RunResult> samples,
    boolean batched, long wallNanos) {
  public Simulation {
    Objects.requireNonNull(contract, "contract");
    recorded = List.copyOf(recorded);
    samples = List.copyOf(samples);
  }

  /**
   * Runs every sample of {@code input} from a fresh state, recording {@code record} (node names;
   * empty = the graph's Output nodes). Progress counts steps over all samples.
   */
  public static Simulation run(NirGraph graph, Contract contract, InputSeries input,
      Collection<String> record, ProgressListener progress) throws NirfpgaException {
    return run(Evaluator.create(graph, contract), input, record, progress);
  }

  /**
   * Reads {@code inputNpy} as {@code (T, *input_shape)} or {@code (T, batch, *input_shape)} for
   * the graph's single Input, then runs as {@link #run(NirGraph, Contract, InputSeries,
   * Collection, ProgressListener)}.
   */
  public static Simulation run(NirGraph graph, Contract contract, Path inputNpy,
      Collection<String> record, ProgressListener progress) throws NirfpgaException {
    Evaluator ev = Evaluator.create(graph, contract);
    return run(ev, InputSeries.read(inputNpy, ev.inputShape()), record, progress);
  }

  private static Simulation run(Evaluator ev, InputSeries input, Collection<String> record,
      ProgressListener progress) throws NirfpgaException {
    Contract contract = ev.contract();
    Dims expected = ev.inputShape();
    if (expected.product() != input.inputShape().product()) {
      throw new NirfpgaException("input has " + input.inputShape().product() + " values per step"
          + " (shape " + input.inputShape() + "), the graph's input takes " + expected.product()
          + " (shape " + expected + ")");
    }
    List<String> names = ev.recordedNames(record);
    long total = (long) input.samples() * input.steps();
    List<RunResult> runs = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int s = 0; s < input.samples(); s++) {
      long before = (long) s * input.steps();
      runs.add(ev.run(input.sample(s), names,
          (done, all) -> progress.progress(before + done, total)));
    }
    return new Simulation(contract, names, runs, input.batched(), System.nanoTime() - t0);
  }

  public int steps() {
    return samples.get(0).steps();
  }

  /** Spikes per recorded node, summed over samples (0 for nodes that do not spike). */
  public Map<String, Long> spikeCounts() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String n : recorded) {
      long c = 0;
      for (RunResult r : samples) {
        c += r.trace(n).spikeCount();
      }
      out.put(n, c);
    }
    return out;
  }

  /** A node name as a file name: characters other than letters, digits, '.-_' become '_'. */
  public static String fileStem(String node) {
    return node.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /**
   * Writes {@code dir/<node>.npy} (spikes as float32, values as float64; shape {@code (T,
   * *node_shape)}, or {@code (T, batch, *node_shape)} for a batched input), {@code <node>.v.npy}
   * and {@code <node>.i.npy} for nodes with those states, and {@code report.json}. Returns the
   * files written. Each file is written atomically.
   */
  public List<Path> writeTo(Path dir, String model) throws NirfpgaException {
    List<Path> files = new ArrayList<>();
    for (String n : recorded) {
      NodeTrace first = samples.get(0).trace(n);
      String stem = fileStem(n);
      files.add(write(dir.resolve(stem + ".npy"), n, first.spiking() ? NpyDtype.FLOAT32
          : NpyDtype.FLOAT64, 0));
      if (first.v() != null) {
        files.add(write(dir.resolve(stem + ".v.npy"), n, NpyDtype.FLOAT64, 1));
      }
      if (first.i() != null) {
        files.add(write(dir.resolve(stem + ".i.npy"), n, NpyDtype.FLOAT64, 2));
      }
    }
    Path report = dir.resolve("report.json");
    Npy.writeAtomically(report, reportJson(model).getBytes(StandardCharsets.UTF_8));
    files.add(report);
    return files;
  }

  private Path write(Path file, String node, NpyDtype dtype, int which) throws NirfpgaException {
    List<double[][]> series = new ArrayList<>();
    for (RunResult r : samples) {
      NodeTrace t = r.trace(node);
      series.add(which == 0 ? t.output() : which == 1 ? t.v() : t.i());
    }
    Npy.write(file, NpyArray.timeSeries(series, samples.get(0).trace(node).shape(), batched,
        dtype));
    return file;
  }

  /**
   * The recorded data as NIR's NIRData ({@code nir.read_data} opens it): per recorded node an
   * observable {@code spikes} (spiking nodes) or {@code output}, plus {@code v} and {@code i}
   * where the node has them; each a TimeGriddedData of shape (samples, steps, neurons) with the
   * contract's dt. Spikes are stored as booleans when every value is 0 or 1.
   */
  public NirDataFile.GraphData toNirData() {
    Map<String, NirDataFile.NodeData> nodes = new LinkedHashMap<>();
    for (String n : recorded) {
      NodeTrace first = samples.get(0).trace(n);
      Map<String, NirDataFile.Observable> obs = new LinkedHashMap<>();
      double[] out = gridded(n, 0);
      boolean binary = first.spiking();
      for (double x : out) {
        binary &= x == 0.0 || x == 1.0;
      }
      obs.put(first.spiking() ? "spikes" : "output", grid(out, first, binary));
      if (first.v() != null) {
        obs.put("v", grid(gridded(n, 1), first, false));
      }
      if (first.i() != null) {
        obs.put("i", grid(gridded(n, 2), first, false));
      }
      nodes.put(n, new NirDataFile.NodeObservables(obs));
    }
    return new NirDataFile.GraphData(nodes);
  }

  /** Writes {@link #toNirData()} to an HDF5 file (atomically). */
  public void writeNirData(Path file) throws NirfpgaException {
    NirDataFile.write(file, toNirData());
  }

  private NirDataFile.TimeGriddedData grid(double[] data, NodeTrace first, boolean binary) {
    int[] shape = {samples.size(), first.steps(), (int) first.shape().product()};
    return new NirDataFile.TimeGriddedData(Tensor.of(shape, data), contract.dt(), binary);
  }

  /** Series {@code which} (0 output, 1 v, 2 i) of a node in (sample, step, neuron) order. */
  private double[] gridded(String node, int which) {
    NodeTrace first = samples.get(0).trace(node);
    int steps = first.steps();
    int n = (int) first.shape().product();
    double[] data = new double[samples.size() * steps * n];
    for (int b = 0; b < samples.size(); b++) {
      NodeTrace t = samples.get(b).trace(node);
      double[][] series = which == 0 ? t.output() : which == 1 ? t.v() : t.i();
      for (int s = 0; s < steps; s++) {
        System.arraycopy(series[s], 0, data, (b * steps + s) * n, n);
      }
    }
    return data;
  }

  /** The report: model, contract, steps, samples, wall time, and per node its shape and spikes. */
  public String reportJson(String model) {
    StringBuilder sb = new StringBuilder("{\n");
    sb.append("  \"model\": ").append(quote(model)).append(",\n");
    sb.append("  \"contract\": ").append(contract.toJson()).append(",\n");
    sb.append("  \"contract_summary\": ").append(quote(contract.describe())).append(",\n");
    sb.append("  \"steps\": ").append(steps()).append(",\n");
    sb.append("  \"samples\": ").append(samples.size()).append(",\n");
    sb.append("  \"wall_seconds\": ").append(String.format(Locale.ROOT, "%.6f", wallNanos / 1e9))
        .append(",\n");
    sb.append("  \"nodes\": {");
    Map<String, Long> spikes = spikeCounts();
    boolean firstNode = true;
    for (String n : recorded) {
      NodeTrace t = samples.get(0).trace(n);
      sb.append(firstNode ? "\n" : ",\n");
      firstNode = false;
      sb.append("    ").append(quote(n)).append(": {\"type\": ").append(quote(t.type()))
          .append(", \"shape\": ").append(jsonShape(t.shape())).append(", \"spiking\": ")
          .append(t.spiking()).append(", \"spikes\": ").append(spikes.get(n))
          .append(", \"file\": ").append(quote(fileStem(n) + ".npy")).append('}');
    }
    sb.append("\n  }\n}\n");
    return sb.toString();
  }

  private static String jsonShape(Dims d) {
    StringBuilder sb = new StringBuilder("[");
    for (int k = 0; k < d.length(); k++) {
      sb.append(k == 0 ? "" : ", ").append(d.get(k));
    }
    return sb.append(']').toString();
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') {
        sb.append('\\').append(ch);
      } else if (ch < 0x20) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.append('"').toString();
  }
}
