package org.nirfpga.nir.graph;

import java.util.Objects;

/** A directed edge from the node named {@code source} to the node named {@code destination}. */
public record Edge(String source, String destination) {
  public Edge {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
  }

  @Override
  public String toString() {
    return "(" + source + " -> " + destination + ")";
  }
}
