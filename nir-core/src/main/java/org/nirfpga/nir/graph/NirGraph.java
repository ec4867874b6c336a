package org.nirfpga.nir.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A NIR graph (also a node, when nested): named nodes in file order and edges between their names.
 *
 * <p>The model holds what the file says; a graph whose edges name missing nodes can be built so that
 * validation can report it (see {@code org.nirfpga.nir.check}).
 */
public record NirGraph(Map<String, NirNode> nodes, List<Edge> edges, Metadata metadata)
    implements NirNode {
  public NirGraph {
    Objects.requireNonNull(nodes, "nodes");
    Objects.requireNonNull(edges, "edges");
    LinkedHashMap<String, NirNode> copy = new LinkedHashMap<>();
    nodes.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "node name"),
        Objects.requireNonNull(v, "node " + k)));
    nodes = Collections.unmodifiableMap(copy);
    edges = List.copyOf(edges);
    metadata = metadata == null ? Metadata.EMPTY : metadata;
  }

  public NirGraph(Map<String, NirNode> nodes, List<Edge> edges) {
    this(nodes, edges, Metadata.EMPTY);
  }

  @Override
  public String type() {
    return "NIRGraph";
  }

  @Override
  public Map<String, Tensor> params() {
    return Map.of();
  }

  /** The node with exactly this name in this graph (no path resolution). */
  public Optional<NirNode> node(String name) {
    return Optional.ofNullable(nodes.get(name));
  }

  /**
   * Resolves a dotted path through nested graphs. An exact name match wins (names may hold dots,
   * e.g. {@code lif1.lif}); otherwise every split {@code graph.rest} whose prefix names a nested
   * graph is tried, shortest prefix first.
   */
  public Optional<NirNode> find(String path) {
    NirNode exact = nodes.get(path);
    if (exact != null) {
      return Optional.of(exact);
    }
    for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
      if (nodes.get(path.substring(0, dot)) instanceof NirGraph sub) {
        Optional<NirNode> found = sub.find(path.substring(dot + 1));
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  /** Names of the Input nodes, in file order. */
  public List<String> inputNames() {
    List<String> out = new ArrayList<>();
    nodes.forEach((k, v) -> {
      if (v instanceof Input) {
        out.add(k);
      }
    });
    return out;
  }

  /** Names of the Output nodes, in file order. */
  public List<String> outputNames() {
    List<String> out = new ArrayList<>();
    nodes.forEach((k, v) -> {
      if (v instanceof Output) {
        out.add(k);
      }
    });
    return out;
  }

  /** Edges whose destination is {@code name}, in edge order. */
  public List<Edge> edgesInto(String name) {
    return edges.stream().filter(e -> e.destination().equals(name)).toList();
  }

  /** Edges whose source is {@code name}, in edge order. */
  public List<Edge> edgesFrom(String name) {
    return edges.stream().filter(e -> e.source().equals(name)).toList();
  }
}
