package org.nirfpga.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared corpus beside the checkout: {@code <checkout>/../shared}, else {@code ../shared}. */
final class SharedFolder {
  private SharedFolder() {}

  static Path nirData() {
    try {
      // The jar lives in <checkout>/cli/target/.
      Path jar = Path.of(SharedFolder.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
      Path checkout = jar.getParent() == null ? null : jar.getParent().getParent().getParent();
      if (checkout != null) {
        Path p = checkout.resolveSibling("shared").resolve("nir-data");
        if (Files.isDirectory(p)) {
          return p;
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // Fall through to the working directory.
    }
    return Path.of("..", "shared", "nir-data");
  }
}
