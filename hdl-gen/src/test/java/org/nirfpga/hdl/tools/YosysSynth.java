package org.nirfpga.hdl.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nirfpga.hdl.ToolSupport;

/** Synthesizes a folder of Verilog with yosys for one FPGA family and parses {@code stat}. */
public final class YosysSynth {
  private YosysSynth() {}

  /** A yosys synthesis script with the cell types that count as block RAM and as logic for it. */
  public enum Target {
    ICE40("synth_ice40", List.of("SB_RAM40_4K"), "SB_LUT4", "SB_DFF"),
    /** iCE40 UltraPlus: large single-port memories may also use {@code SB_SPRAM256KA}. */
    ICE40_SPRAM("synth_ice40 -spram", List.of("SB_RAM40_4K", "SB_SPRAM256KA"), "SB_LUT4",
        "SB_DFF"),
    ECP5("synth_ecp5", List.of("DP16KD"), "LUT4", "TRELLIS_FF"),
    XILINX("synth_xilinx", List.of("RAMB18E1", "RAMB36E1"), "LUT", "FD");

    private final String command;
    private final List<String> blockRamCells;
    private final String lutPrefix;
    private final String flopPrefix;

    Target(String command, List<String> blockRamCells, String lutPrefix, String flopPrefix) {
      this.command = command;
      this.blockRamCells = blockRamCells;
      this.lutPrefix = lutPrefix;
      this.flopPrefix = flopPrefix;
    }

    /** The yosys command, e.g. {@code synth_ice40 -spram}. */
    public String command() {
      return command;
    }

    /** Cell types that are block RAM on this family. */
    public List<String> blockRamCells() {
      return blockRamCells;
    }
  }

  /** Cell counts from yosys {@code stat} after synthesis of {@code top} for {@code target}. */
  public record Stats(Target target, String top, long cells, Map<String, Long> cellsByType,
      List<String> warnings) {
    public Stats {
      cellsByType = Collections.unmodifiableMap(new TreeMap<>(cellsByType));
      warnings = List.copyOf(warnings);
    }

    /** How many cells of exactly this type, zero when absent. */
    public long count(String type) {
      return cellsByType.getOrDefault(type, 0L);
    }

    /** How many cells have a type starting with {@code prefix} ({@code SB_DFF} counts SB_DFFE). */
    public long countPrefix(String prefix) {
      return cellsByType.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
          .mapToLong(Map.Entry::getValue).sum();
    }

    /** Block RAM cells of the target family. */
    public long blockRams() {
      return target.blockRamCells.stream().mapToLong(this::count).sum();
    }

    /** Lookup-table cells of the target family (SB_LUT4, LUT4, LUT1..LUT6). */
    public long luts() {
      return countPrefix(target.lutPrefix);
    }

    /** Flip-flop cells of the target family (SB_DFF*, TRELLIS_FF, FD*). */
    public long flops() {
      return countPrefix(target.flopPrefix);
    }

    /** Fails unless at least {@code minimum} block RAM cells were inferred. */
    public Stats assertBlockRams(long minimum) {
      if (blockRams() < minimum) {
        throw new AssertionError(top + " on " + target.command + ": expected at least " + minimum
            + " block RAM cell(s) " + target.blockRamCells + " but got " + blockRams()
            + "; the memory landed in logic. Cells: " + cellsByType);
      }
      return this;
    }

    /** Fails when any block RAM cell was inferred (for designs that must stay in logic). */
    public Stats assertNoBlockRams() {
      if (blockRams() != 0) {
        throw new AssertionError(top + " on " + target.command + ": expected no block RAM but got "
            + cellsByType);
      }
      return this;
    }
  }

  private static final Pattern SECTION = Pattern.compile("^=== (.+) ===$");
  private static final Pattern CELLS = Pattern.compile("^\\s+Number of cells:\\s+(\\d+)$");
  private static final Pattern CELL_TYPE = Pattern.compile("^\\s{5}(\\S+)\\s+(\\d+)$");

  /**
   * Synthesizes the {@code .v} files of {@code dir} with top module {@code top}; fails with the
   * yosys log when synthesis fails. Runs in {@code dir} so {@code $readmemh} files resolve.
   */
  public static Stats synth(Path dir, String top, Target target) {
    Path yosys = ToolSupport.require("yosys");
    Path statFile;
    try {
      statFile = Files.createTempFile("yosys-stat-", ".txt");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder script = new StringBuilder();
    for (String file : VerilatorLint.verilogFiles(dir)) {
      script.append("read_verilog -defer ").append(file).append("; ");
    }
    script.append("hierarchy -check -top ").append(top).append("; ")
        .append(target.command).append(" -top ").append(top).append("; ")
        .append("tee -q -o ").append(statFile.toAbsolutePath()).append(" stat");
    Tools.ToolOutput result = Tools.run(dir, 600,
        List.of(yosys.toString(), "-q", "-p", script.toString()));
    if (result.exitCode() != 0) {
      deleteQuietly(statFile);
      throw new AssertionError("yosys " + target.command + " failed for " + top + " in " + dir
          + ":\n" + tail(result.stdout() + result.stderr()));
    }
    try {
      String text = Files.readString(statFile);
      Files.delete(statFile);
      List<String> warnings = new ArrayList<>();
      for (String line : (result.stdout() + result.stderr()).split("\n")) {
        if (line.startsWith("Warning:")) {
          warnings.add(line);
        }
      }
      return parse(text, target, top, warnings);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses the text of yosys {@code stat}: the "design hierarchy" totals when present (the design
   * kept submodules), else the section of {@code top}.
   */
  static Stats parse(String statText, Target target, String top, List<String> warnings) {
    Map<String, Map<String, Long>> types = new TreeMap<>();
    Map<String, Long> totals = new TreeMap<>();
    String section = null;
    boolean inCells = false;
    for (String line : statText.split("\n")) {
      Matcher m = SECTION.matcher(line.strip());
      if (m.matches()) {
        section = m.group(1);
        inCells = false;
        types.put(section, new TreeMap<>());
        continue;
      }
      if (section == null) {
        continue;
      }
      Matcher c = CELLS.matcher(line);
      if (c.matches()) {
        totals.put(section, Long.parseLong(c.group(1)));
        inCells = true;
        continue;
      }
      Matcher t = CELL_TYPE.matcher(line);
      if (inCells && t.matches()) {
        types.get(section).merge(t.group(1), Long.parseLong(t.group(2)), Long::sum);
      } else if (!line.isBlank()) {
        inCells = false;
      }
    }
    String chosen = totals.containsKey("design hierarchy") ? "design hierarchy" : top;
    if (!totals.containsKey(chosen)) {
      throw new AssertionError("yosys stat has no section for " + top + ":\n" + statText);
    }
    return new Stats(target, top, totals.get(chosen), types.get(chosen), warnings);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover temporary file is harmless.
    }
  }

  private static String tail(String log) {
    String[] lines = log.split("\n");
    int from = Math.max(0, lines.length - 40);
    return String.join("\n", List.of(lines).subList(from, lines.length));
  }
}
