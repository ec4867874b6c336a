package org.nirfpga.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nirfpga.hdl.Hdl.uint;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.eval.CycleSimulator;

/**
 * The layer's saturation counters ({@code LayerEngine.count}) add exactly up to their maximum
 * and then stay there, for every start near the maximum and every amount, as the golden model
 * counts.
 */
class SaturatingCounterTest {
  private static final int BITS = 8;

  /** A counter of BITS bits starting at {@code start}, adding {@code amount_i} while {@code en_i}. */
  private static CycleSimulator counter(long start, int amountBits) {
    Module m = new Module("sat_counter");
    Signal en = m.input("en_i", uint(1));
    Signal amount = m.input("amount_i", uint(amountBits));
    Signal c = m.reg("count", uint(BITS), start);
    LayerEngine.count(m, c, en, amount);
    m.output("count_o", uint(BITS)).set(c);
    m.build();
    CycleSimulator sim = new CycleSimulator(m);
    sim.setReset(true);
    sim.tick();
    sim.setReset(false);
    return sim;
  }

  @ParameterizedTest(name = "amount of {0} bits")
  @CsvSource({"1", "2", "3"})
  void countsExactlyUpToTheMaximumAndStaysThere(int amountBits) {
    long max = (1L << BITS) - 1;
    for (long start = max - 12; start <= max; start++) {
      for (long amount = 0; amount < (1L << amountBits); amount++) {
        CycleSimulator sim = counter(start, amountBits);
        sim.set("amount_i", amount);
        sim.set("en_i", 0);
        sim.tick();
        assertEquals(start, sim.get("count_o"), "held while not enabled");
        sim.set("en_i", 1);
        long want = start;
        for (int k = 0; k < 4; k++) {
          sim.tick();
          want = Math.min(max, want + amount);
          assertEquals(want, sim.get("count_o"), "from " + start + " adding " + amount
              + ", step " + k);
        }
      }
    }
  }
}
