package org.nirfpga.nir.graph;

import java.util.Map;
import java.util.Objects;

/**
 * NIR Output: the graph's output port with its tensor shape (written as {@code shape} in the file).
 */
public record Output(Dims shape, Metadata metadata) implements NirNode {
  public Output {
    Objects.requireNonNull(shape, "shape");
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "Output";
  }

  @Override
  public Map<String, Tensor> params() {
    return Map.of();
  }
}
