package org.nirfpga.nir.hdf5;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nirfpga.nir.graph.NirGraph;

/**
 * A loaded {@code .nir} file: its root graph, the {@code /version} string it claims (recorded, not
 * trusted) and what the reader had to assume or skip to load it.
 */
public record NirFile(Path path, Optional<String> version, NirGraph graph, List<String> warnings) {
  public NirFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(graph, "graph");
    warnings = List.copyOf(warnings);
  }
}
