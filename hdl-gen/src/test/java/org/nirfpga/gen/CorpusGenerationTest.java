package org.nirfpga.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.hdf5.NirReader;
import org.nirfpga.nir.ref.Contract;

/**
 * Every corpus graph either becomes a pipeline that is bit-exact with the golden model on random
 * spikes (designs too large for the cycle simulator are only generated), or is refused with one
 * line naming the node, input or output it cannot map.
 */
class CorpusGenerationTest {
  private static final int STEPS = 8;
  /** Largest design (weight words, neurons) run in the cycle simulator; larger are generated. */
  private static final int SIM_WORDS = 20_000;
  private static final int SIM_NEURONS = 4_000;

  @Test
  void everyCorpusGraphIsGeneratedBitExactlyOrRefusedByName() throws Exception {
    String prop = System.getProperty("nirfpga.shared");
    Path shared = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
    Path root = shared.resolve("nir-data");
    if (!Files.isDirectory(root)) {
      System.out.println("SKIPPED: shared corpus absent (looked at " + root.toAbsolutePath()
          + ")");
    }
    assumeTrue(Files.isDirectory(root), "shared corpus absent");
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(f -> f.toString().endsWith(".nir")).sorted().toList();
    }
    List<String> exact = new ArrayList<>();
    List<String> differ = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    List<String> large = new ArrayList<>();
    for (Path f : files) {
      String name = root.relativize(f).toString();
      try {
        NirGraph g = NirReader.read(f).graph();
        Contract c = Contract.norse();
        QuantConfig q = Graphs.quantize(g, c);
        GeneratedPipeline p = PipelineGenerator.generate(g, q, c, f.getFileName().toString(),
            "top");
        int words = 0;
        int neurons = 0;
        for (LayerInfo l : p.layers()) {
          words += l.weightWords();
          neurons += l.size();
        }
        if (words > SIM_WORDS || neurons > SIM_NEURONS) {
          // The HDL's cycle simulator interprets the design: a full CNN takes minutes a step.
          large.add(name + ": " + words + " weight words, " + neurons + " neurons");
          continue;
        }
        Map<String, double[][]> x = new LinkedHashMap<>();
        int seed = name.hashCode();
        for (EventPort in : p.inputs()) {
          x.put(in.node(), Graphs.spikes(seed++, STEPS, in.size(), 0.2));
        }
        Optional<String> d = RtlVsGolden.firstDifference(p,
            GoldenModel.create(g, q, c).run(x), x, true);
        if (d.isPresent()) {
          differ.add(name + ": " + d.get());
        } else {
          exact.add(name);
        }
      } catch (NirfpgaException e) {
        assertTrue(e.getMessage().matches(".*(node|input|output|edge)s? .*"),
            name + ": " + e.getMessage());
        refused.add(name + ": " + e.getMessage());
      }
    }
    System.out.println("generated bit-exact " + exact.size() + ":");
    exact.forEach(r -> System.out.println("  " + r));
    System.out.println("generated, too large to simulate " + large.size() + ":");
    large.forEach(r -> System.out.println("  " + r));
    System.out.println("refused " + refused.size() + ":");
    refused.forEach(r -> System.out.println("  " + r));
    assertEquals(List.of(), differ);
    // Every neuron type has a core stage: no graph (e.g. the CubaLIF Braille graphs) is refused
    // for the type of its neurons.
    assertEquals(List.of(), refused.stream().filter(r -> r.matches(
        ".*\\((IF|LIF|LI|I|CubaLIF|CubaLI|Threshold)\\): \\1 nodes are not supported.*")).toList());
    // The LIF graphs of the corpus (Linear -> LIF, and Input -> LIF with identity weights).
    assertTrue(exact.size() >= 8, "only " + exact.size() + " generated: " + exact);
    assertTrue(exact.contains("neuromorphs_NIR/paper/01_lif/lif_norse.nir"));
    assertTrue(exact.contains("neuromorphs_NIR/paper/01_lif/debug_spike_representation/"
        + "two_lif_neurons.nir"));
    assertTrue(exact.contains("neuromorphs_NIR/_history/2023-08-25_7ddac067ce9e3229154841380bb504"
        + "a45ba4a546/paper/lif_norse.nir"));
  }
}
