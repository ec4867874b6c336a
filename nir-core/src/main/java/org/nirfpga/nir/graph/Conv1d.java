package org.nirfpga.nir.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * NIR Conv1d: weight (out, in/groups, k), bias (out); {@code inputShape} is the input length
 * (null when the file does not say).
 */
public record Conv1d(Integer inputShape, Tensor weight, int stride, Padding padding, int dilation,
    int groups, Tensor bias, Metadata metadata) implements NirNode {
  public Conv1d {
    Objects.requireNonNull(weight, "weight");
    Objects.requireNonNull(bias, "bias");
    Objects.requireNonNull(padding, "padding");
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "Conv1d";
  }

  @Override
  public Map<String, Tensor> params() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("weight", weight);
    m.put("bias", bias);
    return m;
  }
}
