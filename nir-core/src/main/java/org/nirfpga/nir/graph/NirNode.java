package org.nirfpga.nir.graph;

import java.util.Map;

/** A node of a NIR graph. Its name is the key under which its {@link NirGraph} holds it. */
public sealed interface NirNode
    permits Input, Output, Affine, Linear, Scale, Conv1d, Conv2d, SumPool2d, AvgPool2d, Flatten,
        Delay, Threshold, I, LI, IF, LIF, CubaLI, CubaLIF, NirGraph {

  /** NIR's type name as written in the file's {@code type} field, e.g. {@code "CubaLIF"}. */
  String type();

  Metadata metadata();

  /** The tensor-valued fields by NIR field name, in NIR's order. */
  Map<String, Tensor> params();

  /** True for nodes with membrane state that emit spikes or values each step. */
  default boolean isNeuron() {
    return this instanceof I || this instanceof LI || this instanceof IF || this instanceof LIF
        || this instanceof CubaLI || this instanceof CubaLIF || this instanceof Threshold;
  }
}
