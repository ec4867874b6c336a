package org.nirfpga.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.uint;

import org.junit.jupiter.api.Test;
import org.nirfpga.hdl.eval.CycleSimulator;

class ModuleTest {
  @Test
  void aWireFromAnExpressionTakesItsShapeAndValue() {
    Module m = new Module("sum");
    Signal a = m.input("a_i", uint(8));
    Signal en = m.input("en_i", bool());
    Signal[] inner = new Signal[1];
    m.when(en, () -> inner[0] = m.wire("total", a.add(a)));
    assertEquals(uint(9), inner[0].shape());
    m.output("y_o", uint(9)).set(inner[0]);
    CycleSimulator sim = new CycleSimulator(m.build());
    sim.set("a_i", 200);
    assertEquals(400, sim.get("y_o"), "assigned at the top level, not only when enabled");
  }

  @Test
  void instancePortsAreFoundWithOrWithoutTheirSuffix() {
    Module child = new Module("child");
    child.output("y_o", bool()).set(child.input("x_i", bool()));
    Module m = new Module("parent");
    Instance u = m.instance("c", child);
    assertSame(u.port("x_i"), u.port("x"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> u.port("z"));
    assertTrue(e.getMessage().contains("module 'child' has no port 'z'; ports are: y_o, x_i"),
        e.getMessage());
    assertTrue(child.isBuilt(), "instantiating builds the child");
  }

  @Test
  void streamsConnectValidPayloadForwardAndReadyBackward() {
    Module m = new Module("wire_through");
    Stream in = m.streamIn("in", uint(4));
    Stream out = m.streamOut("out", uint(4));
    m.connect(in, out);
    CycleSimulator sim = new CycleSimulator(m.build());
    sim.set("in_valid_i", 1);
    sim.set("in_data_i", 9);
    sim.set("out_ready_i", 1);
    assertEquals(1, sim.get("out_valid_o"));
    assertEquals(9, sim.get("out_data_o"));
    assertEquals(1, sim.get("in_ready_o"));
  }

  @Test
  void sourceLocationsPointAtTheCallerNotTheLibrary() {
    Module m = new Module("where");
    int line = StackWalker.getInstance().walk(s -> s.findFirst()).get().getLineNumber() + 1;
    Signal s = m.wire("w", bool());
    assertEquals(new SourceLocation("ModuleTest.java", line), s.createdAt());
  }
}
