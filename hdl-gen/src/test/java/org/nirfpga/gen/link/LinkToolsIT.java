package org.nirfpga.gen.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
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

/** The link top (UARTs, protocol bridge, mlp accelerator) lints clean under Verilator -Wall. */
class LinkToolsIT {
  @TempDir
  Path dir;

  @Test
  void linkTopLintsCleanWithVerilatorWall() throws Exception {
    Path verilator = ToolSupport.require("verilator");
    NirGraph g = Examples.named("mlp").orElseThrow().graph();
    Contract c = Contract.nir();
    QuantConfig q = Quantizer.quantize(g, QuantOptions.defaults(c));
    GeneratedPipeline p = PipelineGenerator.generate(g, q, c, "mlp.nir", "mlp_top");
    EmittedDesign d = LinkTop.build(p, 12_000_000, 115_200).emit("mlp.nir");
    d.writeTo(dir);
    List<String> cmd = new ArrayList<>(List.of(verilator.toString(), "--lint-only", "-Wall",
        "--top-module", d.top()));
    cmd.addAll(d.verilogFiles());
    ToolSupport.Result r = ToolSupport.run(dir, Duration.ofMinutes(2), cmd.toArray(String[]::new))
        .assertSuccess();
    assertEquals("", r.output().strip(), "verilator -Wall must print nothing");
  }
}
