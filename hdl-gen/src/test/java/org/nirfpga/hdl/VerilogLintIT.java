package org.nirfpga.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.hdl.emit.EmittedDesign;
import org.nirfpga.hdl.emit.VerilogEmitter;

/** Every golden file passes {@code verilator --lint-only -Wall} without a single warning. */
class VerilogLintIT {
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  static ToolSupport.Result lint(Path verilator, Path dir, String top) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(verilator.toString(), "--lint-only", "-Wall",
        "--top-module", top));
    try (Stream<Path> s = Files.list(dir)) {
      s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".v")).sorted()
          .forEach(cmd::add);
    }
    return ToolSupport.run(dir, Duration.ofMinutes(2), cmd.toArray(new String[0]));
  }

  @TestFactory
  Stream<DynamicTest> everyGoldenFileIsLintClean() {
    Path verilator = ToolSupport.require("verilator");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, Supplier<Module>> e : Examples.all().entrySet()) {
      tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
        EmittedDesign d = new VerilogEmitter("test", e.getKey()).emit(e.getValue().get());
        Path dir = GOLDEN.resolve(e.getKey());
        assertTrue(Files.isRegularFile(dir.resolve(d.topFile())), "golden " + d.topFile());
        ToolSupport.Result r = lint(verilator, dir, d.top());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals("", r.output().strip(), "verilator printed warnings");
      }));
    }
    return tests.stream();
  }

  @Test
  void randomDesignsAreLintClean(@TempDir Path dir) throws IOException {
    Path verilator = ToolSupport.require("verilator");
    for (long seed = 1; seed <= 40; seed++) {
      Path d = dir.resolve("seed" + seed);
      EmittedDesign e = new VerilogEmitter("test", "random").emit(
          Examples.randomExpressions(seed, 60));
      e.writeTo(d);
      ToolSupport.Result r = lint(verilator, d, e.top());
      assertEquals("", r.output().strip(), "seed " + seed + ":\n"
          + e.files().get(e.topFile()));
      Path c = dir.resolve("control" + seed);
      EmittedDesign ce = new VerilogEmitter("test", "random").emit(Examples.randomControl(seed));
      ce.writeTo(c);
      assertEquals("", lint(verilator, c, ce.top()).output().strip(), "control seed " + seed
          + ":\n" + ce.files().get(ce.topFile()));
    }
  }

  @Test
  void theLintCatchesAPlantedWarning(@TempDir Path dir) throws IOException {
    Path verilator = ToolSupport.require("verilator");
    Files.writeString(dir.resolve("bad.v"), "`default_nettype none\n"
        + "module bad (\n  input wire [7:0] a_i,\n  output wire [3:0] y_o\n);\n"
        + "  assign y_o = a_i;\nendmodule\n");
    ToolSupport.Result r = lint(verilator, dir, "bad");
    assertTrue(r.exitCode() != 0 && r.output().contains("WIDTH"), r.output());
  }
}
