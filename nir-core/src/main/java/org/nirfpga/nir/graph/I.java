package org.nirfpga.nir.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** NIR I (integrator): {@code dv/dt = r * x}; outputs v. */
public record I(Tensor r, Metadata metadata) implements NirNode {
  public I {
    Objects.requireNonNull(r, "r");
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "I";
  }

  @Override
  public Map<String, Tensor> params() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("r", r);
    return m;
  }
}
