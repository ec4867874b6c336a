package org.nirfpga.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of co-simulating an input: the first divergence from the golden model (if any),
 * or the step at which the design stopped answering, plus what the RTL produced.
 *
 * @param stepsRun time steps completed
 * @param divergence the first mismatch, if any
 * @param stuck the cycle-budget error of the step that never ended, if any
 * @param cyclesPerStep clock cycles each completed step took on the streams
 * @param outputs [step][neuron] the RTL's events on the first output stream (spike counts or
 *     readout values)
 * @param streamOutputs by NIR Output node, in stream order: [step][neuron] that stream's events
 * @param totalCycles clock cycles run, debug reads included
 */
public record CosimResult(int stepsRun, Optional<Divergence> divergence, Optional<String> stuck,
    long[] cyclesPerStep, long[][] outputs, Map<String, long[][]> streamOutputs,
    long totalCycles) {
  public CosimResult {
    streamOutputs = Collections.unmodifiableMap(new LinkedHashMap<>(streamOutputs));
  }

  /** True when every step ran and nothing differed. */
  public boolean bitExact() {
    return divergence.isEmpty() && stuck.isEmpty();
  }

  /** {min, mean, max} of the cycles per step (zeros when no step ran). */
  public double[] cycleStats() {
    if (cyclesPerStep.length == 0) {
      return new double[3];
    }
    long min = Long.MAX_VALUE;
    long max = 0;
    double sum = 0;
    for (long c : cyclesPerStep) {
      min = Math.min(min, c);
      max = Math.max(max, c);
      sum += c;
    }
    return new double[] {min, sum / cyclesPerStep.length, max};
  }

  /** One line for a log. */
  public String summary() {
    if (stuck.isPresent()) {
      return "stuck at timestep " + stepsRun + ": " + stuck.get();
    }
    return divergence.map(d -> "DIVERGES at " + d.describe())
        .orElse("bit-exact over " + stepsRun + " timesteps");
  }
}
