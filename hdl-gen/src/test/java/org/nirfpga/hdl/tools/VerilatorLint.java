package org.nirfpga.hdl.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.nirfpga.hdl.ToolSupport;

/** Runs {@code verilator --lint-only -Wall} over a folder of Verilog files. */
public final class VerilatorLint {
  private VerilatorLint() {}

  /**
   * The warnings and errors (first line of each) Verilator reports for the design in {@code dir}
   * with top module {@code top}; empty when the design is clean.
   */
  public static List<String> warnings(Path dir, String top) {
    Path verilator = ToolSupport.require("verilator");
    List<String> command = new ArrayList<>(List.of(verilator.toString(), "--lint-only", "-Wall",
        "--top-module", top));
    command.addAll(verilogFiles(dir));
    Tools.ToolOutput result = Tools.run(dir, 120, command);
    List<String> found = new ArrayList<>();
    for (String line : (result.stdout() + result.stderr()).split("\n")) {
      // "%Error: Exiting due to N warning(s)" only summarizes the lines already collected.
      if ((line.startsWith("%Warning") || line.startsWith("%Error"))
          && !line.startsWith("%Error: Exiting due to")) {
        found.add(line);
      }
    }
    if (result.exitCode() != 0 && found.isEmpty()) {
      throw new AssertionError("verilator failed without a diagnostic: " + result.describe());
    }
    return List.copyOf(found);
  }

  /** Fails with every diagnostic listed when the design in {@code dir} is not lint-clean. */
  public static void assertClean(Path dir, String top) {
    List<String> found = warnings(dir, top);
    if (!found.isEmpty()) {
      throw new AssertionError("verilator --lint-only -Wall reports " + found.size()
          + " problem(s) in " + dir + " (top " + top + "):\n  " + String.join("\n  ", found));
    }
  }

  /** The {@code .v} files of {@code dir}, sorted, as paths relative to it. */
  static List<String> verilogFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".v")).sorted().toList();
      if (names.isEmpty()) {
        throw new AssertionError("no .v files in " + dir);
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
