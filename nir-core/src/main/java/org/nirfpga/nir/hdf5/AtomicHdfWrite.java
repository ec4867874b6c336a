package org.nirfpga.nir.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Writes an HDF5 file through a temporary file in the same folder that is moved over the target
 * only when complete, so a failure never leaves a half-written model behind.
 */
final class AtomicHdfWrite {
  /** Fills the file; records datasets whose dimensions must be patched afterwards. */
  interface Body {
    void write(WritableHdfFile hdf, Map<String, long[]> dimensionPatches) throws NirFormatException;
  }

  private AtomicHdfWrite() {}

  /**
   * Runs {@code body} into a temporary file, then replaces {@code file}.
   *
   * @param where names what was being written when a low-level failure happens, e.g.
   *     {@code "node 'lif'"}
   */
  static void write(Path file, Body body, Supplier<String> where) throws NirFormatException {
    Path target = file.toAbsolutePath();
    String name = target.getFileName().toString();
    Path dir = target.getParent();
    Path tmp;
    try {
      tmp = Files.createTempFile(dir, "." + name + ".", ".tmp");
    } catch (IOException | RuntimeException e) {
      throw new NirFormatException(name + ": cannot create a file in " + dir + " ("
          + NirReader.oneLine(e) + "); check that the folder exists and is writable", e);
    }
    boolean done = false;
    try {
      Map<String, long[]> patches = new LinkedHashMap<>();
      try (WritableHdfFile hdf = HdfFile.write(tmp)) {
        body.write(hdf, patches);
      }
      DataspacePatch.apply(tmp, patches);
      keepPermissions(tmp, target);
      move(tmp, target);
      done = true;
    } catch (IOException | RuntimeException e) {
      throw new NirFormatException(name + ": cannot write " + where.get() + " ("
          + NirReader.oneLine(e) + ")", e);
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The temporary name starts with a dot; a leftover does not shadow the target.
        }
      }
    }
  }

  /**
   * A temporary file is private (0600); the model file should be as readable as the one it
   * replaces, or as a newly created file usually is (0644).
   */
  private static void keepPermissions(Path tmp, Path target) throws IOException {
    if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      return;
    }
    Set<PosixFilePermission> perms = Files.exists(target)
        ? Files.getPosixFilePermissions(target)
        : PosixFilePermissions.fromString("rw-r--r--");
    Files.setPosixFilePermissions(tmp, perms);
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
