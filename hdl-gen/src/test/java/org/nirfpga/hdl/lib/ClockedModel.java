package org.nirfpga.hdl.lib;

import org.nirfpga.hdl.tools.CycleModel;
import org.nirfpga.hdl.tools.VerilatorRun;

/**
 * A cycle model of a design whose registers reset asynchronously on {@code rst_ni}: while reset
 * is low the registers with a reset value hold it, and those without (memories, read data, data
 * registers) keep clocking, exactly as the emitted Verilog does.
 */
abstract class ClockedModel implements CycleModel {
  private final VerilatorRun.Simulation sim;
  private final int resetN;
  private boolean started;

  ClockedModel(VerilatorRun.Simulation sim) {
    this.sim = sim;
    this.resetN = sim.input("rst_ni");
  }

  /** Puts every register that has a reset value at that value. */
  abstract void reset();

  /** Output values from the current state and this cycle's inputs. */
  abstract long[] outputs(long[] in);

  /** Takes the clock edge: every register and memory gets its next value. */
  abstract void advance(long[] in);

  @Override
  public final long[] step(long[] in) {
    if (!started) {
      // The harness gives reset a falling edge before the first cycle.
      reset();
      started = true;
    }
    boolean inReset = in[resetN] == 0;
    if (inReset) {
      reset();
    }
    long[] out = outputs(in);
    advance(in);
    if (inReset) {
      reset();
    }
    return out;
  }

  int in(String name) {
    return sim.input(name);
  }

  /** An output row from alternating port names and values. */
  long[] row(Object... namesAndValues) {
    long[] out = new long[sim.outputs().size()];
    boolean[] set = new boolean[out.length];
    for (int i = 0; i < namesAndValues.length; i += 2) {
      int index = sim.output((String) namesAndValues[i]);
      out[index] = ((Number) namesAndValues[i + 1]).longValue();
      set[index] = true;
    }
    for (int i = 0; i < set.length; i++) {
      if (!set[i]) {
        throw new IllegalStateException("model sets no value for " + sim.outputs().get(i));
      }
    }
    return out;
  }

  static long bit(boolean b) {
    return b ? 1 : 0;
  }

  /** {@code value} clamped to a signed {@code width}-bit range. */
  static long saturate(long value, int width) {
    long max = (1L << (width - 1)) - 1;
    long min = -(1L << (width - 1));
    return Math.max(min, Math.min(max, value));
  }

  /** The low {@code width} bits of {@code bits} read as signed. */
  static long signed(long bits, int width) {
    return (bits << (64 - width)) >> (64 - width);
  }
}
