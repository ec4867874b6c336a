package org.nirfpga.hdl;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
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

/**
 * yosys elaborates every example with no latch, no undriven or multiply driven net and no logic
 * loop ({@code check -assert}), and without warnings.
 */
class YosysCheckIT {
  @TempDir
  Path work;

  static String script(EmittedDesign d) {
    return "read_verilog " + String.join(" ", d.verilogFiles()) + "; hierarchy -check -top "
        + d.top() + "; proc; flatten; opt_clean; check -assert; "
        + "select -assert-none t:$dlatch t:$adlatch t:$sr";
  }

  @TestFactory
  Stream<DynamicTest> everyExampleElaboratesCleanly() {
    Path yosys = ToolSupport.require("yosys");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, Supplier<Module>> e : Examples.all().entrySet()) {
      tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
        Path dir = work.resolve(e.getKey());
        EmittedDesign d = new VerilogEmitter("test", e.getKey()).emit(e.getValue().get());
        d.writeTo(dir);
        ToolSupport.Result r = ToolSupport.run(dir, Duration.ofMinutes(3), yosys.toString(),
            "-q", "-p", script(d)).assertSuccess();
        assertFalse(r.output().contains("Warning"), r.output());
      }));
    }
    return tests.stream();
  }

  @Test
  void theCheckCatchesAPlantedLatch() throws IOException {
    Path yosys = ToolSupport.require("yosys");
    java.nio.file.Files.writeString(work.resolve("latch.v"), "module latch (\n"
        + "  input wire en_i,\n  input wire d_i,\n  output reg q_o\n);\n"
        + "  always @* begin\n    if (en_i) q_o = d_i;\n  end\nendmodule\n");
    ToolSupport.Result r = ToolSupport.run(work, Duration.ofMinutes(1), yosys.toString(), "-q",
        "-p", "read_verilog latch.v; hierarchy -top latch; proc; flatten; opt_clean; "
        + "check -assert; select -assert-none t:$dlatch t:$adlatch t:$sr");
    assertFalse(r.exitCode() == 0, r.output());
  }
}
