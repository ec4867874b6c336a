package org.nirfpga.hdl.tools;

/**
 * A Java model of a clocked design, stepped one clock cycle at a time the way the Verilator
 * harness steps the RTL: given this cycle's input values (in the simulation's input order, clock
 * excluded) it returns the output values seen before the rising edge, then takes the edge.
 */
@FunctionalInterface
public interface CycleModel {
  /** Output values for this cycle (bit patterns, in output order); then advances one clock. */
  long[] step(long[] inputs);
}
