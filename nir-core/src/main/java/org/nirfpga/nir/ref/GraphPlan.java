package org.nirfpga.nir.ref;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;

/**
 * The execution plan of a graph: nested graphs flattened (inner names dotted), the edges that
 * close cycles, and the order nodes run in each step.
 *
 * <p>Cycle-closing edges are the back edges of a depth-first search that starts at the top-level
 * Input nodes in file order (then any node not yet reached, in file order) and follows each node's
 * out-edges in file order. Without them the graph is acyclic; nodes then run in topological order,
 * ties broken by file order (Kahn's algorithm with the file position as priority).
 */
final class GraphPlan {
  /** One incoming edge of a node: its source and whether it is read one step late. */
  record In(String source, boolean delayed) {}

  private final Map<String, NirNode> nodes = new LinkedHashMap<>();
  private final Map<String, Boolean> topLevel = new HashMap<>();
  private final List<Edge> edges = new ArrayList<>();
  private final Set<Integer> backEdges = new HashSet<>();
  private final List<String> order = new ArrayList<>();
  private final Map<String, List<In>> inputs = new HashMap<>();
  private final List<String> inputNames = new ArrayList<>();
  private final List<String> outputNames = new ArrayList<>();

  private GraphPlan() {}

  static GraphPlan of(NirGraph graph) throws NirfpgaException {
    GraphPlan p = new GraphPlan();
    p.flatten(graph, "", true);
    p.findBackEdges();
    p.sort();
    for (String name : p.nodes.keySet()) {
      p.inputs.put(name, new ArrayList<>());
    }
    for (int e = 0; e < p.edges.size(); e++) {
      Edge edge = p.edges.get(e);
      p.inputs.get(edge.destination()).add(new In(edge.source(), p.backEdges.contains(e)));
    }
    return p;
  }

  private void flatten(NirGraph g, String prefix, boolean top) throws NirfpgaException {
    for (Map.Entry<String, NirNode> e : g.nodes().entrySet()) {
      String name = prefix + e.getKey();
      if (e.getValue() instanceof NirGraph sub) {
        flatten(sub, name + ".", false);
        continue;
      }
      if (nodes.containsKey(name)) {
        throw new NirfpgaException("node '" + name + "' appears twice once nested graphs are "
            + "flattened (a dotted name collides with a subgraph node); rename one");
      }
      nodes.put(name, e.getValue());
      topLevel.put(name, top);
      if (top && e.getValue() instanceof Input) {
        inputNames.add(name);
      }
      if (top && e.getValue() instanceof Output) {
        outputNames.add(name);
      }
    }
    for (Edge e : g.edges()) {
      String src = resolve(g, prefix, e.source(), false);
      String dst = resolve(g, prefix, e.destination(), true);
      if (src == null || dst == null) {
        throw new NirfpgaException("edge " + e + (prefix.isEmpty() ? "" : " in graph '"
            + prefix.substring(0, prefix.length() - 1) + "'") + " names no node '"
            + (src == null ? e.source() : e.destination()) + "'; nodes are: "
            + String.join(", ", g.nodes().keySet()));
      }
      edges.add(new Edge(src, dst));
    }
  }

  /**
   * The flat name an edge end refers to: an exact node name wins; a nested graph stands for its
   * only Input (as destination) or only Output (as source); {@code g.x} reaches node x inside g.
   */
  private static String resolve(NirGraph g, String prefix, String name, boolean asDestination)
      throws NirfpgaException {
    NirNode n = g.nodes().get(name);
    if (n instanceof NirGraph sub) {
      List<String> ports = asDestination ? sub.inputNames() : sub.outputNames();
      if (ports.size() != 1) {
        throw new NirfpgaException("edge end '" + name + "' is a subgraph with " + ports.size()
            + (asDestination ? " Input" : " Output") + " nodes " + ports
            + "; name one of them as '" + name + ".<port>'");
      }
      return resolve(sub, prefix + name + ".", ports.get(0), asDestination);
    }
    if (n != null) {
      return prefix + name;
    }
    for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
      if (g.nodes().get(name.substring(0, dot)) instanceof NirGraph sub) {
        String r = resolve(sub, prefix + name.substring(0, dot) + ".", name.substring(dot + 1),
            asDestination);
        if (r != null) {
          return r;
        }
      }
    }
    // Files of October 2023 flattened subgraphs into dotted names but kept edges to the
    // subgraph's own name: 'lif1' then stands for 'lif1.input' or 'lif1.output'.
    String port = name + (asDestination ? ".input" : ".output");
    if (g.nodes().get(port) instanceof Input || g.nodes().get(port) instanceof Output) {
      return prefix + port;
    }
    return null;
  }

  private void findBackEdges() {
    List<String> names = new ArrayList<>(nodes.keySet());
    Map<String, List<Integer>> outEdges = new HashMap<>();
    for (String n : names) {
      outEdges.put(n, new ArrayList<>());
    }
    for (int e = 0; e < edges.size(); e++) {
      outEdges.get(edges.get(e).source()).add(e);
    }
    Map<String, Integer> state = new HashMap<>();
    List<String> roots = new ArrayList<>(inputNames);
    roots.addAll(names);
    for (String root : roots) {
      if (state.containsKey(root)) {
        continue;
      }
      // Iterative DFS: a frame is (node, next out-edge position); state 1 = on stack, 2 = done.
      List<String> stackNode = new ArrayList<>();
      List<Integer> stackPos = new ArrayList<>();
      stackNode.add(root);
      stackPos.add(0);
      state.put(root, 1);
      while (!stackNode.isEmpty()) {
        int top = stackNode.size() - 1;
        String n = stackNode.get(top);
        List<Integer> outs = outEdges.get(n);
        int pos = stackPos.get(top);
        if (pos == outs.size()) {
          state.put(n, 2);
          stackNode.remove(top);
          stackPos.remove(top);
          continue;
        }
        stackPos.set(top, pos + 1);
        int e = outs.get(pos);
        String d = edges.get(e).destination();
        Integer s = state.get(d);
        if (s == null) {
          state.put(d, 1);
          stackNode.add(d);
          stackPos.add(0);
        } else if (s == 1) {
          backEdges.add(e);
        }
      }
    }
  }

  private void sort() {
    List<String> names = new ArrayList<>(nodes.keySet());
    Map<String, Integer> pos = new HashMap<>();
    for (int k = 0; k < names.size(); k++) {
      pos.put(names.get(k), k);
    }
    Map<String, Integer> indeg = new HashMap<>();
    Map<String, List<String>> succ = new HashMap<>();
    for (String n : names) {
      indeg.put(n, 0);
      succ.put(n, new ArrayList<>());
    }
    for (int e = 0; e < edges.size(); e++) {
      if (backEdges.contains(e)) {
        continue;
      }
      Edge edge = edges.get(e);
      indeg.merge(edge.destination(), 1, Integer::sum);
      succ.get(edge.source()).add(edge.destination());
    }
    PriorityQueue<String> ready = new PriorityQueue<>((a, b) -> pos.get(a) - pos.get(b));
    for (String n : names) {
      if (indeg.get(n) == 0) {
        ready.add(n);
      }
    }
    while (!ready.isEmpty()) {
      String n = ready.poll();
      order.add(n);
      for (String d : succ.get(n)) {
        if (indeg.merge(d, -1, Integer::sum) == 0) {
          ready.add(d);
        }
      }
    }
    if (order.size() != names.size()) {
      throw new IllegalStateException("cycle left after removing back edges");
    }
  }

  List<String> order() {
    return order;
  }

  NirNode node(String name) {
    return nodes.get(name);
  }

  boolean isTopLevel(String name) {
    return topLevel.get(name);
  }

  List<In> inputsOf(String name) {
    return inputs.get(name);
  }

  List<String> inputNames() {
    return List.copyOf(inputNames);
  }

  List<String> outputNames() {
    return List.copyOf(outputNames);
  }

  List<String> cycleClosingEdges() {
    List<String> out = new ArrayList<>();
    for (int e = 0; e < edges.size(); e++) {
      if (backEdges.contains(e)) {
        out.add(edges.get(e).source() + " -> " + edges.get(e).destination());
      }
    }
    return out;
  }
}
