package org.nirfpga.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nirfpga.fixed.Agreement;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerTrace;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.check.ShapeInfo;
import org.nirfpga.nir.data.InputSeries;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.data.NpyArray;
import org.nirfpga.nir.data.NpyDtype;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.hdf5.NirFile;
import org.nirfpga.nir.ref.Contract;
import org.nirfpga.nir.ref.Evaluator;
import org.nirfpga.nir.ref.Simulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nirfpga simulate}: runs a graph on an input with the float reference or the golden model. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Run a NIR graph on an input .npy with the float reference evaluator (default) "
        + "or the fixed-point golden model; write outputs as .npy and a report.json.")
final class SimulateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL.nir", description = "The network.")
  Path model;

  @Option(names = "--input", required = true, paramLabel = "X.npy",
      description = "Input of shape (T, *input_shape) or (T, batch, *input_shape).")
  Path input;

  @Mixin
  ContractOptions contractOptions;

  @Option(names = "--engine", paramLabel = "float|fixed", defaultValue = "float",
      description = "float: reference evaluator; fixed: bit-exact golden model "
          + "(default: ${DEFAULT-VALUE}).")
  String engine;

  @Mixin
  QuantChoice quantChoice;

  @Option(names = "--record", split = ",", paramLabel = "NODE",
      description = "Nodes to record (default: the graph's outputs).")
  List<String> record = new ArrayList<>();

  @Option(names = {"--out", "-o"}, paramLabel = "DIR", defaultValue = "sim-out",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--nirdata", paramLabel = "FILE.h5",
      description = "Also write the recordings as NIR's NIRData HDF5 (float engine).")
  Path nirData;

  @Override
  public Integer call() throws Exception {
    try {
      return execute();
    } catch (NirfpgaException e) {
      throw Loading.inFile(model.getFileName().toString(), e);
    }
  }

  private Integer execute() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    NirFile nir = Loading.load(model);
    Contract contract = contractOptions.contract();
    if (engine.equals("float")) {
      Dims inputShape = Evaluator.create(nir.graph(), contract).inputShape();
      InputSeries x = InputSeries.read(input, inputShape);
      Progress bar = new Progress("simulate", err);
      Simulation sim = Simulation.run(nir.graph(), contract, x, record, bar::update);
      bar.done();
      try (OutputFolder folder = OutputFolder.create(out)) {
        sim.writeTo(folder.staging(), model.getFileName().toString());
        folder.commit();
      }
      if (nirData != null) {
        sim.writeNirData(nirData);
      }
      stdout.printf(Locale.ROOT, "%s: %d steps x %d sample(s) under %s in %.3f s%n",
          model.getFileName(), sim.steps(), sim.samples().size(), contract.describe(),
          sim.wallNanos() / 1e9);
      sim.spikeCounts().forEach((n, c) -> stdout.printf("  %-20s %d spikes%n", n, c));
      stdout.printf("wrote %s%n", out);
      return 0;
    }
    if (!engine.equals("fixed")) {
      throw new NirfpgaException("--engine " + engine + ": engines are float and fixed");
    }
    ShapeInfo shapes = Loading.shapes(nir.graph());
    InputSeries x = InputSeries.read(input, Evaluator.create(nir.graph(), contract).inputShape());
    QuantConfig q = Loading.quantConfig(nir.graph(), contract, quantChoice.quant,
        quantChoice.weightBits, quantChoice.stateBits, x);
    GoldenModel golden = GoldenModel.create(nir.graph(), q, contract);
    long t0 = System.nanoTime();
    List<GoldenResult> runs = new ArrayList<>();
    Progress bar = new Progress("simulate", err);
    for (int s = 0; s < x.samples(); s++) {
      runs.add(golden.run(x.sample(s)));
      bar.update(s + 1, x.samples());
    }
    bar.done();
    double seconds = (System.nanoTime() - t0) / 1e9;
    try (OutputFolder folder = OutputFolder.create(out)) {
      writeFixed(folder.staging(), runs, x, shapes);
      Npy.writeAtomically(folder.staging().resolve("quant.json"),
          q.toJson().getBytes(StandardCharsets.UTF_8));
      Npy.writeAtomically(folder.staging().resolve("report.json"),
          fixedReport(runs, contract, seconds).getBytes(StandardCharsets.UTF_8));
      folder.commit();
    }
    stdout.printf(Locale.ROOT, "%s: %d steps x %d sample(s), fixed point under %s in %.3f s%n",
        model.getFileName(), runs.get(0).steps(), runs.size(), contract.describe(), seconds);
    for (LayerTrace l : runs.get(0).layers().values()) {
      long spikes = runs.stream().mapToLong(r -> r.layers().get(l.path()).spikeCount()).sum();
      stdout.printf("  %-20s %d spikes%n", l.path(), spikes);
    }
    long sat = runs.stream().mapToLong(GoldenResult::saturationTotal).sum();
    stdout.printf("  saturation events: %d%n", sat);
    if (x.samples() == 1 && runs.get(0).steps() > 0) {
      stdout.print(Agreement.measure(nir.graph(), q, contract, x.sample(0)).format());
    }
    stdout.printf("wrote %s%n", out);
    return 0;
  }

  private void writeFixed(Path dir, List<GoldenResult> runs, InputSeries x, ShapeInfo shapes)
      throws NirfpgaException {
    GoldenResult first = runs.get(0);
    List<String> names = record.isEmpty() ? new ArrayList<>(first.outputs().keySet()) : record;
    for (String name : names) {
      int[] shape = shapes.output(name).map(Dims::toArray).orElse(null);
      if (first.outputs().containsKey(name)) {
        List<double[][]> series = runs.stream().map(r -> r.outputs().get(name)).toList();
        boolean events = first.outputIsEvents(name);
        writeSeries(dir.resolve(Simulation.fileStem(name) + ".npy"), series, shape, x.batched(),
            events ? NpyDtype.FLOAT32 : NpyDtype.FLOAT64);
        continue;
      }
      LayerTrace layer = first.layers().get(name);
      if (layer == null) {
        throw new NirfpgaException("cannot record '" + name + "': not an output or layer of the "
            + "fixed-point model; layers are " + String.join(", ", first.layers().keySet()));
      }
      String stem = Simulation.fileStem(name);
      if (layer.spiking()) {
        writeSeries(dir.resolve(stem + ".npy"), runs.stream()
            .map(r -> toDouble(r.layers().get(name).spikes())).toList(), shape, x.batched(),
            NpyDtype.FLOAT32);
      }
      writeSeries(dir.resolve(stem + ".v.npy"), runs.stream()
          .map(r -> r.layers().get(name).vDecoded()).toList(), shape, x.batched(),
          NpyDtype.FLOAT64);
      if (layer.current() != null) {
        writeSeries(dir.resolve(stem + ".i.npy"), runs.stream()
            .map(r -> r.layers().get(name).currentDecoded()).toList(), shape, x.batched(),
            NpyDtype.FLOAT64);
      }
    }
  }

  private static double[][] toDouble(int[][] a) {
    double[][] d = new double[a.length][];
    for (int t = 0; t < a.length; t++) {
      d[t] = new double[a[t].length];
      for (int i = 0; i < a[t].length; i++) {
        d[t][i] = a[t][i];
      }
    }
    return d;
  }

  private static void writeSeries(Path file, List<double[][]> samples, int[] shape,
      boolean batched, NpyDtype dtype) throws NirfpgaException {
    int n = samples.get(0).length == 0 ? 0 : samples.get(0)[0].length;
    Dims inner = shape != null && Dims.of(shape).product() == n ? Dims.of(shape) : Dims.of(n);
    Npy.write(file, NpyArray.timeSeries(samples, inner, batched, dtype));
  }

  private String fixedReport(List<GoldenResult> runs, Contract contract, double seconds) {
    Map<String, Long> spikes = new LinkedHashMap<>();
    Map<String, Long> saturation = new LinkedHashMap<>();
    for (GoldenResult r : runs) {
      r.layers().forEach((k, l) -> spikes.merge(k, l.spikeCount(), Long::sum));
      r.saturation().forEach((k, c) -> saturation.merge(k, c, Long::sum));
    }
    StringBuilder sb = new StringBuilder("{\n");
    sb.append("  \"model\": ").append(Json.quote(model.getFileName().toString())).append(",\n");
    sb.append("  \"engine\": \"fixed\",\n");
    sb.append("  \"contract\": ").append(contract.toJson()).append(",\n");
    sb.append("  \"steps\": ").append(runs.get(0).steps()).append(",\n");
    sb.append("  \"samples\": ").append(runs.size()).append(",\n");
    sb.append(String.format(Locale.ROOT, "  \"wall_seconds\": %.6f,%n", seconds));
    sb.append("  \"spikes\": ").append(Json.counts(spikes)).append(",\n");
    sb.append("  \"saturation\": ").append(Json.counts(saturation)).append("\n}\n");
    return sb.toString();
  }
}
