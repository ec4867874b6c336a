package org.nirfpga.fixed;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared corpus beside the checkout (system property nirfpga.shared); skips without it. */
final class Shared {
  private Shared() {}

  static Path root() {
    String prop = System.getProperty("nirfpga.shared");
    Path p = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
    boolean present = Files.isDirectory(p.resolve("nir-data")) && Files.isDirectory(
        p.resolve("oracle"));
    if (!present) {
      System.out.println("SKIPPED: shared corpus absent (looked at " + p.toAbsolutePath() + ")");
    }
    assumeTrue(present, "shared corpus absent");
    return p.normalize();
  }

  static Path nir(String relative) {
    return root().resolve("nir-data").resolve(relative);
  }

  static Path oracle(String file) {
    return root().resolve("oracle").resolve(file);
  }
}
