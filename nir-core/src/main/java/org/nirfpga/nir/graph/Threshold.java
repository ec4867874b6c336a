package org.nirfpga.nir.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** NIR Threshold: {@code z = H(x - threshold)}, a Heaviside step. */
public record Threshold(Tensor threshold, Metadata metadata) implements NirNode {
  public Threshold {
    Objects.requireNonNull(threshold, "threshold");
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "Threshold";
  }

  @Override
  public Map<String, Tensor> params() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("threshold", threshold);
    return m;
  }
}
