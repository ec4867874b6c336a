package org.nirfpga.hdl.check;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.ReadPort;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.SourceLocation;

/**
 * Combinational dependencies of a module: an edge {@code a -> b} means a change of {@code b} can
 * change {@code a} in the same cycle. Registers and synchronous reads cut edges; instance outputs
 * depend on the inputs their child connects to them combinationally.
 */
public final class CombGraph {
  private final Map<Signal, Set<Signal>> edges = new LinkedHashMap<>();
  private final Map<Signal, SourceLocation> where = new IdentityHashMap<>();

  private CombGraph() {
  }

  /** Builds the graph of {@code m}. */
  public static CombGraph of(Module m) {
    CombGraph g = new CombGraph();
    for (Walk.Guarded a : Walk.assignments(m)) {
      Signal t = a.assign().target();
      if (t.kind() == Signal.Kind.REG || t.kind() == Signal.Kind.INPUT) {
        continue;
      }
      g.where.putIfAbsent(t, a.assign().at());
      Set<Signal> deps = g.edges.computeIfAbsent(t, k -> new LinkedHashSet<>());
      g.addReads(deps, a.assign().value());
      for (Expr guard : a.guards()) {
        g.addReads(deps, guard);
      }
    }
    for (Memory mem : m.memories()) {
      for (ReadPort p : mem.readPorts()) {
        if (!p.sync()) {
          g.where.putIfAbsent(p.data(), p.at());
          g.addReads(g.edges.computeIfAbsent(p.data(), k -> new LinkedHashSet<>()), p.address());
        }
      }
    }
    for (Instance i : m.instances()) {
      Map<Signal, Set<Signal>> paths = of(i.child()).outputsToInputs(i.child());
      for (Map.Entry<Signal, Set<Signal>> e : paths.entrySet()) {
        Signal out = i.wires().get(e.getKey());
        g.where.putIfAbsent(out, i.createdAt());
        Set<Signal> deps = g.edges.computeIfAbsent(out, k -> new LinkedHashSet<>());
        for (Signal in : e.getValue()) {
          deps.add(i.wires().get(in));
        }
      }
    }
    return g;
  }

  private void addReads(Set<Signal> deps, Expr e) {
    Walk.signals(e, s -> {
      if (s.kind() != Signal.Kind.REG) {
        deps.add(s);
      }
    });
  }

  /** Direct dependencies of {@code s}. */
  public Set<Signal> dependencies(Signal s) {
    return edges.getOrDefault(s, Set.of());
  }

  /** Where {@code s} is first driven. */
  public SourceLocation drivenAt(Signal s) {
    return where.getOrDefault(s, s.createdAt());
  }

  /** For each output port of {@code m}, the input ports it depends on combinationally. */
  public Map<Signal, Set<Signal>> outputsToInputs(Module m) {
    Map<Signal, Set<Signal>> out = new LinkedHashMap<>();
    for (Signal p : m.ports()) {
      if (p.kind() != Signal.Kind.OUTPUT) {
        continue;
      }
      Set<Signal> inputs = new LinkedHashSet<>();
      Set<Signal> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      Deque<Signal> todo = new ArrayDeque<>();
      todo.push(p);
      while (!todo.isEmpty()) {
        Signal s = todo.pop();
        if (!seen.add(s)) {
          continue;
        }
        if (s.kind() == Signal.Kind.INPUT) {
          inputs.add(s);
        }
        for (Signal d : dependencies(s)) {
          todo.push(d);
        }
      }
      if (!inputs.isEmpty()) {
        out.put(p, inputs);
      }
    }
    return out;
  }

  /** Every cycle found by a depth-first search, each as a list of signals in dependency order. */
  public List<List<Signal>> cycles() {
    List<List<Signal>> found = new java.util.ArrayList<>();
    Map<Signal, Integer> state = new IdentityHashMap<>();
    for (Signal start : edges.keySet()) {
      if (!state.containsKey(start)) {
        dfs(start, state, new java.util.ArrayList<>(), found);
      }
    }
    return found;
  }

  private void dfs(Signal s, Map<Signal, Integer> state, List<Signal> stack,
      List<List<Signal>> found) {
    state.put(s, 1);
    stack.add(s);
    for (Signal d : dependencies(s)) {
      Integer st = state.get(d);
      if (st == null) {
        dfs(d, state, stack, found);
      } else if (st == 1) {
        found.add(List.copyOf(stack.subList(stack.indexOf(d), stack.size())));
      }
    }
    stack.remove(stack.size() - 1);
    state.put(s, 2);
  }
}
