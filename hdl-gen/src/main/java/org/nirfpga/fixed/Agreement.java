package org.nirfpga.fixed;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.ref.Contract;
import org.nirfpga.nir.ref.Evaluator;
import org.nirfpga.nir.ref.NodeTrace;
import org.nirfpga.nir.ref.ProgressListener;
import org.nirfpga.nir.ref.RunResult;

/**
 * How closely a golden-model run follows the float reference evaluator on the same input: spike
 * agreement per layer, output spike-count agreement, membrane RMSE in units of the threshold, and
 * the golden model's saturation counts.
 *
 * @param layers one entry per neuron layer, in evaluation order
 * @param outputs one entry per output node
 * @param saturation the golden model's saturation events per site
 */
public record Agreement(List<LayerAgreement> layers, List<OutputAgreement> outputs,
    Map<String, Long> saturation) {
  public Agreement {
    layers = List.copyOf(layers);
    outputs = List.copyOf(outputs);
    saturation = Map.copyOf(saturation);
  }

  /**
   * One layer's comparison.
   *
   * @param elements steps times neurons compared (0 for non-spiking layers)
   * @param matching elements where both emitted the same number of spikes
   * @param vRmse root mean square of (fixed v - float v) over all steps and neurons, NIR units
   * @param meanThreshold mean |v_threshold| of the layer, NaN for non-spiking layers
   * @param firstMismatch e.g. {@code step 12, neuron 3: fixed 1, float 0}, or null
   */
  public record LayerAgreement(String path, String type, long elements, long matching,
      long fixedSpikes, long floatSpikes, double vRmse, double meanThreshold,
      String firstMismatch) {
    /** Fraction of (step, neuron) elements with equal spike counts; 1 for an empty layer. */
    public double spikeAgreement() {
      return elements == 0 ? 1.0 : matching / (double) elements;
    }

    /** Membrane RMSE divided by the mean threshold (NaN for non-spiking layers). */
    public double vRmseOverThreshold() {
      return vRmse / meanThreshold;
    }
  }

  /**
   * One output node's comparison of total spike counts per element (or, for value outputs, of
   * nothing: {@code spiking} is false and the counts are 0).
   */
  public record OutputAgreement(String path, boolean spiking, int elements, int countsEqual,
      long fixedSpikes, long floatSpikes) {
    /** Fraction of output elements whose total spike count is equal; 1 for value outputs. */
    public double countAgreement() {
      return elements == 0 || !spiking ? 1.0 : countsEqual / (double) elements;
    }
  }

  /**
   * Runs {@code graph} through the golden model with {@code config} and through the reference
   * evaluator, both under {@code contract}, on {@code input} ([step][element], one input node),
   * and compares them.
   */
  public static Agreement measure(NirGraph graph, QuantConfig config, Contract contract,
      double[][] input) throws NirfpgaException {
    return against(GoldenModel.create(graph, config, contract).run(input), graph, contract,
        input);
  }

  /**
   * Compares a golden-model run already made on {@code input} (or a bit-exact hardware run's
   * trace) with the reference evaluator's run of {@code graph} under {@code contract}.
   */
  public static Agreement against(GoldenResult fixed, NirGraph graph, Contract contract,
      double[][] input) throws NirfpgaException {
    Evaluator ev = Evaluator.create(graph, contract);
    Set<String> record = new LinkedHashSet<>(fixed.layers().keySet());
    record.addAll(fixed.outputs().keySet());
    RunResult ref = ev.run(input, record, ProgressListener.NONE);
    return compare(fixed, ref);
  }

  /**
   * Like {@link #measure(NirGraph, QuantConfig, Contract, double[][])} on a graph with several
   * input nodes: {@code inputs} maps each Input node to its [step][element] array.
   */
  public static Agreement measure(NirGraph graph, QuantConfig config, Contract contract,
      Map<String, double[][]> inputs) throws NirfpgaException {
    GoldenResult fixed = GoldenModel.create(graph, config, contract).run(inputs);
    Evaluator ev = Evaluator.create(graph, contract);
    Set<String> record = new LinkedHashSet<>(fixed.layers().keySet());
    record.addAll(fixed.outputs().keySet());
    RunResult ref = ev.run(inputs, record, ProgressListener.NONE);
    return compare(fixed, ref);
  }

  /** Compares a golden run with a reference run that recorded every layer and output. */
  public static Agreement compare(GoldenResult fixed, RunResult ref) {
    if (fixed.steps() != ref.steps()) {
      throw new IllegalArgumentException("golden run has " + fixed.steps()
          + " steps, reference run " + ref.steps());
    }
    List<LayerAgreement> layers = new ArrayList<>();
    for (LayerTrace f : fixed.layers().values()) {
      layers.add(compareLayer(f, ref.trace(f.path())));
    }
    List<OutputAgreement> outputs = new ArrayList<>();
    for (Map.Entry<String, double[][]> o : fixed.outputs().entrySet()) {
      NodeTrace r = ref.trace(o.getKey());
      double[][] fo = o.getValue();
      double amp = r.amplitude();
      boolean spiking = fixed.outputIsEvents(o.getKey());
      int n = fo.length == 0 ? 0 : fo[0].length;
      int equal = 0;
      long fTotal = 0;
      long rTotal = 0;
      for (int k = 0; k < n && spiking; k++) {
        long fs = 0;
        long rs = 0;
        for (int t = 0; t < fo.length; t++) {
          fs += Math.round(fo[t][k]);
          rs += Math.round(r.output()[t][k] / amp);
        }
        equal += fs == rs ? 1 : 0;
        fTotal += fs;
        rTotal += rs;
      }
      outputs.add(new OutputAgreement(o.getKey(), spiking, n, equal, fTotal, rTotal));
    }
    return new Agreement(layers, outputs, fixed.saturation());
  }

  private static LayerAgreement compareLayer(LayerTrace f, NodeTrace r) {
    int steps = f.v().length;
    long elements = 0;
    long matching = 0;
    long fSpikes = 0;
    long rSpikes = 0;
    String first = null;
    if (f.spiking()) {
      double amp = r.amplitude();
      for (int t = 0; t < steps; t++) {
        for (int k = 0; k < f.spikes()[t].length; k++) {
          long fs = f.spikes()[t][k];
          long rs = Math.round(r.output()[t][k] / amp);
          elements++;
          fSpikes += fs;
          rSpikes += rs;
          if (fs == rs) {
            matching++;
          } else if (first == null) {
            first = "step " + t + ", neuron " + k + ": fixed " + fs + ", float " + rs;
          }
        }
      }
    }
    double rmse = Double.NaN;
    if (r.v() != null && !f.type().equals("Threshold")) {
      double[][] fv = f.vDecoded();
      double sum = 0;
      long n = 0;
      for (int t = 0; t < steps; t++) {
        for (int k = 0; k < fv[t].length; k++) {
          double d = fv[t][k] - r.v()[t][k];
          sum += d * d;
          n++;
        }
      }
      rmse = n == 0 ? 0 : Math.sqrt(sum / n);
    }
    double th = Double.NaN;
    if (f.threshold().length > 0) {
      th = 0;
      for (double x : f.threshold()) {
        th += Math.abs(x);
      }
      th /= f.threshold().length;
    }
    return new LayerAgreement(f.path(), f.type(), elements, matching, fSpikes, rSpikes, rmse, th,
        first);
  }

  /** A few lines for a terminal: one per layer and output, then the saturation counts. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    for (LayerAgreement l : layers) {
      sb.append(String.format(Locale.ROOT, "layer %-12s %-9s", l.path(), l.type()));
      if (l.elements() > 0) {
        sb.append(String.format(Locale.ROOT, " spikes %.4f agree (%d/%d), fixed %d float %d",
            l.spikeAgreement(), l.matching(), l.elements(), l.fixedSpikes(), l.floatSpikes()));
      }
      if (!Double.isNaN(l.vRmse())) {
        sb.append(Double.isNaN(l.meanThreshold())
            ? String.format(Locale.ROOT, ", v rmse %.3g", l.vRmse())
            : String.format(Locale.ROOT, ", v rmse %.3g threshold", l.vRmseOverThreshold()));
      }
      sb.append('\n');
    }
    for (OutputAgreement o : outputs) {
      if (o.spiking()) {
        sb.append(String.format(Locale.ROOT,
            "output %-11s spike counts %.4f agree (%d/%d), fixed %d float %d%n", o.path(),
            o.countAgreement(), o.countsEqual(), o.elements(), o.fixedSpikes(), o.floatSpikes()));
      }
    }
    sb.append("saturation ").append(saturation.isEmpty() ? "none" : new java.util.TreeMap<>(
        saturation).toString()).append('\n');
    return sb.toString();
  }
}
