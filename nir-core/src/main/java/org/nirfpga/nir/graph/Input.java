package org.nirfpga.nir.graph;

import java.util.Map;
import java.util.Objects;

/**
 * NIR Input: the graph's input port with its tensor shape (written as {@code shape} in the file).
 */
public record Input(Dims shape, Metadata metadata) implements NirNode {
  public Input {
    Objects.requireNonNull(shape, "shape");
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "Input";
  }

  @Override
  public Map<String, Tensor> params() {
    return Map.of();
  }
}
