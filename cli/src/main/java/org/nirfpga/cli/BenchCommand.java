package org.nirfpga.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.ref.EvaluatorBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nirfpga bench}: steps per second of the reference evaluator on the NIR paper's graphs. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the reference evaluator (one thread, batch 1) on the NIR paper's CNN "
        + "and Braille RSNN, and print steps/s, ratios to Norse's speed and the peak heap.")
final class BenchCommand implements Callable<Integer> {
  /** Norse on this class of machine (batch 1, one thread), steps per second. */
  static final double NORSE_CNN = 1_600;
  static final double NORSE_BRAILLE = 9_000;

  @Spec
  CommandSpec spec;

  @Option(names = "--nir-data", paramLabel = "DIR",
      description = "The shared NIR corpus (default: ../shared/nir-data beside the checkout).")
  Path nirData;

  @Option(names = "--seconds", defaultValue = "3",
      description = "Timed seconds per workload, after as long a warm-up (default: "
          + "${DEFAULT-VALUE}).")
  double seconds;

  @Override
  public Integer call() throws NirfpgaException {
    PrintWriter out = spec.commandLine().getOut();
    Path data = nirData != null ? nirData : SharedFolder.nirData();
    if (!Files.isRegularFile(data.resolve("neuromorphs_NIR/paper/02_cnn/cnn_sinabs.nir"))) {
      throw new NirfpgaException(data + ": no neuromorphs_NIR/paper/02_cnn/cnn_sinabs.nir there; "
          + "point --nir-data at the shared NIR corpus");
    }
    if (!(seconds > 0)) {
      throw new NirfpgaException("--seconds " + seconds + ": must be positive");
    }
    out.printf("reference evaluator, one thread, batch 1, %s s per workload (Java %s, %d cores)%n",
        seconds, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    EvaluatorBench.Result r = EvaluatorBench.run(data, seconds);
    for (EvaluatorBench.Figure f : r.figures()) {
      double norse = f.name().startsWith("cnn") ? NORSE_CNN : NORSE_BRAILLE;
      out.println(f);
      out.printf(Locale.ROOT, "    = %.1fx Norse's %,.0f steps/s (wall), %.1fx (thread CPU)%n",
          f.stepsPerSecond() / norse, norse, f.stepsPerCpuSecond() / norse);
    }
    out.printf(Locale.ROOT, "peak heap %.1f MiB%n", r.peakHeapBytes() / 1048576.0);
    return 0;
  }
}
