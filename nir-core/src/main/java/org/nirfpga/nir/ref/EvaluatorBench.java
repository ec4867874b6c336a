package org.nirfpga.nir.ref;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.hdf5.NirReader;

/**
 * Measures the evaluator's speed (steps per second, one thread, batch 1) on the NIR paper's CNN
 * with Bernoulli(0.1) input and Braille RSNN with Bernoulli(0.2) input, and the peak heap.
 */
public final class EvaluatorBench {
  private EvaluatorBench() {}

  /**
   * One measured workload: rates over the whole timed run, wall clock and thread CPU time, and
   * the best wall-clock rate of ten equal windows (least disturbed by other processes).
   */
  public record Figure(String name, String preset, long steps, double seconds,
      double stepsPerSecond, double cpuSeconds, double stepsPerCpuSecond,
      double bestWindowStepsPerSecond) {
    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "%-28s %-8s %,10.0f steps/s wall, %,10.0f "
          + "steps/s of thread CPU time, best window %,10.0f steps/s (%d steps in %.2f s)", name,
          preset, stepsPerSecond, stepsPerCpuSecond, bestWindowStepsPerSecond, steps, seconds);
    }
  }

  /** All figures of a run plus the peak heap used (bytes, all heap pools' peaks summed). */
  public record Result(List<Figure> figures, long peakHeapBytes) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (Figure f : figures) {
        sb.append(f).append('\n');
      }
      return sb.append(String.format(java.util.Locale.ROOT, "peak heap %.1f MiB",
          peakHeapBytes / 1048576.0)).toString();
    }
  }

  /**
   * Times {@code graph} for about {@code seconds} after a warm-up of the same length, feeding
   * Bernoulli({@code p}) 0/1 inputs from a fixed seed.
   */
  public static Figure measure(String name, NirGraph graph, Contract contract, double p,
      double seconds) throws NirfpgaException {
    Evaluator ev = Evaluator.create(graph, contract);
    int n = (int) ev.inputShape().product();
    Random rnd = new Random(42);
    double[][] inputs = new double[256][n];
    for (double[] row : inputs) {
      for (int k = 0; k < n; k++) {
        row[k] = rnd.nextDouble() < p ? 1.0 : 0.0;
      }
    }
    runFor(ev, inputs, (long) (seconds * 1e9));
    ev.reset();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long c0 = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
    long t0 = System.nanoTime();
    long steps = 0;
    double best = 0;
    for (int window = 0; window < 10; window++) {
      long w0 = System.nanoTime();
      long done = runFor(ev, inputs, (long) (seconds * 1e8));
      best = Math.max(best, done / ((System.nanoTime() - w0) / 1e9));
      steps += done;
    }
    double s = (System.nanoTime() - t0) / 1e9;
    // Thread CPU time shows the evaluator's own speed when other processes share the cores.
    double cpu = c0 < 0 ? s : (threads.getCurrentThreadCpuTime() - c0) / 1e9;
    return new Figure(name, contract.preset(), steps, s, steps / s, cpu, steps / cpu, best);
  }

  private static long runFor(Evaluator ev, double[][] inputs, long nanos)
      throws NirfpgaException {
    long start = System.nanoTime();
    long steps = 0;
    while (System.nanoTime() - start < nanos) {
      for (int k = 0; k < 1024; k++) {
        ev.step(inputs[(int) (steps % inputs.length)]);
        steps++;
      }
    }
    return steps;
  }

  /**
   * Runs the standard workloads from the corpus folder {@code nirData} (the shared
   * {@code nir-data}), each for {@code seconds}.
   */
  public static Result run(Path nirData, double seconds) throws NirfpgaException {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    Path paper = nirData.resolve("neuromorphs_NIR/paper");
    NirGraph cnn = NirReader.read(paper.resolve("02_cnn/cnn_sinabs.nir")).graph();
    NirGraph braille = NirReader.read(paper.resolve("03_rnn/braille_noDelay_bias_zero.nir"))
        .graph();
    List<Figure> figures = new ArrayList<>();
    figures.add(measure("cnn_sinabs Bernoulli(0.1)", cnn, Contract.norse(), 0.1, seconds));
    figures.add(measure("cnn_sinabs Bernoulli(0.1)", cnn, Contract.sinabs(), 0.1, seconds));
    figures.add(measure("braille zero Bernoulli(0.2)", braille, Contract.norse(), 0.2, seconds));
    figures.add(measure("braille zero Bernoulli(0.2)", braille, Contract.nir(), 0.2, seconds));
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return new Result(figures, peak);
  }

  /** {@code EvaluatorBench [nir-data folder] [seconds per workload]}; prints the figures. */
  public static void main(String[] args) throws NirfpgaException {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/nir-data");
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3.0;
    System.out.println(run(data, seconds));
  }
}
