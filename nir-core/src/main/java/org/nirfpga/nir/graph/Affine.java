package org.nirfpga.nir.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** NIR Affine: {@code y = W x + b}; weight has shape (out, in), bias (out). */
public record Affine(Tensor weight, Tensor bias, Metadata metadata) implements NirNode {
  public Affine {
    Objects.requireNonNull(weight, "weight");
    Objects.requireNonNull(bias, "bias");
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "Affine";
  }

  @Override
  public Map<String, Tensor> params() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("weight", weight);
    m.put("bias", bias);
    return m;
  }
}
