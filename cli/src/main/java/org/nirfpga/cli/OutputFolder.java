package org.nirfpga.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.nirfpga.nir.NirfpgaException;

/**
 * Writes a command's output folder so nothing is half-written: files go to a temporary sibling
 * folder, which replaces the output folder's files only when everything was written.
 */
final class OutputFolder implements AutoCloseable {
  private final Path target;
  private final Path staging;
  private boolean committed;

  private OutputFolder(Path target, Path staging) {
    this.target = target;
    this.staging = staging;
  }

  static OutputFolder create(Path target) throws NirfpgaException {
    Path abs = target.toAbsolutePath().normalize();
    try {
      Path parent = abs.getParent();
      Files.createDirectories(parent);
      return new OutputFolder(abs, Files.createTempDirectory(parent, "." + abs.getFileName() + "."));
    } catch (IOException e) {
      throw new NirfpgaException(target + ": cannot create the output folder (" + e.getMessage()
          + ")", e);
    }
  }

  /** Where to write the files. */
  Path staging() {
    return staging;
  }

  /** Moves every staged file into the output folder, replacing files of the same name. */
  void commit() throws NirfpgaException {
    try {
      Files.createDirectories(target);
      List<Path> files;
      try (Stream<Path> s = Files.list(staging)) {
        files = s.sorted().toList();
      }
      int n = 0;
      for (Path f : files) {
        Path dest = target.resolve(f.getFileName());
        if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
          // A folder cannot replace a non-empty one: the old one goes into staging, which
          // close() deletes.
          Files.move(dest, staging.resolve(".replaced." + n++), StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(f, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      committed = true;
    } catch (IOException e) {
      throw new NirfpgaException(target + ": cannot move the results into place (" + e.getMessage()
          + ")", e);
    }
  }

  @Override
  public void close() {
    try (Stream<Path> s = Files.walk(staging)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      if (committed) {
        throw new IllegalStateException("cannot remove " + staging, e);
      }
    }
  }
}
