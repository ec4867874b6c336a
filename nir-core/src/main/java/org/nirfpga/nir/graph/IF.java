package org.nirfpga.nir.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** NIR IF: {@code dv/dt = r x}; spike when {@code v > v_threshold}, then {@code v = v_reset}. */
public record IF(Tensor r, Tensor vThreshold, Tensor vReset, Metadata metadata) implements NirNode {
  public IF {
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(vThreshold, "v_threshold");
    Objects.requireNonNull(vReset, "v_reset");
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "IF";
  }

  @Override
  public Map<String, Tensor> params() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("r", r);
    m.put("v_threshold", vThreshold);
    m.put("v_reset", vReset);
    return m;
  }
}
