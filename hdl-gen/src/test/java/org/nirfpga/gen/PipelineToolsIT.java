package org.nirfpga.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nirfpga.fixed.DecayEncoding;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.EventRange;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.hdl.ToolSupport;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.ref.Contract;

/**
 * Generated pipelines lint clean under Verilator (mlp, a three-layer chain with the delayed
 * subtract reset, per-neuron parameter ROMs, LI and I readouts, the cnn example, fan-in and
 * fan-out with two inputs and outputs, a recurrent layer, graded input events, Delay ring
 * buffers, CubaLIF into CubaLI with shared or per-neuron parameters and shift decay, Threshold,
 * multi-spike IF); the mlp maps to iCE40 with its memories in block RAM.
 */
class PipelineToolsIT {
  @TempDir
  Path dir;

  private GeneratedPipeline written() throws Exception {
    return written("mlp");
  }

  /** The pipeline of a test graph, written into {@link #dir}. */
  private GeneratedPipeline written(String name) throws Exception {
    NirGraph g;
    QuantOptions o = QuantOptions.defaults(Contract.nir());
    if (name.equals("mlp")) {
      g = Examples.named("mlp").orElseThrow().graph();
    } else if (name.equals("per-neuron")) {
      g = Graphs.perNeuron();
      o = o.withContract(Contract.nir().withReset(Contract.Reset.SUBTRACT));
    } else if (name.equals("three")) {
      g = Graphs.threeLayers();
      o = QuantOptions.defaults(Contract.norse().withReset(Contract.Reset.SUBTRACT_DELAYED));
    } else if (name.equals("cnn")) {
      g = Examples.named("cnn").orElseThrow().graph();
    } else if (name.equals("fan")) {
      g = GraphStructureTest.fanGraph();
    } else if (name.equals("recurrent")) {
      g = GraphStructureTest.recurrentGraph();
    } else if (name.equals("delay")) {
      g = GraphStructureTest.delayGraph(0, 1e-4, 3e-4);
    } else if (name.equals("graded")) {
      g = Graphs.threeLayers();
      o = QuantOptions.defaults(Contract.norse()).withInputEvents(new EventRange(0, 4));
    } else if (name.equals("cuba")) {
      g = Graphs.cuba(false);
    } else if (name.equals("cuba-per-neuron-shift")) {
      g = Graphs.cuba(true);
      o = o.withDecay(DecayEncoding.SHIFT, 12);
    } else if (name.equals("threshold")) {
      g = Graphs.lastLayer("Threshold");
    } else if (name.equals("multi-spike")) {
      g = Graphs.lastLayer("IF");
      o = QuantOptions.defaults(Contract.sinabs());
    } else {
      g = Graphs.readout(name);
    }
    QuantConfig q = Quantizer.quantize(g, o);
    GeneratedPipeline p = PipelineGenerator.generate(g, q, o.contract(), name + ".nir",
        name.replace('-', '_') + "_top");
    p.writeTo(dir);
    return p;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mlp", "three", "per-neuron", "LI", "I", "cnn", "fan", "recurrent",
      "graded", "delay", "cuba", "cuba-per-neuron-shift", "threshold", "multi-spike"})
  void generatedFolderLintsCleanWithVerilatorWall(String name) throws Exception {
    Path verilator = ToolSupport.require("verilator");
    GeneratedPipeline p = written(name);
    List<String> cmd = new ArrayList<>(List.of(verilator.toString(), "--lint-only", "-Wall",
        "--top-module", p.design().top()));
    cmd.addAll(p.design().verilogFiles());
    ToolSupport.Result r = ToolSupport.run(dir, Duration.ofMinutes(2), cmd.toArray(String[]::new))
        .assertSuccess();
    assertEquals("", r.output().strip(), "verilator -Wall must print nothing");
  }

  @Test
  void generatedFolderSynthesizesForIce40WithWeightsInBlockRam() throws Exception {
    Path yosys = ToolSupport.require("yosys");
    GeneratedPipeline p = written();
    String script = "read_verilog " + String.join(" ", p.design().verilogFiles())
        + "; synth_ice40 -top " + p.design().top() + "; tee -q -o stat.txt stat";
    ToolSupport.run(dir, Duration.ofMinutes(8), yosys.toString(), "-q", "-p", script)
        .assertSuccess();
    String stat = Files.readString(dir.resolve("stat.txt"));
    // Per layer: rows, weights, preload, acc, and v twice (its debug read port is a second
    // read port, which yosys serves with a copy): 6 block RAMs, 2 layers.
    Matcher m = Pattern.compile("\\n\\s+SB_RAM40_4K\\s+(\\d+)").matcher(stat);
    assertTrue(m.find(), "no SB_RAM40_4K in:\n" + stat);
    assertEquals(12, Integer.parseInt(m.group(1)), stat);
    assertTrue(!stat.contains("$mem"), "a memory was left unmapped:\n" + stat);
  }
}
