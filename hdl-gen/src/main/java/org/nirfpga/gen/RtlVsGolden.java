package org.nirfpga.gen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nirfpga.fixed.FixedFormat;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerTrace;
import org.nirfpga.fixed.Rounding;

/**
 * Runs a generated pipeline step by step in the cycle simulator and compares it with a golden
 * model run on the same input: every output's events and every layer's v and I (through the
 * debug port) at every step, then the step counter and every layer's saturation counts. Reports
 * the first step, layer, neuron and variable that differ.
 */
public final class RtlVsGolden {
  private RtlVsGolden() {}

  /**
   * The first difference, or empty when the RTL is bit-exact with {@code golden} on all steps.
   *
   * @param pipeline the generated RTL (one input)
   * @param golden a golden-model run of {@code input}
   * @param input [step][element] event values of the pipeline's only input
   * @param compareV whether to read and compare every layer's v after every step
   */
  public static Optional<String> firstDifference(GeneratedPipeline pipeline, GoldenResult golden,
      double[][] input, boolean compareV) {
    return firstDifference(pipeline, golden, Map.of(pipeline.inputs().get(0).node(), input),
        compareV);
  }

  /**
   * The first difference, or empty when the RTL is bit-exact with {@code golden} on all steps.
   *
   * @param pipeline the generated RTL
   * @param golden a golden-model run of {@code inputs}
   * @param inputs per input node, [step][element] event values as the golden model took them
   * @param compareV whether to read and compare every layer's v after every step
   */
  public static Optional<String> firstDifference(GeneratedPipeline pipeline, GoldenResult golden,
      Map<String, double[][]> inputs, boolean compareV) {
    return firstDifference(new PipelineSimulation(pipeline), golden, inputs, compareV);
  }

  /**
   * The first difference, or empty when the RTL is bit-exact with {@code golden} on all steps.
   *
   * @param sim a fresh simulation of the generated RTL (e.g. with a throttled host)
   * @param golden a golden-model run of {@code inputs}
   * @param inputs per input node, [step][element] event values as the golden model took them
   * @param compareV whether to read and compare every layer's v after every step
   */
  public static Optional<String> firstDifference(PipelineSimulation sim, GoldenResult golden,
      Map<String, double[][]> inputs, boolean compareV) {
    GeneratedPipeline pipeline = sim.pipeline();
    int steps = inputs.values().iterator().next().length;
    for (int t = 0; t < steps; t++) {
      Map<String, long[]> rtl = sim.step(codes(pipeline, inputs, t));
      Optional<String> d = outputs(pipeline, golden, t, rtl);
      if (d.isEmpty() && compareV) {
        d = state(sim, golden, t);
      }
      if (d.isPresent()) {
        return d;
      }
    }
    return counters(sim, golden, steps);
  }

  /**
   * The first difference, or empty when the RTL is bit-exact with {@code golden}, with every
   * step sent back to back ({@link PipelineSimulation#backToBack}): each step's outputs, then
   * every layer's state after the last step, the step counter and the saturation counts.
   *
   * @param sim a fresh simulation of the generated RTL
   * @param golden a golden-model run of {@code inputs}
   * @param inputs per input node, [step][element] event values as the golden model took them
   */
  public static Optional<String> firstDifferenceBackToBack(PipelineSimulation sim,
      GoldenResult golden, Map<String, double[][]> inputs) {
    GeneratedPipeline pipeline = sim.pipeline();
    int steps = inputs.values().iterator().next().length;
    List<Map<String, long[]>> codes = new ArrayList<>();
    for (int t = 0; t < steps; t++) {
      codes.add(codes(pipeline, inputs, t));
    }
    PipelineSimulation.Run run = sim.backToBack(codes);
    for (int t = 0; t < steps; t++) {
      Optional<String> d = outputs(pipeline, golden, t, run.outputs().get(t));
      if (d.isPresent()) {
        return d;
      }
    }
    Optional<String> d = state(sim, golden, steps - 1);
    return d.isPresent() ? d : counters(sim, golden, steps);
  }

  /** Every input's event codes of step t: the host's conversion, as the golden model makes it. */
  private static Map<String, long[]> codes(GeneratedPipeline pipeline,
      Map<String, double[][]> inputs, int t) {
    Map<String, long[]> codes = new LinkedHashMap<>();
    for (EventPort in : pipeline.inputs()) {
      double[] x = inputs.get(in.node())[t];
      long[] c = new long[x.length];
      for (int j = 0; j < c.length; j++) {
        c[j] = in.fracBits() == 0 ? (long) x[j]
            : new FixedFormat(48, in.fracBits()).encodeUnclamped(x[j], Rounding.HALF_EVEN);
      }
      codes.put(in.node(), c);
    }
    return codes;
  }

  private static Optional<String> outputs(GeneratedPipeline pipeline, GoldenResult golden, int t,
      Map<String, long[]> rtl) {
    for (EventPort out : pipeline.outputs()) {
      LayerTrace lt = golden.layers().get(out.source());
      long[] got = rtl.get(out.node());
      for (int n = 0; n < got.length; n++) {
        long want = out.spiking() ? lt.spikes()[t][n] : lt.v()[t][n];
        if (got[n] != want) {
          String where = pipeline.outputs().size() == 1 ? "layer '" + out.source() + "'"
              : "output '" + out.node() + "' (layer '" + out.source() + "')";
          return Optional.of("step " + t + ", " + where + ", neuron " + n
              + (out.spiking() ? ", spikes" : ", output v") + ": RTL " + got[n] + ", golden "
              + want);
        }
      }
    }
    return Optional.empty();
  }

  /** v of every layer, and the current I of Cuba layers, against the golden model's step t. */
  private static Optional<String> state(PipelineSimulation sim, GoldenResult golden, int t) {
    for (LayerInfo l : sim.pipeline().layers()) {
      LayerTrace tr = golden.layers().get(l.path());
      for (int n = 0; n < l.size(); n++) {
        long v = sim.v(l.index(), n);
        if (v != tr.v()[t][n]) {
          return Optional.of("step " + t + ", layer '" + l.path() + "', neuron " + n
              + ", v: RTL " + v + ", golden " + tr.v()[t][n]);
        }
        if (l.current() != null) {
          long i = sim.i(l.index(), n);
          if (i != tr.current()[t][n]) {
            return Optional.of("step " + t + ", layer '" + l.path() + "', neuron " + n
                + ", I: RTL " + i + ", golden " + tr.current()[t][n]);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The step counter and every layer's saturation counts after {@code steps} steps. */
  private static Optional<String> counters(PipelineSimulation sim, GoldenResult golden,
      int steps) {
    if (sim.timestep() != steps) {
      return Optional.of("timestep counter: RTL " + sim.timestep() + ", steps run " + steps);
    }
    for (LayerInfo l : sim.pipeline().layers()) {
      long[] sat = sim.saturation(l.index());
      String[] sites = {l.path() + ".acc", l.path() + ".v", l.path() + ".i",
          l.path() + ".spikes"};
      for (int k = 0; k < sites.length; k++) {
        long want = golden.saturation().getOrDefault(sites[k], 0L);
        if (sat[k] != want) {
          return Optional.of("after step " + (steps - 1) + ", saturation count "
              + sites[k] + ": RTL " + sat[k] + ", golden " + want);
        }
      }
    }
    return Optional.empty();
  }
}
