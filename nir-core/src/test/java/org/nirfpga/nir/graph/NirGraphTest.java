package org.nirfpga.nir.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NirGraphTest {
  private static final Threshold INNER = new Threshold(Tensor.vector(1.0), null);
  private static final Threshold DOTTED = new Threshold(Tensor.vector(2.0), null);

  private static NirGraph nested() {
    Map<String, NirNode> sub = new LinkedHashMap<>();
    sub.put("lif", INNER);
    sub.put("input", new Input(Dims.of(1), null));
    Map<String, NirNode> top = new LinkedHashMap<>();
    top.put("lif1", new NirGraph(sub, List.of(new Edge("input", "lif"))));
    top.put("lif1.lif", DOTTED);
    return new NirGraph(top, List.of());
  }

  @Test
  void exactNameWithDotsWinsOverNestedPath() {
    assertSame(DOTTED, nested().find("lif1.lif").orElseThrow());
  }

  @Test
  void dottedPathReachesIntoNestedGraph() {
    Map<String, NirNode> top = new LinkedHashMap<>(nested().nodes());
    top.remove("lif1.lif");
    NirGraph g = new NirGraph(top, List.of());
    assertSame(INNER, g.find("lif1.lif").orElseThrow());
    assertTrue(g.find("lif1.nothing").isEmpty());
    assertTrue(g.find("nothing").isEmpty());
  }

  @Test
  void nodesKeepFileOrderAndAreImmutable() {
    NirGraph g = nested();
    assertEquals(List.of("lif1", "lif1.lif"), List.copyOf(g.nodes().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> g.nodes().put("x", INNER));
  }

  @Test
  void edgeQueriesFollowEdgeOrder() {
    Map<String, NirNode> n = new LinkedHashMap<>();
    n.put("a", new Input(Dims.of(2), null));
    n.put("b", INNER);
    n.put("c", DOTTED);
    NirGraph g = new NirGraph(n, List.of(new Edge("a", "c"), new Edge("b", "c"), new Edge("a", "b")));
    assertEquals(List.of(new Edge("a", "c"), new Edge("b", "c")), g.edgesInto("c"));
    assertEquals(List.of(new Edge("a", "c"), new Edge("a", "b")), g.edgesFrom("a"));
    assertEquals(List.of("a"), g.inputNames());
  }
}
