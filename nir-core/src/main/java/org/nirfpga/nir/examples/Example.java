package org.nirfpga.nir.examples;

import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.NirGraph;

/**
 * A bundled example network with a sample input of shape {@code (steps, *inputShape)} in C order.
 *
 * @param name the name {@code nirfpga example NAME} takes
 * @param description one line for {@code nirfpga example --list}
 * @param graph the network
 * @param inputShape the shape of one step of input
 * @param sampleInput one row per step, each {@code inputShape.product()} values long
 */
public record Example(String name, String description, NirGraph graph, Dims inputShape,
    double[][] sampleInput) {
  public Example {
    for (double[] row : sampleInput) {
      if (row.length != inputShape.product()) {
        throw new IllegalArgumentException("sample input row of " + row.length + " values for shape "
            + inputShape);
      }
    }
  }

  /** A deep copy of the sample input. */
  @Override
  public double[][] sampleInput() {
    double[][] copy = new double[sampleInput.length][];
    for (int t = 0; t < copy.length; t++) {
      copy[t] = sampleInput[t].clone();
    }
    return copy;
  }
}
