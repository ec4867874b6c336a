package org.nirfpga.nir.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * NIR CubaLI: {@code tau_syn dI/dt = -I + w_in x; tau_mem dv/dt = (v_leak - v) + r I}; outputs v.
 */
public record CubaLI(Tensor tauSyn, Tensor tauMem, Tensor r, Tensor vLeak, Tensor wIn,
    Metadata metadata) implements NirNode {
  public CubaLI {
    Objects.requireNonNull(tauSyn, "tau_syn");
    Objects.requireNonNull(tauMem, "tau_mem");
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(vLeak, "v_leak");
    Objects.requireNonNull(wIn, "w_in");
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  @Override
  public String type() {
    return "CubaLI";
  }

  @Override
  public Map<String, Tensor> params() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("tau_syn", tauSyn);
    m.put("tau_mem", tauMem);
    m.put("r", r);
    m.put("v_leak", vLeak);
    m.put("w_in", wIn);
    return m;
  }
}
