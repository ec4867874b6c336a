package org.nirfpga.hdl.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("verilator")
class VerilatorRunIT {
  private static final int CYCLES = 5000;

  /** Reset for the first two cycles, then one cycle in 1024 at random (so the count wraps). */
  private static final VerilatorRun.InputRule RESET_N =
      (cycle, random) -> cycle < 2 || random.nextInt(1024) == 0 ? 0 : 1;

  /** The counter fixture in Java; {@code step} is the per-cycle increment (1 in the RTL). */
  private static CycleModel counter(int step) {
    int[] count = {0};
    return in -> {
      long[] out = {count[0]};
      if (in[0] == 0) {
        count[0] = 0;
      } else if (in[1] == 1) {
        count[0] = (count[0] + step) & 0xff;
      }
      return out;
    };
  }

  @Test
  void counterMatchesItsModelOverRandomCycles() {
    VerilatorRun.Simulation sim = VerilatorRun.build(Fixtures.dir("counter"), "counter", "clk_i");
    assertEquals(List.of("rst_ni", "en_i"),
        sim.inputs().stream().map(VerilatorRun.Port::name).toList());
    assertEquals(new VerilatorRun.Port("count_o", 8, false), sim.outputs().get(0));
    List<long[]> stimulus = sim.randomInputs(1, CYCLES, Map.of("rst_ni", RESET_N));
    List<long[]> outputs = sim.compare(counter(1), stimulus);
    assertEquals(CYCLES, outputs.size());
    // The counter must actually move, or the comparison proves little.
    assertTrue(outputs.stream().mapToLong(o -> o[0]).max().orElse(0) == 255);
  }

  @Test
  void plantedOffByOneModelIsCaughtAtTheFirstDifferingCycle() {
    VerilatorRun.Simulation sim = VerilatorRun.build(Fixtures.dir("counter"), "counter", "clk_i");
    List<long[]> stimulus = sim.randomInputs(1, CYCLES, Map.of("rst_ni", RESET_N));
    AssertionError error = assertThrows(AssertionError.class,
        () -> sim.compare(counter(2), stimulus));
    assertTrue(error.getMessage().contains("count_o is 0x1 in RTL but 0x2 in the model"),
        error.getMessage());
  }

  @Test
  void rebuildingTheSameDesignReusesTheCachedSimulator() {
    VerilatorRun.Simulation first = VerilatorRun.build(Fixtures.dir("counter"), "counter", "clk_i");
    long start = System.nanoTime();
    VerilatorRun.Simulation second =
        VerilatorRun.build(Fixtures.dir("counter"), "counter", "clk_i");
    List<long[]> stimulus = first.randomInputs(7, 100, Map.of());
    List<long[]> a = first.run(stimulus);
    List<long[]> b = second.run(stimulus);
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i));
    }
    // A cache hit runs no compiler; allow generous slack for a loaded machine.
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "second build was not cached");
  }

  @Test
  void ramReadsBackWhatWasWrittenOneCycleLater() {
    VerilatorRun.Simulation sim = VerilatorRun.build(Fixtures.dir("ram"), "ram", "clk_i");
    int we = sim.input("we_i");
    int waddr = sim.input("waddr_i");
    int wdata = sim.input("wdata_i");
    int raddr = sim.input("raddr_i");
    // A small address range makes reads hit written words and collide with writes often.
    List<long[]> stimulus = sim.randomInputs(3, CYCLES, Map.of(
        "waddr_i", (c, r) -> r.nextInt(8), "raddr_i", (c, r) -> r.nextInt(8)));
    long[] mem = new long[512];
    long[] rdata = {0};
    sim.compare(in -> {
      long[] out = {rdata[0]};
      // Read-first: the read port sees the word before this cycle's write.
      rdata[0] = mem[(int) in[raddr]];
      if (in[we] == 1) {
        mem[(int) in[waddr]] = in[wdata];
      }
      return out;
    }, stimulus);
  }

  @Test
  void stimulusOfTheWrongWidthIsRejected() {
    VerilatorRun.Simulation sim = VerilatorRun.build(Fixtures.dir("counter"), "counter", "clk_i");
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> sim.run(List.of(new long[] {1})));
    assertTrue(error.getMessage().contains("[rst_ni, en_i]"), error.getMessage());
  }
}
