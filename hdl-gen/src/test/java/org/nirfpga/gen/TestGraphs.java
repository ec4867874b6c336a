package org.nirfpga.gen;

import org.nirfpga.nir.graph.NirGraph;

/** Test graphs other modules' tests share (through hdl-gen's test jar). */
public final class TestGraphs {
  private TestGraphs() {}

  /**
   * Two inputs, two outputs, fan-in and fan-out: in1(4) -> Linear -> LIF a(5) -> output 'oa';
   * in2(3) -> Linear -> LIF b(3); a and b -> Linear each -> LIF c(4) -> output 'oc'. Weights on
   * the 1/16 grid from a fixed seed.
   */
  public static NirGraph fan() {
    return GraphStructureTest.fanGraph();
  }
}
