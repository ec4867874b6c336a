package org.nirfpga.nir.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;

/**
 * A graph flattened to dotted paths: every node at every nesting level, and every edge resolved
 * to the paths of its two ends. Edges whose ends cannot be resolved become findings.
 */
final class GraphIndex {
  /** A resolved edge: {@code edge} as written in the graph at {@code graphPath}. */
  record Link(String graphPath, Edge edge, String source, String destination) {}

  private static final int MAX_LISTED_NAMES = 24;

  final Map<String, NirNode> nodes = new LinkedHashMap<>();
  final Map<String, String> parent = new LinkedHashMap<>();
  final List<Link> links = new ArrayList<>();
  final List<Finding> findings = new ArrayList<>();

  private GraphIndex() {}

  static GraphIndex of(NirGraph root, Mode mode) {
    GraphIndex index = new GraphIndex();
    index.collect("", root);
    index.resolve("", root, mode);
    return index;
  }

  static String join(String prefix, String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  private void collect(String prefix, NirGraph graph) {
    graph.nodes().forEach((name, node) -> {
      String path = join(prefix, name);
      // An exact name wins over the same text reached through a nested graph (see resolve).
      if (!nodes.containsKey(path)) {
        nodes.put(path, node);
        parent.put(path, prefix);
      }
      if (node instanceof NirGraph sub) {
        collect(path, sub);
      }
    });
  }

  private void resolve(String prefix, NirGraph graph, Mode mode) {
    Map<Edge, Integer> seen = new LinkedHashMap<>();
    for (Edge e : graph.edges()) {
      seen.merge(e, 1, Integer::sum);
      String src = resolveEnd(prefix, graph, e, e.source(), "output", mode);
      String dst = resolveEnd(prefix, graph, e, e.destination(), "input", mode);
      List<String> missing = new ArrayList<>();
      if (src == null) {
        missing.add(e.source());
      }
      if (dst == null && !(missing.contains(e.destination()))) {
        missing.add(e.destination());
      }
      if (!missing.isEmpty()) {
        findings.add(Finding.error(prefix, "edge " + e + " names no node '"
            + String.join("', '", missing) + "'; nodes are: " + listNames(graph)));
        continue;
      }
      links.add(new Link(prefix, e, src, dst));
    }
    seen.forEach((e, n) -> {
      if (n > 1) {
        findings.add(Finding.warning(prefix, "edge " + e + " is listed " + n
            + " times; its input is summed once per listing; remove the duplicates"));
      }
    });
    graph.nodes().forEach((name, node) -> {
      if (name.contains(".") && viaSubgraph(graph, name).isPresent()) {
        findings.add(Finding.warning(join(prefix, name), "node name '" + name
            + "' also reaches a node inside subgraph '" + name.substring(0, name.indexOf('.'))
            + "'; edges use the exact name; rename one of them"));
      }
      if (node instanceof NirGraph sub) {
        resolve(join(prefix, name), sub, mode);
      }
    });
  }

  /**
   * Resolves one end of an edge: the exact name, else a dotted path into a nested graph (as
   * {@link NirGraph#find} does), else NIRTorch's convention that a flattened subgraph {@code X}
   * is entered at {@code X.input} and left at {@code X.output}. NIR's own type check knows only
   * exact names, so the last two are errors in strict mode.
   */
  private String resolveEnd(String prefix, NirGraph graph, Edge e, String name, String port,
      Mode mode) {
    if (graph.nodes().containsKey(name)) {
      return join(prefix, name);
    }
    if (graph.find(name).isPresent()) {
      String path = join(prefix, name);
      if (mode == Mode.STRICT) {
        findings.add(Finding.error(prefix, "edge " + e + " names '" + name
            + "', a node inside a subgraph; NIR's type check accepts only names of this graph"
            + " (lenient mode resolves it)"));
      } else {
        findings.add(Finding.info(prefix, "edge " + e + " reaches into a subgraph: '" + name
            + "'"));
      }
      return path;
    }
    String conventional = name + "." + port;
    if (graph.find(conventional).isPresent()) {
      if (mode == Mode.STRICT) {
        findings.add(Finding.error(prefix, "edge " + e + " names no node '" + name
            + "'; NIR's type check needs an exact name (lenient mode reads it as '"
            + conventional + "', as NIRTorch does)"));
      } else {
        findings.add(Finding.info(prefix, "edge " + e + " names no node '" + name
            + "'; read as '" + conventional + "', NIRTorch's name for a flattened subgraph's "
            + port));
      }
      return join(prefix, conventional);
    }
    return null;
  }

  private static Optional<NirNode> viaSubgraph(NirGraph graph, String name) {
    for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
      if (graph.nodes().get(name.substring(0, dot)) instanceof NirGraph sub) {
        Optional<NirNode> found = sub.find(name.substring(dot + 1));
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static String listNames(NirGraph graph) {
    List<String> names = new ArrayList<>(graph.nodes().keySet());
    if (names.isEmpty()) {
      return "(none)";
    }
    if (names.size() <= MAX_LISTED_NAMES) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, MAX_LISTED_NAMES)) + ", ... ("
        + (names.size() - MAX_LISTED_NAMES) + " more)";
  }

  /** The resolved successors of each path, in edge order. */
  Map<String, List<String>> successors() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    nodes.keySet().forEach(p -> out.put(p, new ArrayList<>()));
    for (Link l : links) {
      out.computeIfAbsent(l.source(), k -> new ArrayList<>()).add(l.destination());
    }
    return out;
  }
}
