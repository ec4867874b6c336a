package org.nirfpga.nir.ref;

import java.util.Map;
import java.util.Objects;

/** The outcome of {@link Evaluator#run}: contract, step count and a trace per recorded node. */
public record RunResult(Contract contract, int steps, Map<String, NodeTrace> traces,
    long wallNanos) {
  public RunResult {
    Objects.requireNonNull(contract, "contract");
    traces = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(traces));
  }

  /** The trace of a recorded node; IllegalArgumentException naming the recorded nodes otherwise. */
  public NodeTrace trace(String node) {
    NodeTrace t = traces.get(node);
    if (t == null) {
      throw new IllegalArgumentException("node '" + node + "' was not recorded; recorded: "
          + traces.keySet());
    }
    return t;
  }
}
