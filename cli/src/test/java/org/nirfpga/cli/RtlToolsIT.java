package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.board.Boards;
import org.nirfpga.hdl.ToolSupport;
import org.nirfpga.hdl.tools.VerilatorLint;
import org.nirfpga.hdl.tools.YosysSynth;
import org.nirfpga.nir.SharedCorpus;

/**
 * Every {@code rtl-out} example and every corpus graph {@code nirfpga compile} accepts is clean
 * under {@code verilator --lint-only -Wall} and synthesizes with yosys {@code synth_ice40} and
 * {@code synth_xilinx} (corpus designs one per core at a time); the corpus graphs it refuses are
 * printed with the reason. Corpus graphs
 * are compiled with the {@code norse} preset (most of them come from Norse-era exports); the
 * preset changes constants, not the structure the tools see.
 *
 * <p>A corpus design whose memories hold more than {@link #SYNTH_MEMORY_BITS} bits is linted but
 * not synthesized: above the block and single-port RAM of every supported board it could never
 * be placed, and yosys spent tens of minutes mapping the convolutional graphs' 21 Mbit of
 * expanded synapse tables; with equal rows shared they hold 1.7 Mbit, which the largest board
 * could hold, but mapping that many ROM bits would still cost CI minutes (not measured here), so
 * the test keeps them lint-only. The test prints each one with its size.
 */
class RtlToolsIT {
  @TempDir
  Path dir;

  private static String top(Path folder) throws IOException {
    return new ObjectMapper().readTree(folder.resolve("manifest.json").toFile()).get("top")
        .asText();
  }

  /** The lint problems of the compile output in {@code folder}. */
  private static List<String> lint(String name, Path folder) throws IOException {
    List<String> lint = VerilatorLint.warnings(folder, top(folder));
    return lint.isEmpty() ? List.of()
        : List.of(name + ": verilator -Wall: " + String.join(" | ", lint));
  }

  private static final List<YosysSynth.Target> BOTH =
      List.of(YosysSynth.Target.ICE40, YosysSynth.Target.XILINX);

  /**
   * Lints the compile output in {@code folder} and synthesizes it for each of {@code targets};
   * returns the problems found.
   */
  private static List<String> check(String name, Path folder, List<YosysSynth.Target> targets)
      throws IOException {
    String top = top(folder);
    List<String> problems = new ArrayList<>(lint(name, folder));
    for (YosysSynth.Target t : targets) {
      try {
        YosysSynth.Stats s = YosysSynth.synth(folder, top, t);
        System.out.printf("  %-50s %-13s %5d LUT %5d FF %3d BRAM%n", name, t.command(), s.luts(),
            s.flops(), s.blockRams());
        if (s.cells() == 0) {
          problems.add(name + ": " + t.command() + " left no cells");
        }
      } catch (AssertionError e) {
        problems.add(name + ": " + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    return problems;
  }

  @Test
  void everyRtlOutExampleLintsCleanAndSynthesizesForIce40AndXilinx() throws Exception {
    ToolSupport.require("verilator");
    ToolSupport.require("yosys");
    List<Path> folders;
    try (Stream<Path> s = Files.list(RtlOutTest.rtlOut())) {
      folders = s.filter(p -> Files.isRegularFile(p.resolve("manifest.json"))).sorted().toList();
    }
    assertFalse(folders.isEmpty(), "rtl-out holds no compile output");
    List<String> problems = new ArrayList<>();
    for (Path f : folders) {
      problems.addAll(check("rtl-out/" + f.getFileName(), f, BOTH));
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void examplesCompiledOverLanesOrWithTwoBanksLintCleanAndSynthesizeForIce40AndXilinx()
      throws Exception {
    ToolSupport.require("verilator");
    ToolSupport.require("yosys");
    List<String> problems = new ArrayList<>();
    // mlp over 4 lanes per layer; rsnn (a recurrent layer and a readout) over 2, and with two
    // accumulator banks per layer.
    for (String[] c : new String[][] {{"mlp", "--lanes", "4"}, {"rsnn", "--lanes", "2"},
        {"rsnn", "--ping-pong", "all"}}) {
      Path nir = dir.resolve(c[0] + ".nir");
      CliRunner.Outcome e = CliRunner.run("example", c[0], "-o", nir.toString());
      assertEquals(0, e.exitCode(), e.err());
      Path out = dir.resolve(c[0] + c[1] + c[2]);
      CliRunner.Outcome o = CliRunner.run("compile", nir.toString(), "-o", out.toString(),
          c[1], c[2]);
      assertEquals(0, o.exitCode(), o.err());
      assertTrue(o.out().contains(c[1].equals("--lanes") ? "(" + c[2] + " lanes)"
          : "(ping-pong)"), o.out());
      problems.addAll(check(c[0] + " " + c[1] + " " + c[2], out, BOTH));
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void examplesWithWeightsInSpramLintCleanAndMapToIce40Spram() throws Exception {
    ToolSupport.require("verilator");
    ToolSupport.require("yosys");
    List<String> problems = new ArrayList<>();
    // The single-port stores without initial contents become SB_SPRAM256KA under synth_ice40
    // -spram, as many as the estimator predicts (a block per 16 bits of word width; one per
    // lane); the other memories stay in block RAM. 7-series has no SPRAM: ram_style "huge"
    // has no mapping there, so these are iCE40 UltraPlus designs.
    String[][] cases = {{"mlp", "--spram", "all"}, {"rsnn", "--spram", "all", "--lanes", "2"},
        {"cnn", "--spram", "all", "--ping-pong", "all"}};
    for (String[] c : cases) {
      Path nir = dir.resolve(c[0] + ".nir");
      CliRunner.Outcome e = CliRunner.run("example", c[0], "-o", nir.toString());
      assertEquals(0, e.exitCode(), e.err());
      Path out = dir.resolve(String.join("", c).replace("-", ""));
      List<String> args = new ArrayList<>(List.of("compile", nir.toString(), "-o",
          out.toString()));
      args.addAll(List.of(c).subList(1, c.length));
      CliRunner.Outcome o = CliRunner.run(args.toArray(String[]::new));
      assertEquals(0, o.exitCode(), o.err());
      assertTrue(o.out().contains("weights in SPRAM"), o.out());
      String name = String.join(" ", c);
      problems.addAll(check(name, out, List.of()));
      // The estimate for the iCEBreaker: its total's SPRAM column (the link adds none).
      args.set(3, out + "-board");
      args.addAll(List.of("--board", "icebreaker", "--allow-unfit"));
      CliRunner.Outcome b = CliRunner.run(args.toArray(String[]::new));
      assertEquals(0, b.exitCode(), b.err());
      Matcher total = Pattern.compile("\\n +total +\\d+ +\\d+ +(\\d+) +(\\d+)\\n")
          .matcher(b.out());
      assertTrue(total.find(), b.out());
      long estimated = Long.parseLong(total.group(2));
      YosysSynth.Stats s = YosysSynth.synth(out, top(out), YosysSynth.Target.ICE40_SPRAM);
      System.out.printf("  %-40s %5d LUT %5d FF %3d BRAM %d SPRAM (estimated %d SPRAM)%n",
          name, s.luts(), s.flops(), s.count("SB_RAM40_4K"), s.count("SB_SPRAM256KA"),
          estimated);
      if (s.count("SB_SPRAM256KA") != estimated || estimated == 0) {
        problems.add(name + ": " + s.count("SB_SPRAM256KA") + " SB_SPRAM256KA, estimated "
            + estimated);
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void everyCorpusGraphTheGeneratorAcceptsLintsCleanAndSynthesizes() throws Exception {
    ToolSupport.require("verilator");
    ToolSupport.require("yosys");
    Path root = SharedCorpus.nirData();
    List<String> refused = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    // Corpus files that differ only in name give the same RTL but for the header line; such a
    // design is checked once.
    Map<String, String> checked = new HashMap<>();
    int accepted = 0;
    int lintOnly = 0;
    List<Callable<List<String>>> jobs = new ArrayList<>();
    for (Path f : SharedCorpus.allNirFiles()) {
      String name = root.relativize(f).toString();
      Path out = dir.resolve("d" + accepted);
      CliRunner.Outcome o = CliRunner.run("compile", f.toString(), "-o", out.toString(),
          "--preset", "norse");
      if (o.exitCode() != 0) {
        assertEquals(Main.EXIT_USER_ERROR, o.exitCode(), name + ": " + o.err());
        refused.add(name + ": " + o.err().strip());
        continue;
      }
      accepted++;
      String key = contentKey(out);
      if (checked.containsKey(key)) {
        System.out.println("  " + name + ": same RTL as " + checked.get(key));
        continue;
      }
      checked.put(key, name);
      long bits = memoryBits(out);
      if (bits > SYNTH_MEMORY_BITS) {
        System.out.printf("  %-50s lint only: %,d memory bits, more than the %,d this test "
            + "synthesizes%n", name, bits, SYNTH_MEMORY_BITS);
        lintOnly++;
        jobs.add(() -> lint(name, out));
      } else {
        jobs.add(() -> check(name, out, BOTH));
      }
    }
    // yosys is single-threaded: one design per core.
    ExecutorService pool = Executors.newFixedThreadPool(
        Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    try {
      for (Future<List<String>> f : pool.invokeAll(jobs)) {
        problems.addAll(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println("compiled " + accepted + " corpus graphs (" + checked.size()
        + " distinct designs, " + lintOnly + " too large to synthesize), refused "
        + refused.size() + ":");
    refused.forEach(r -> System.out.println("  " + r));
    assertTrue(accepted > 0, "no corpus graph compiles; refused: " + refused);
    assertEquals(List.of(), problems);
  }

  @Test
  void plantedFaultsInACompiledFolderAreReported() throws Exception {
    ToolSupport.require("verilator");
    ToolSupport.require("yosys");
    Path lif = RtlOutTest.rtlOut().resolve("lif");
    Path unused = copy(lif, dir.resolve("unused"));
    Path top = unused.resolve(top(unused) + ".v");
    Files.writeString(top,
        Files.readString(top).replace("endmodule", "  wire planted_w;\nendmodule"));
    List<String> lintOnly = lint("unused", unused);
    assertEquals(1, lintOnly.size(), lintOnly.toString());
    assertTrue(lintOnly.get(0).contains("planted_w"), lintOnly.toString());

    Path broken = copy(lif, dir.resolve("broken"));
    Path layer = broken.resolve("layer_lif.v");
    Files.writeString(layer,
        Files.readString(layer).replace("endmodule", "  assign = ;\nendmodule"));
    List<String> problems = check("broken", broken, BOTH);
    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("broken: verilator -Wall: %Error"), problems.toString());
    assertTrue(problems.get(1).startsWith("broken: yosys synth_ice40 failed"), problems.toString());
    assertTrue(problems.get(2).startsWith("broken: yosys synth_xilinx failed"),
        problems.toString());
  }

  /**
   * Memory bits above which a corpus design is only linted: 1 Mbit, below the RAM of the largest
   * supported board and above every design the generator builds for the examples.
   */
  static final long SYNTH_MEMORY_BITS = 1L << 20;

  /** The block RAM plus single-port RAM bits of the supported board that has the most. */
  static long largestBoardMemoryBits() {
    return Boards.all().stream()
        .mapToLong(b -> b.resources().bramBits() + b.resources().spramBits()).max().orElseThrow();
  }

  /** The sum of every layer's {@code memory_bits} in the folder's manifest. */
  static long memoryBits(Path folder) throws IOException {
    long bits = 0;
    for (JsonNode layer : new ObjectMapper().readTree(folder.resolve("manifest.json").toFile())
        .path("layers")) {
      for (JsonNode b : layer.path("memory_bits")) {
        bits += b.asLong();
      }
    }
    return bits;
  }

  @Test
  void theSizeGateSynthesizesEveryExampleAndSkipsOnlyDesignsOverAMegabit() throws Exception {
    long largest = largestBoardMemoryBits();
    assertTrue(largest > 3_000_000L, "ULX3S alone offers 3.8 Mbit: " + largest);
    assertTrue(SYNTH_MEMORY_BITS < largest, "the gate lies below the largest board's RAM");
    try (Stream<Path> s = Files.list(RtlOutTest.rtlOut())) {
      for (Path f : s.filter(p -> Files.isRegularFile(p.resolve("manifest.json"))).toList()) {
        long bits = memoryBits(f);
        assertTrue(bits > 0 && bits <= SYNTH_MEMORY_BITS, f + ": " + bits + " memory bits");
      }
    }
    Path big = copy(RtlOutTest.rtlOut().resolve("mlp"), dir.resolve("big"));
    Path manifest = big.resolve("manifest.json");
    Files.writeString(manifest, Files.readString(manifest)
        .replace("\"weights\" : 4771", "\"weights\" : 2000000"));
    assertTrue(memoryBits(big) > SYNTH_MEMORY_BITS, "a planted 2 Mbit weight table passes");
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path f : s.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }

  /** The folder's Verilog and memory images without their header lines (which name the source). */
  private static String contentKey(Path folder) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> s = Files.list(folder)) {
      for (Path f : s.sorted().toList()) {
        String n = f.getFileName().toString();
        if (n.endsWith(".v") || n.endsWith(".hex")) {
          sb.append(n).append('\n');
          for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            if (!line.startsWith("// Generated by")) {
              sb.append(line).append('\n');
            }
          }
        }
      }
    }
    return sb.toString();
  }
}
