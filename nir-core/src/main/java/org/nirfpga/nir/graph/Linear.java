package org.nirfpga.nir.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** NIR Linear: {@code y = W x}; weight has shape (out, in). */
public record Linear(Tensor weight, Metadata metadata) implements NirNode {
  public Linear {
    Objects.requireNonNull(weight, "weight");
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "Linear";
  }

  @Override
  public Map<String, Tensor> params() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("weight", weight);
    return m;
  }
}
