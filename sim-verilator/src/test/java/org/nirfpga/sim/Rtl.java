package org.nirfpga.sim;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.nirfpga.fixed.EventRange;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.gen.TestGraphs;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.ref.Contract;

/** Test support: tool checks, RTL folders of graphs, golden runs and seeded inputs. */
final class Rtl {
  private Rtl() {}

  /** Skips the calling test with a printed reason unless verilator and g++ are on the PATH. */
  static void requireTools() {
    for (String tool : new String[] {"verilator", "g++"}) {
      if (Exec.find(tool) == null) {
        String reason = tool + " not found on PATH";
        if (Boolean.getBoolean("require.tools")) {
          fail(reason + " but -Drequire.tools=true; install " + tool);
        }
        System.out.println("SKIPPED: " + reason + " (run with -Drequire.tools=true to fail)");
        Assumptions.abort(reason);
      }
    }
  }

  /** A graph, its quantization and contract, and its RTL folder. */
  record Design(NirGraph graph, QuantConfig config, Contract contract, GeneratedPipeline rtl,
      Path dir) {
    GoldenResult golden(double[][] input) throws NirfpgaException {
      return GoldenModel.create(graph, config, contract).run(input);
    }

    int inputSize() {
      return rtl.layers().get(0).sourceSize();
    }
  }

  /** Generates {@code graph} under {@code preset} into {@code target/cosim-rtl/<name>}. */
  static Design generate(String name, NirGraph graph, String preset) throws Exception {
    return generate(name, graph, preset, null);
  }

  /**
   * Like {@link #generate(String, NirGraph, String)}, with the input event range covering
   * {@code graded} (graded events) unless it is null (binary spikes).
   */
  static Design generate(String name, NirGraph graph, String preset, double[][] graded)
      throws Exception {
    return generate(name, graph, preset, graded, Map.of());
  }

  /**
   * Like {@link #generate(String, NirGraph, String, double[][])}, with {@code lanes} per layer
   * path.
   */
  static Design generate(String name, NirGraph graph, String preset, double[][] graded,
      Map<String, Integer> lanes) throws Exception {
    return generate(name, graph, preset, graded, lanes, Set.of());
  }

  /**
   * Like {@link #generate(String, NirGraph, String, double[][], Map)}, with two accumulator banks
   * in the layers named in {@code pingPong}.
   */
  static Design generate(String name, NirGraph graph, String preset, double[][] graded,
      Map<String, Integer> lanes, Set<String> pingPong) throws Exception {
    Contract c = Contract.preset(preset);
    QuantOptions o = QuantOptions.defaults(c);
    if (graded != null) {
      o = o.withInputEvents(EventRange.covering(graded));
    }
    QuantConfig q = Quantizer.quantize(graph, o);
    GeneratedPipeline p = PipelineGenerator.generate(graph, q, c, name + ".nir", "top_"
        + name.replaceAll("[^A-Za-z0-9_]", "_"), lanes, pingPong);
    Path dir = Path.of("target", "cosim-rtl", name + "-" + preset).toAbsolutePath();
    VerilatorBuild.deleteTree(dir);
    p.writeTo(dir);
    return new Design(graph, q, c, p, dir);
  }

  /** Bernoulli({@code p}) spikes, {@code steps} x {@code n}, from {@code seed}. */
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

  /** Uniform integer counts in [{@code lo}, {@code hi}], {@code steps} x {@code n}. */
  static double[][] counts(long seed, int steps, int n, int lo, int hi) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[steps][n];
    for (double[] row : x) {
      for (int j = 0; j < n; j++) {
        row[j] = r.nextInt(lo, hi + 1);
      }
    }
    return x;
  }

  /**
   * The shared corpus folder (system property {@code nirfpga.shared}); skips the calling test
   * with a printed reason when it is absent.
   */
  static Path shared() {
    String prop = System.getProperty("nirfpga.shared");
    Path shared = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
    if (!Files.isDirectory(shared.resolve("nir-data"))
        || !Files.isDirectory(shared.resolve("oracle"))) {
      String reason = "shared corpus absent (looked at " + shared.toAbsolutePath() + ")";
      System.out.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
    return shared;
  }

  /** A copy of RTL folder {@code dir} in {@code to}. */
  static Path copy(Path dir, Path to) throws IOException {
    Files.createDirectories(to);
    try (var s = Files.list(dir)) {
      for (Path f : s.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }

  /**
   * Two inputs, two outputs, fan-in and fan-out: in1(4) -> Linear -> LIF a(5) -> out 'oa';
   * in2(3) -> Linear -> LIF b(3); a and b -> Linear each -> LIF c(4) -> out 'oc'. Weights on the
   * 1/16 grid from a fixed seed.
   */
  static NirGraph fan() {
    return TestGraphs.fan();
  }
}
