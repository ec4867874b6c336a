package org.nirfpga.nir.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** NIR Scale: {@code y = s * x} elementwise. */
public record Scale(Tensor scale, Metadata metadata) implements NirNode {
  public Scale {
    Objects.requireNonNull(scale, "scale");
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "Scale";
  }

  @Override
  public Map<String, Tensor> params() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("scale", scale);
    return m;
  }
}
