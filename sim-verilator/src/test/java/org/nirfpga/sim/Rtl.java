package org.nirfpga.sim;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.PipelineGenerator;
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
    Contract c = Contract.preset(preset);
    QuantConfig q = Quantizer.quantize(graph, QuantOptions.defaults(c));
    GeneratedPipeline p = PipelineGenerator.generate(graph, q, c, name + ".nir", "top_"
        + name.replaceAll("[^A-Za-z0-9_]", "_"));
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
}
