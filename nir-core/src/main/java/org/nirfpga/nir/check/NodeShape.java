package org.nirfpga.nir.check;

import java.util.Objects;
import java.util.Optional;
import org.nirfpga.nir.graph.Dims;

/** The input and output tensor shape of one node, each empty when it could not be inferred. */
public record NodeShape(Optional<Dims> input, Optional<Dims> output) {
  public NodeShape {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
  }

  static NodeShape of(Dims input, Dims output) {
    return new NodeShape(Optional.ofNullable(input), Optional.ofNullable(output));
  }

  public boolean isKnown() {
    return input.isPresent() && output.isPresent();
  }

  @Override
  public String toString() {
    return input.map(Dims::toString).orElse("?") + " -> "
        + output.map(Dims::toString).orElse("?");
  }
}
