package org.nirfpga.fixed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a golden-model run: every layer's trace, every output port's values per step,
 * and the saturation events counted per site ({@code <layer>.acc}, {@code .i}, {@code .v},
 * {@code .spikes}).
 *
 * @param steps number of steps run
 * @param layers traces by layer path, in evaluation order
 * @param outputs by output node path, [step][element]: spikes, or v for non-spiking readouts
 * @param outputSources by output node path, the input or layer it copies
 * @param saturation events per site, sites without events left out
 */
public record GoldenResult(int steps, Map<String, LayerTrace> layers,
    Map<String, double[][]> outputs, Map<String, String> outputSources,
    Map<String, Long> saturation) {
  public GoldenResult {
    outputSources = Collections.unmodifiableMap(new LinkedHashMap<>(outputSources));
    layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    saturation = Collections.unmodifiableMap(new TreeMap<>(saturation));
  }

  /** True when output {@code path} carries events (spikes or input events), not values. */
  public boolean outputIsEvents(String path) {
    LayerTrace l = layers.get(outputSources.get(path));
    return l == null || l.spiking();
  }

  /** Total saturation events of all sites. */
  public long saturationTotal() {
    long n = 0;
    for (long c : saturation.values()) {
      n += c;
    }
    return n;
  }
}
