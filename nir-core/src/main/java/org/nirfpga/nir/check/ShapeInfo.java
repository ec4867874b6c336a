package org.nirfpga.nir.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nirfpga.nir.graph.Dims;

/**
 * The result of {@link InferShapes}: every node's input and output shape by dotted path (nested
 * graphs first, then their nodes, in file order), and what inference found on the way.
 */
public record ShapeInfo(Map<String, NodeShape> nodes, List<Finding> findings) {
  public ShapeInfo {
    nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    findings = List.copyOf(findings);
  }

  /** The shapes of the node at {@code path}, empty when no node has that path. */
  public Optional<NodeShape> node(String path) {
    return Optional.ofNullable(nodes.get(path));
  }

  /** The input shape of the node at {@code path}, empty when unknown or absent. */
  public Optional<Dims> input(String path) {
    return node(path).flatMap(NodeShape::input);
  }

  /** The output shape of the node at {@code path}, empty when unknown or absent. */
  public Optional<Dims> output(String path) {
    return node(path).flatMap(NodeShape::output);
  }
}
