package org.nirfpga.nir;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Locates {@code ../shared} (the corpus beside the checkout); tests skip with a reason without it. */
public final class SharedCorpus {
  private SharedCorpus() {}

  /** The shared folder, or a skipped test (with the reason printed) when it is absent. */
  public static Path root() {
    String prop = System.getProperty("nirfpga.shared");
    Path p = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
    if (!Files.isDirectory(p.resolve("nir-data"))) {
      p = Path.of("..", "shared");
    }
    boolean present = Files.isDirectory(p.resolve("nir-data"));
    if (!present) {
      System.out.println("SKIPPED: ../shared/nir-data is absent (looked at " + p.toAbsolutePath() + ")");
    }
    assumeTrue(present, "../shared/nir-data is absent");
    return p.normalize();
  }

  public static Path nirData() {
    return root().resolve("nir-data");
  }

  public static Path oracle() {
    return root().resolve("oracle");
  }

  /** Every {@code .nir} file of the corpus, sorted by path. */
  public static List<Path> allNirFiles() {
    try (Stream<Path> s = Files.walk(nirData())) {
      return s.filter(f -> f.toString().endsWith(".nir")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
