package org.nirfpga.gen;

import java.util.Optional;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerTrace;

/**
 * Runs a generated pipeline step by step in the cycle simulator and compares it with a golden
 * model run on the same input: the output layer's events and every layer's v and I (through the
 * debug port) at every step, then the step counter and every layer's saturation counts. Reports
 * the first step, layer, neuron and variable that differ.
 */
public final class RtlVsGolden {
  private RtlVsGolden() {}

  /**
   * The first difference, or empty when the RTL is bit-exact with {@code golden} on all steps.
   *
   * @param pipeline the generated RTL
   * @param golden a golden-model run of {@code input}
   * @param input [step][element] binary spikes
   * @param compareV whether to read and compare every layer's v after every step
   */
  public static Optional<String> firstDifference(GeneratedPipeline pipeline, GoldenResult golden,
      double[][] input, boolean compareV) {
    PipelineSimulation sim = new PipelineSimulation(pipeline);
    LayerInfo last = pipeline.layers().get(pipeline.layers().size() - 1);
    for (int t = 0; t < input.length; t++) {
      int[] in = new int[input[t].length];
      for (int j = 0; j < in.length; j++) {
        in[j] = input[t][j] != 0 ? 1 : 0;
      }
      long[] rtl = sim.step(in);
      LayerTrace lt = golden.layers().get(last.path());
      for (int n = 0; n < rtl.length; n++) {
        long want = last.spiking() ? lt.spikes()[t][n] : lt.v()[t][n];
        if (rtl[n] != want) {
          return Optional.of("step " + t + ", layer '" + last.path() + "', neuron " + n
              + (last.spiking() ? ", spikes" : ", output v") + ": RTL " + rtl[n] + ", golden "
              + want);
        }
      }
      if (compareV) {
        // v of every layer, and the current I of Cuba layers.
        for (LayerInfo l : pipeline.layers()) {
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
      }
    }
    if (sim.timestep() != input.length) {
      return Optional.of("timestep counter: RTL " + sim.timestep() + ", steps run "
          + input.length);
    }
    for (LayerInfo l : pipeline.layers()) {
      long[] sat = sim.saturation(l.index());
      String[] sites = {l.path() + ".acc", l.path() + ".v", l.path() + ".i",
          l.path() + ".spikes"};
      for (int k = 0; k < sites.length; k++) {
        long want = golden.saturation().getOrDefault(sites[k], 0L);
        if (sat[k] != want) {
          return Optional.of("after step " + (input.length - 1) + ", saturation count "
              + sites[k] + ": RTL " + sat[k] + ", golden " + want);
        }
      }
    }
    return Optional.empty();
  }
}
