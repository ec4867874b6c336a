package org.nirfpga.nir.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * NIR CubaLIF: CubaLI dynamics with a threshold {@code v > v_threshold} and reset to {@code
 * v_reset}.
 */
public record CubaLIF(Tensor tauSyn, Tensor tauMem, Tensor r, Tensor vLeak, Tensor vThreshold,
    Tensor vReset, Tensor wIn, Metadata metadata) implements NirNode {
  public CubaLIF {
    Objects.requireNonNull(tauSyn, "tau_syn");
    Objects.requireNonNull(tauMem, "tau_mem");
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(vLeak, "v_leak");
    Objects.requireNonNull(vThreshold, "v_threshold");
    Objects.requireNonNull(vReset, "v_reset");
    Objects.requireNonNull(wIn, "w_in");
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "CubaLIF";
  }

  @Override
  public Map<String, Tensor> params() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("tau_syn", tauSyn);
    m.put("tau_mem", tauMem);
    m.put("r", r);
    m.put("v_leak", vLeak);
    m.put("v_threshold", vThreshold);
    m.put("v_reset", vReset);
    m.put("w_in", wIn);
    return m;
  }
}
