package org.nirfpga.board;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.ref.Contract;

/** Generated pipelines of the built-in examples with default quantization. */
final class Pipelines {
  private Pipelines() {
  }

  static GeneratedPipeline example(String name) throws Exception {
    NirGraph g = Examples.named(name).orElseThrow().graph();
    Contract c = Contract.nir();
    return PipelineGenerator.generate(g, Quantizer.quantize(g, QuantOptions.defaults(c)), c,
        name + ".nir", name + "_top");
  }

  /** Example {@code name} with every layer over {@code lanes} lanes. */
  static GeneratedPipeline example(String name, int lanes) throws Exception {
    NirGraph g = Examples.named(name).orElseThrow().graph();
    Contract c = Contract.nir();
    QuantConfig q = Quantizer.quantize(g, QuantOptions.defaults(c));
    Map<String, Integer> split = new LinkedHashMap<>();
    for (LayerConstants l : GoldenModel.create(g, q, c).constants()) {
      split.put(l.path(), lanes);
    }
    return PipelineGenerator.generate(g, q, c, name + ".nir", name + "_top", split);
  }

  /** Example {@code name} with the weights of the layers {@code spram} in SPRAM. */
  static GeneratedPipeline example(String name, Set<String> spram) throws Exception {
    NirGraph g = Examples.named(name).orElseThrow().graph();
    Contract c = Contract.nir();
    QuantConfig q = Quantizer.quantize(g, QuantOptions.defaults(c));
    return PipelineGenerator.generate(g, q, c, name + ".nir", name + "_top", Map.of(), Set.of(),
        spram);
  }
}
