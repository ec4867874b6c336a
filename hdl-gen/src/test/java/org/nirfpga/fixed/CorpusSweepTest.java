package org.nirfpga.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.hdf5.NirReader;
import org.nirfpga.nir.ref.Contract;
import org.nirfpga.nir.ref.Evaluator;

/**
 * Every corpus file through the quantizer and the golden model with wide formats, against the
 * float evaluator on random spikes: equal spikes, or a one-line error naming what is refused.
 */
class CorpusSweepTest {
  @Test
  void everyCorpusGraphRunsBitForBitLikeTheFloatModelOrIsRefusedByName() throws Exception {
    Path root = Shared.root().resolve("nir-data");
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(f -> f.toString().endsWith(".nir")).sorted().toList();
    }
    List<String> agree = new ArrayList<>();
    List<String> differ = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (Path f : files) {
      String name = root.relativize(f).toString();
      try {
        NirGraph g = NirReader.read(f).graph();
        Contract c = Contract.norse();
        int n = (int) Evaluator.create(g, c).inputShape().product();
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        double[][] x = new double[12][n];
        for (double[] row : x) {
          for (int j = 0; j < n; j++) {
            row[j] = rnd.nextInt(5) == 0 ? 1 : 0;
          }
        }
        QuantConfig q;
        try {
          q = Quantizer.quantize(g, GoldenVsFloatTest.wide(c));
        } catch (NirfpgaException e) {
          // Layers fed by another layer's v (not spikes) multiply by the whole v code: the
          // accumulator outgrows 48 bits at 24/40 bits, so such graphs run at 16/28.
          q = Quantizer.quantize(g, GoldenVsFloatTest.wide(c).withBits(16, 28));
        }
        List<String> m = GoldenVsFloatTest.mismatches(name, GoldenModel.create(g, q, c).run(x),
            Evaluator.create(g, c), x);
        (m.isEmpty() ? agree : differ).add(name);
      } catch (NirfpgaException e) {
        assertTrue(e.getMessage().matches(".*(node|edge|input) .*"), name + ": " + e.getMessage());
        refused.add(name + ": " + e.getMessage());
      }
    }
    System.out.println("agree " + agree.size() + ", differ " + differ + ", refused:");
    refused.forEach(r -> System.out.println("  " + r));
    assertEquals(List.of(), differ);
    // Every file NIR's own reader loads with type checking and the golden model supports.
    assertTrue(agree.size() >= 27, "only " + agree.size() + " agree: " + agree);
    // Spyx's Braille with the recurrent layer as a real nested graph (Input port inside).
    assertTrue(agree.contains(
        "kmheckel_spyx/docs/examples/nir/rsnn/braille_noDelay_bias_zero_subgraph.nir"));
    assertTrue(agree.contains("neuromorphs_NIR/paper/02_cnn/cnn_sinabs.nir"));
    assertTrue(agree.contains("generated_with_nir_HEAD_7232ada/gen_all_primitives.nir"));
    // Conv1d, Threshold, Delay, a nested CubaLI whose v drives its own recurrent Linear.
    assertTrue(agree.contains("generated_with_nir_HEAD_7232ada/gen_misc_subgraph.nir"));
  }
}
