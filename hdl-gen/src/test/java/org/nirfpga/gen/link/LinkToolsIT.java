package org.nirfpga.gen.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.hdl.ToolSupport;
import org.nirfpga.hdl.emit.EmittedDesign;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.ref.Contract;

/**
 * The link top (UARTs, protocol bridge, mlp accelerator) lints clean under Verilator -Wall and
 * maps to iCE40 with its receive slots in block RAM.
 */
class LinkToolsIT {
  @TempDir
  Path dir;

  private EmittedDesign written() throws Exception {
    return written(Set.of());
  }

  /** The mlp link top with the weights of {@code spram} in SPRAM, written into the folder. */
  private EmittedDesign written(Set<String> spram) throws Exception {
    NirGraph g = Examples.named("mlp").orElseThrow().graph();
    Contract c = Contract.nir();
    QuantConfig q = Quantizer.quantize(g, QuantOptions.defaults(c));
    GeneratedPipeline p = PipelineGenerator.generate(g, q, c, "mlp.nir", "mlp_top", Map.of(),
        Set.of(), spram);
    EmittedDesign d = LinkTop.build(p, 12_000_000, 115_200).emit("mlp.nir");
    d.writeTo(dir);
    return d;
  }

  @Test
  void linkTopSynthesizesForIce40WithItsSlotsInBlockRam() throws Exception {
    Path yosys = ToolSupport.require("yosys");
    EmittedDesign d = written();
    String script = "read_verilog " + String.join(" ", d.verilogFiles())
        + "; synth_ice40 -top " + d.top() + "; tee -q -o stat.txt stat";
    ToolSupport.run(dir, Duration.ofMinutes(8), yosys.toString(), "-q", "-p", script)
        .assertSuccess();
    String stat = Files.readString(dir.resolve("stat.txt"));
    // The accelerator's 12 block RAMs plus 2 for the 4 x 256-byte receive slots.
    Matcher m = Pattern.compile("\\n\\s+SB_RAM40_4K\\s+(\\d+)")
        .matcher(stat);
    assertTrue(m.find(), "no SB_RAM40_4K in:\n" + stat);
    assertEquals(14, Integer.parseInt(m.group(1)), stat);
    assertTrue(!stat.contains("$mem"),
        "a memory was left unmapped:\n" + stat);
  }

  @Test
  void linkTopWithWeightsInSpramMapsThemToSpram() throws Exception {
    Path yosys = ToolSupport.require("yosys");
    EmittedDesign d = written(Set.of("lif1", "lif2"));
    String script = "read_verilog " + String.join(" ", d.verilogFiles())
        + "; synth_ice40 -spram -top " + d.top() + "; tee -q -o stat.txt stat";
    ToolSupport.run(dir, Duration.ofMinutes(8), yosys.toString(), "-q", "-p", script)
        .assertSuccess();
    String stat = Files.readString(dir.resolve("stat.txt"));
    // The weights' 3 block RAMs become 2 SPRAMs: 9 + 2 for the receive slots.
    Matcher ram = Pattern.compile("\\n\\s+SB_RAM40_4K\\s+(\\d+)").matcher(stat);
    Matcher spram = Pattern.compile("\\n\\s+SB_SPRAM256KA\\s+(\\d+)").matcher(stat);
    assertTrue(ram.find() && spram.find(), stat);
    assertEquals(11, Integer.parseInt(ram.group(1)), stat);
    assertEquals(2, Integer.parseInt(spram.group(1)), stat);
    assertTrue(!stat.contains("$mem"), "a memory was left unmapped:\n" + stat);
  }

  @ParameterizedTest(name = "SPRAM weights: {0}")
  @ValueSource(booleans = {false, true})
  void linkTopLintsCleanWithVerilatorWall(boolean spram) throws Exception {
    Path verilator = ToolSupport.require("verilator");
    EmittedDesign d = written(spram ? Set.of("lif1", "lif2") : Set.of());
    List<String> cmd = new ArrayList<>(List.of(verilator.toString(), "--lint-only", "-Wall",
        "--top-module", d.top()));
    cmd.addAll(d.verilogFiles());
    ToolSupport.Result r = ToolSupport.run(dir, Duration.ofMinutes(2), cmd.toArray(String[]::new))
        .assertSuccess();
    assertEquals("", r.output().strip(), "verilator -Wall must print nothing");
  }
}
