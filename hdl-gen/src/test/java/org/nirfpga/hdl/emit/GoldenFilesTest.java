package org.nirfpga.hdl.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nirfpga.hdl.Examples;
import org.nirfpga.hdl.Module;

/**
 * The emitted text of every example equals its golden files. Regenerate them with
 * {@code -Dgolden.update=true} and review the diff.
 */
class GoldenFilesTest {
  /** Golden files in the source tree (the working directory of surefire is the module). */
  static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  static EmittedDesign emit(String name, Supplier<Module> example) {
    return new VerilogEmitter("test", name).emit(example.get());
  }

  @TestFactory
  Stream<DynamicTest> emittedTextMatchesGoldenFiles() {
    boolean update = Boolean.getBoolean("golden.update");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, Supplier<Module>> e : Examples.all().entrySet()) {
      tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
        EmittedDesign d = emit(e.getKey(), e.getValue());
        Path dir = GOLDEN.resolve(e.getKey());
        if (update) {
          if (Files.isDirectory(dir)) {
            try (Stream<Path> old = Files.list(dir)) {
              for (Path p : (Iterable<Path>) old::iterator) {
                Files.delete(p);
              }
            }
          }
          d.writeTo(dir);
        }
        assertEquals(new TreeSet<>(d.files().keySet()), list(dir),
            "files of " + e.getKey() + "; regenerate with -Dgolden.update=true");
        for (Map.Entry<String, String> f : d.files().entrySet()) {
          assertEquals(Files.readString(dir.resolve(f.getKey()), StandardCharsets.UTF_8),
              f.getValue(), f.getKey() + " differs from its golden file; regenerate with "
              + "-Dgolden.update=true and review the diff");
        }
      }));
    }
    return tests.stream();
  }

  private static TreeSet<String> list(Path dir) throws IOException {
    TreeSet<String> out = new TreeSet<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.forEach(p -> out.add(p.getFileName().toString()));
      }
    }
    return out;
  }
}
