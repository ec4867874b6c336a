package org.nirfpga.hdl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.nirfpga.hdl.Examples;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;

class CycleSimulatorTest {
  @Test
  void counterCountsWhileEnabledAndWrapsAtItsParameter() {
    CycleSimulator sim = new CycleSimulator(Examples.counter("c", 4, 9));
    sim.setReset(true);
    sim.tick();
    sim.setReset(false);
    sim.set("en_i", 1);
    for (int i = 0; i < 9; i++) {
      sim.tick();
    }
    assertEquals(9, sim.get("count_o"));
    assertEquals(1, sim.get("wrap_o"));
    sim.tick();
    assertEquals(0, sim.get("count_o"));
    sim.set("en_i", 0);
    sim.tick();
    assertEquals(0, sim.get("count_o"));
  }

  @Test
  void resetHoldsRegistersAtTheirResetValue() {
    CycleSimulator sim = new CycleSimulator(Examples.counter("c", 4, 9));
    sim.set("en_i", 1);
    sim.tick();
    sim.tick();
    assertEquals(2, sim.get("count_o"));
    sim.setReset(true);
    assertEquals(0, sim.get("count_o"), "asynchronous reset acts at once");
    sim.tick();
    assertEquals(0, sim.get("count_o"));
  }

  @Test
  void memoryAccumulatorReadsModifiesAndWritesBack() {
    Module m = Examples.memAccumulator();
    Memory mem = m.memories().get(0);
    CycleSimulator sim = new CycleSimulator(m);
    long before = sim.word(mem, 3).longValueExact();
    sim.set("valid_i", 1);
    sim.set("addr_i", 3);
    sim.set("delta_i", 100);
    sim.tick();
    sim.set("valid_i", 0);
    assertEquals(before + 100, sim.get("sum_o"));
    sim.tick();
    assertEquals(BigInteger.valueOf(before + 100), sim.word(mem, 3));
  }

  @Test
  void signedMacSaturatesInsteadOfWrapping() {
    CycleSimulator sim = new CycleSimulator(Examples.signedMac());
    sim.set("valid_i", 1);
    sim.set("a_i", -128);
    sim.set("b_i", -128);
    for (int i = 0; i < 40; i++) {
      sim.tick();
    }
    assertEquals((1 << 19) - 1, sim.get("acc_o"));
    sim.set("b_i", 127);
    for (int i = 0; i < 80; i++) {
      sim.tick();
    }
    assertEquals(-(1 << 19), sim.get("acc_o"));
    assertEquals(1, sim.get("negative_o"));
  }

  @Test
  void childrenRunWithTheirOwnResetAndFeedTheParent() {
    CycleSimulator sim = new CycleSimulator(Examples.syncedCounter());
    sim.set("en_i", 1);
    sim.setReset(true);
    sim.tick();
    sim.setReset(false);
    sim.tick();
    assertEquals(0, sim.get("count_o"), "the synchronizer still holds the counter in reset");
    sim.tick();
    sim.tick();
    assertEquals(1, sim.get("count_o"));
  }

  @Test
  void unknownSignalsAndBadValuesAreRejected() {
    CycleSimulator sim = new CycleSimulator(Examples.counter());
    assertThrows(IllegalArgumentException.class, () -> sim.set("nope", 1));
    assertThrows(IllegalArgumentException.class, () -> sim.set("en_i", 2));
  }
}
