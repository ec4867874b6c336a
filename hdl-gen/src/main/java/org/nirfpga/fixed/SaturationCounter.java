package org.nirfpga.fixed;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts saturation (or wrap) events per site, e.g. {@code lif1.v}; hardware keeps one counter per
 * site and the host reads them through the status port.
 */
public final class SaturationCounter {
  private final TreeMap<String, Long> counts = new TreeMap<>();

  /** Adds one event at {@code site}. */
  public void count(String site) {
    counts.merge(site, 1L, Long::sum);
  }

  /** Events at {@code site} so far (0 when none). */
  public long get(String site) {
    return counts.getOrDefault(site, 0L);
  }

  /** All events so far. */
  public long total() {
    long t = 0;
    for (long c : counts.values()) {
      t += c;
    }
    return t;
  }

  /** A sorted copy of the counts of every site that saw an event. */
  public Map<String, Long> snapshot() {
    return Collections.unmodifiableMap(new TreeMap<>(counts));
  }
}
