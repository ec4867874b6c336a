package org.nirfpga.nir.graph;

import java.util.Map;
import java.util.Objects;

/** NIR SumPool2d: sums each (kh, kw) window, moved by stride, over zero padding; per channel. */
public record SumPool2d(Dims kernelSize, Dims stride, Dims padding, Metadata metadata) implements NirNode {
  public SumPool2d {
    Objects.requireNonNull(kernelSize, "kernel_size");
    Objects.requireNonNull(stride, "stride");
    Objects.requireNonNull(padding, "padding");
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "SumPool2d";
  }

  @Override
  public Map<String, Tensor> params() {
    return Map.of();
  }
}
