package org.nirfpga.board;

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
}
