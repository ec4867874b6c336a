package org.nirfpga.hdl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nirfpga.hdl.emit.EmittedDesign;
import org.nirfpga.hdl.emit.VerilogEmitter;

/** yosys 0.23 maps the emitted memories to the block RAM (or SPRAM) of each family. */
class MemoryInferenceIT {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} on {1} uses {2}")
  @CsvSource({
      "mem_accumulator, synth_ice40, SB_RAM40_4K",
      "mem_accumulator, synth_ecp5, DP16KD",
      "mem_accumulator, synth_xilinx, RAMB18E1",
      "spram_store, synth_ice40, SB_SPRAM256KA"})
  void memoriesMapToBlockRam(String example, String synth, String cell) throws IOException {
    Path yosys = ToolSupport.require("yosys");
    EmittedDesign d = new VerilogEmitter("test", example).emit(Examples.all().get(example).get());
    d.writeTo(dir);
    String script = "read_verilog " + String.join(" ", d.verilogFiles()) + "; " + synth
        + " -top " + d.top() + "; tee -q -o stat.txt stat";
    ToolSupport.run(dir, Duration.ofMinutes(5), yosys.toString(), "-q", "-p", script)
        .assertSuccess();
    String stat = java.nio.file.Files.readString(dir.resolve("stat.txt"));
    Matcher m = Pattern.compile("\\n\\s+" + cell + "\\s+(\\d+)").matcher(stat);
    assertTrue(m.find() && Integer.parseInt(m.group(1)) >= 1, "no " + cell + " in:\n" + stat);
    assertTrue(!stat.contains("$mem"), "a memory was left unmapped:\n" + stat);
  }
}
