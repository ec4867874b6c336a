package org.nirfpga.nir.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * NIR Conv2d: weight (out, in/groups, kh, kw), bias (out); stride and dilation are (h, w) pairs;
 * {@code inputShape} is the input's (h, w), null when the file does not say.
 */
public record Conv2d(Dims inputShape, Tensor weight, Dims stride, Padding padding, Dims dilation,
    int groups, Tensor bias, Metadata metadata) implements NirNode {
  public Conv2d {
    Objects.requireNonNull(weight, "weight");
    Objects.requireNonNull(bias, "bias");
    Objects.requireNonNull(stride, "stride");
    Objects.requireNonNull(padding, "padding");
    Objects.requireNonNull(dilation, "dilation");
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "Conv2d";
  }

  @Override
  public Map<String, Tensor> params() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("weight", weight);
    m.put("bias", bias);
    return m;
  }
}
