package org.nirfpga.nir.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** NIR LI (leaky integrator): {@code tau dv/dt = (v_leak - v) + r x}; outputs v. */
public record LI(Tensor tau, Tensor r, Tensor vLeak, Metadata metadata) implements NirNode {
  public LI {
    Objects.requireNonNull(tau, "tau");
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(vLeak, "v_leak");
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "LI";
  }

  @Override
  public Map<String, Tensor> params() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("tau", tau);
    m.put("r", r);
    m.put("v_leak", vLeak);
    return m;
  }
}
