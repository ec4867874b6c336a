package org.nirfpga.nir.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * NIR LIF: {@code tau dv/dt = (v_leak - v) + r x}; spike when {@code v > v_threshold}, then {@code
 * v = v_reset}.
 */
public record LIF(Tensor tau, Tensor r, Tensor vLeak, Tensor vThreshold, Tensor vReset,
    Metadata metadata) implements NirNode {
  public LIF {
    Objects.requireNonNull(tau, "tau");
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(vLeak, "v_leak");
    Objects.requireNonNull(vThreshold, "v_threshold");
    Objects.requireNonNull(vReset, "v_reset");
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "LIF";
  }

  @Override
  public Map<String, Tensor> params() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("tau", tau);
    m.put("r", r);
    m.put("v_leak", vLeak);
    m.put("v_threshold", vThreshold);
    m.put("v_reset", vReset);
    return m;
  }
}
