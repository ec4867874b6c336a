package org.nirfpga.nir.graph;

import java.util.Map;
import java.util.Objects;

/**
 * NIR AvgPool2d: averages each (kh, kw) window, moved by stride, over zero padding; per channel.
 */
public record AvgPool2d(Dims kernelSize, Dims stride, Dims padding, Metadata metadata) implements NirNode {
  public AvgPool2d {
    Objects.requireNonNull(kernelSize, "kernel_size");
    Objects.requireNonNull(stride, "stride");
    Objects.requireNonNull(padding, "padding");
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "AvgPool2d";
  }

  @Override
  public Map<String, Tensor> params() {
    return Map.of();
  }
}
