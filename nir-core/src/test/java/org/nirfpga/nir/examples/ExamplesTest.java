package org.nirfpga.nir.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nirfpga.nir.graph.NirNode;

class ExamplesTest {
  @Test
  void examplesAreDeterministic() {
    for (String name : Examples.names()) {
      Example a = Examples.named(name).orElseThrow();
      Example b = Examples.named(name).orElseThrow();
      assertEquals(a.graph(), b.graph(), name);
      assertArrayEquals(a.sampleInput(), b.sampleInput(), name);
    }
  }

  @Test
  void weightsAreMultiplesOfOneThirtySecond() {
    for (Example e : Examples.all()) {
      for (NirNode n : e.graph().nodes().values()) {
        n.params().forEach((field, t) -> {
          if (field.equals("weight") || field.equals("bias")) {
            for (double w : t.toArray()) {
              assertEquals(Math.rint(w * 32), w * 32, e.name() + " " + field);
            }
          }
        });
      }
    }
  }

  @Test
  void everyEdgeNamesANode() {
    for (Example e : Examples.all()) {
      e.graph().edges().forEach(edge -> {
        assertTrue(e.graph().nodes().containsKey(edge.source()), e.name() + " " + edge);
        assertTrue(e.graph().nodes().containsKey(edge.destination()), e.name() + " " + edge);
      });
    }
  }
}
