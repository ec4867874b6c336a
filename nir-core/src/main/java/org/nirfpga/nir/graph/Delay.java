package org.nirfpga.nir.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** NIR Delay: {@code y(t) = x(t - delay)}, delay in seconds per element. */
public record Delay(Tensor delay, Metadata metadata) implements NirNode {
  public Delay {
    Objects.requireNonNull(delay, "delay");
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "Delay";
  }

  @Override
  public Map<String, Tensor> params() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("delay", delay);
    return m;
  }
}
