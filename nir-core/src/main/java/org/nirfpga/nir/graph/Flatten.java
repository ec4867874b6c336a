package org.nirfpga.nir.graph;

import java.util.Map;

/**
 * NIR Flatten: merges dimensions {@code start_dim..end_dim} (inclusive; negative counts from the end)
 * of its input. {@code inputType} is the input shape, null when the file does not say.
 * NIR's defaults are {@code start_dim = 1}, {@code end_dim = -1}.
 */
public record Flatten(Dims inputType, int startDim, int endDim, Metadata metadata) implements NirNode {
  public static final int DEFAULT_START_DIM = 1;
  public static final int DEFAULT_END_DIM = -1;

  public Flatten {
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "Flatten";
  }

  @Override
  public Map<String, Tensor> params() {
    return Map.of();
  }
}
