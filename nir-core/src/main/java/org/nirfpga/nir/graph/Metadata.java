package org.nirfpga.nir.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's or graph's free-form metadata: an ordered tree whose leaves are {@code String},
 * {@code Long}, {@code Double}, {@code Boolean} or {@link Tensor}, and whose inner nodes are maps.
 */
public record Metadata(Map<String, Object> entries) {
  public static final Metadata EMPTY = new Metadata(Map.of());

  public Metadata {
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      copy.put(e.getKey(), freeze(e.getKey(), e.getValue()));
    }
    entries = Collections.unmodifiableMap(copy);
  }

  private static Object freeze(String key, Object value) {
    if (value instanceof String || value instanceof Long || value instanceof Double
        || value instanceof Boolean || value instanceof Tensor) {
      return value;
    }
    if (value instanceof Integer i) {
      return i.longValue();
    }
    if (value instanceof Metadata m) {
      return m;
    }
    if (value instanceof Map<?, ?> m) {
      LinkedHashMap<String, Object> inner = new LinkedHashMap<>();
      m.forEach((k, v) -> inner.put(String.valueOf(k), v));
      return new Metadata(inner);
    }
    if (value instanceof List<?> l) {
      return List.copyOf(l.stream().map(v -> freeze(key, v)).toList());
    }
    throw new IllegalArgumentException(
        "metadata '" + key + "' has unsupported value type " + (value == null ? "null" : value.getClass()));
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public Object get(String key) {
    return entries.get(key);
  }
}
