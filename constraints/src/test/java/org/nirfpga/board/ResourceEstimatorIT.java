package org.nirfpga.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nirfpga.gen.GeneratedPipeline;

/**
 * The estimator against yosys on the examples the generator accepts (rsnn: recurrent FIFOs, one
 * small enough for yosys to keep in flip-flops; cnn: shared synapse rows with row offsets and a
 * written 576x10 accumulator that yosys packs with bit enables; mlp over 2 lanes per layer).
 */
class ResourceEstimatorIT {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"lif", "mlp", "rsnn", "cnn", "mlp_lanes2"})
  void predictionIsWithin25PercentForLutsAndFlopsAndExactForBlockRam(String name,
      @TempDir Path dir) throws Exception {
    ToolGate.require("yosys");
    GeneratedPipeline p = name.endsWith("_lanes2")
        ? Pipelines.example(name.substring(0, name.length() - "_lanes2".length()), 2)
        : Pipelines.example(name);
    p.writeTo(dir);
    StringBuilder s = new StringBuilder();
    for (String f : p.design().verilogFiles()) {
      s.append("read_verilog -defer ").append(f).append("; ");
    }
    s.append(SynthFlow.synthCommand(Boards.ICEBREAKER)).append(" -top ")
        .append(p.design().top()).append("; tee -q -o stat.json stat -json");
    int rc = ToolRunner.run(dir, dir.resolve("yosys.log"), 600,
        List.of("yosys", "-p", s.toString()));
    assertEquals(0, rc, "yosys failed; see the log in " + dir);
    JsonNode cells = new ObjectMapper().readTree(dir.resolve("stat.json").toFile())
        .path("design").path("num_cells_by_type");
    long luts = 0;
    long ffs = 0;
    long brams = 0;
    for (var it = cells.fields(); it.hasNext();) {
      var e = it.next();
      if (e.getKey().equals("SB_LUT4")) {
        luts += e.getValue().asLong();
      } else if (e.getKey().startsWith("SB_DFF")) {
        ffs += e.getValue().asLong();
      } else if (e.getKey().equals("SB_RAM40_4K")) {
        brams += e.getValue().asLong();
      }
    }
    ResourceEstimator.Prediction r = ResourceEstimator.predict(p, Boards.ICEBREAKER);
    System.out.printf("%s: predicted %s; yosys LUT %d FF %d BRAM %d%n", name, r.total(), luts,
        ffs, brams);
    assertEquals(List.of(), ResourceEstimator.compare(r.total(), luts, ffs, brams, 0.25));
  }
}
