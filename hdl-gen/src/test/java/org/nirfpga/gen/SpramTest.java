package org.nirfpga.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.hdl.eval.CycleSimulator;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.IF;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.ref.Contract;

/**
 * Layers whose weights live in single-port memories without initial contents (iCE40 SPRAM)
 * compute what the same layers with block-RAM weights compute, in the same cycles, once the
 * weight image has been loaded through the {@code wl} stream; before that the inputs take
 * nothing, and the reset between samples keeps the weights.
 */
class SpramTest {

  private static Map<String, Integer> lanes(GoldenModel gm, int lanes) {
    Map<String, Integer> split = new LinkedHashMap<>();
    for (LayerConstants c : gm.constants()) {
      split.put(c.path(), Math.min(lanes, Integer.highestOneBit(c.threshold().length)));
    }
    return split;
  }

  /** A test case, its golden run and its pipeline with every layer's weights in SPRAM. */
  private record AllInSpram(LanesTest.Case k, GoldenResult golden, GeneratedPipeline p) {}

  private static AllInSpram allInSpram(String name) throws Exception {
    LanesTest.Case k = LanesTest.named(name);
    GoldenModel gm = GoldenModel.create(k.graph(), k.quant(), k.contract());
    return new AllInSpram(k, gm.run(k.inputs()), PipelineGenerator.generate(k.graph(),
        k.quant(), k.contract(), "g.nir", "g_top", Map.of(), Set.of(), Graphs.everyLayer(gm)));
  }

  @ParameterizedTest(name = "{0}, {1} lanes, ping-pong {2}")
  @CsvSource({"mlp, 1, false", "mlp, 2, false", "rsnn, 1, false", "rsnn, 2, true",
      "cnn, 1, false", "fan, 1, false", "recurrent, 1, true", "graded, 1, false",
      "delay, 1, false", "lateBias, 1, false"})
  void spramWeightsAreBitExactInTheCyclesOfBlockRam(String name, int lanes, boolean pingPong)
      throws Exception {
    LanesTest.Case k = LanesTest.named(name);
    QuantConfig q = k.quant();
    GoldenModel gm = GoldenModel.create(k.graph(), q, k.contract());
    GoldenResult golden = gm.run(k.inputs());
    Map<String, Integer> split = lanes(gm, lanes);
    Set<String> banks = pingPong ? Graphs.everyLayer(gm) : Set.of();
    GeneratedPipeline p = PipelineGenerator.generate(k.graph(), q, k.contract(), "g.nir",
        "g_top", split, banks, Graphs.everyLayer(gm));
    GeneratedPipeline bram = PipelineGenerator.generate(k.graph(), q, k.contract(), "g.nir",
        "g_top", split, banks);

    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(p, golden, k.inputs(), true),
        name);
    // The image goes in during the power-on reset; from then on every step takes the cycles
    // it takes with block-RAM weights.
    assertArrayEquals(CycleModelTest.measuredCycles(bram, k.inputs(), golden.steps()),
        CycleModelTest.measuredCycles(p, k.inputs(), golden.steps()),
        name + ": cycles per step, block RAM vs SPRAM weights");
    if (pingPong) {
      assertEquals(Optional.empty(), RtlVsGolden.firstDifferenceBackToBack(
          new PipelineSimulation(p), golden, k.inputs()), name + ", back to back");
    }

    // The image is the block-RAM design's weight memories, layer by layer, lane by lane.
    StringBuilder expected = new StringBuilder();
    Map<String, String> files = bram.files();
    for (LayerConstants c : gm.constants()) {
      int l = split.getOrDefault(c.path(), 1);
      for (int g = 0; g < l; g++) {
        String module = "layer_" + c.path() + (l == 1 ? "" : "_lane" + g);
        String hex = files.get(module + "_weights.hex");
        // A memory of fewer than two words is stored two deep; the image has the words only.
        int words = p.weights().parts().stream()
            .filter(part -> part.node().equals(c.path())).toList()
            .get(g).words().length;
        hex.lines().limit(words).forEach(line -> expected.append(line).append('\n'));
      }
    }
    assertEquals(expected.toString().toLowerCase().replaceAll("(?m)^0+(?=[0-9a-f])", ""),
        p.files().get(WeightImage.FILE).replaceAll("(?m)^0+(?=[0-9a-f])", ""), name
        + ": image vs the block-RAM weight memories");
    for (Map.Entry<String, String> f : p.files().entrySet()) {
      assertFalse(f.getKey().endsWith("_weights.hex"), f.getKey() + " written for SPRAM weights");
      if (f.getKey().endsWith(".v")) {
        assertFalse(f.getValue().contains("_weights.hex"), f.getKey() + " initialises SPRAM");
      }
    }
  }

  @Test
  void theManifestDescribesTheImage() throws Exception {
    LanesTest.Case k = LanesTest.named("mlp");
    GoldenModel gm = GoldenModel.create(k.graph(), k.quant(), k.contract());
    GeneratedPipeline p = PipelineGenerator.generate(k.graph(), k.quant(), k.contract(),
        "g.nir", "g_top", Map.of("lif1", 2), Set.of(), Set.of("lif2", "lif1"));
    JsonNode m = new ObjectMapper().readTree(p.manifestJson());
    JsonNode img = m.path("weight_image");
    assertEquals(WeightImage.FILE, img.path("file").asText());
    assertEquals(p.weights().size(), img.path("words").asInt());
    assertEquals(p.weights().words().length, img.path("words").asInt());
    // Pipeline order, lanes in lane order, each part right after the one before.
    JsonNode parts = img.path("parts");
    assertEquals(3, parts.size());
    assertEquals("lif1", parts.get(0).path("node").asText());
    assertEquals(1, parts.get(1).path("lane").asInt());
    assertEquals("lif2", parts.get(2).path("node").asText());
    int at = 0;
    for (JsonNode part : parts) {
      assertEquals(at, part.path("base").asInt());
      at += part.path("words").asInt();
    }
    assertEquals(at, img.path("words").asInt());
    for (JsonNode l : m.path("layers")) {
      assertEquals("spram", l.path("weights_store").asText());
    }
    String top = p.files().get("g_top.v");
    assertTrue(top.contains("wl_clear_i") && top.contains("wl_valid_i"), "wl ports");
    String lane = p.files().get("layer_lif1_lane0.v");
    assertTrue(lane.contains("\"huge\""), "ram_style huge:\n" + lane);
  }

  @Test
  void inputsWaitForTheImageAndTheResetKeepsIt() throws Exception {
    AllInSpram a = allInSpram("rsnn");
    LanesTest.Case k = a.k();
    GoldenResult golden = a.golden();
    GeneratedPipeline p = a.p();
    int unloaded = 1 << PipelineGenerator.ERR_WEIGHTS_UNLOADED;
    PipelineSimulation sim = new PipelineSimulation(p, null);
    assertEquals(unloaded, sim.errors(), "err_o before the image");
    CycleSimulator hw = sim.simulator();
    hw.set(p.in().valid(), 1);
    for (int i = 0; i < 50; i++) {
      assertEquals(0, hw.get(p.in().ready()).intValue(), "input ready before the image, cycle "
          + i);
      hw.tick();
    }
    hw.set(p.in().valid(), 0);
    sim.loadWeights(p.weights().words());
    assertEquals(0, sim.errors(), "err_o after the image");
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(sim, golden, k.inputs(), true));
    // A reset between samples restarts the network and keeps the weights.
    sim.reset();
    assertEquals(0, sim.errors(), "err_o after the reset");
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(sim, golden, k.inputs(), true),
        "after the reset");
  }

  @Test
  void aWrongImageIsCaught() throws Exception {
    // Planted fault: one word of the image changed; the comparison with the golden model must
    // see it.
    AllInSpram a = allInSpram("mlp");
    GeneratedPipeline p = a.p();
    long[] image = p.weights().words();
    image[5] ^= 1L << 3;
    Optional<String> d = RtlVsGolden.firstDifference(new PipelineSimulation(p, image),
        a.golden(), a.k().inputs(), true);
    assertTrue(d.isPresent(), "a flipped weight bit went unseen");
  }

  @Test
  void aLayerThatStoresNoWeightWordIsRefusedByName() throws Exception {
    // Every weight zero, only a bias: nothing to keep in SPRAM.
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(3), null));
    nodes.put("fc", new Affine(Tensor.full(new int[] {2, 3}, 0.0), Tensor.vector(0.5, 0.25),
        null));
    nodes.put("if1", new IF(Tensor.vector(1.0, 1.0), Tensor.vector(1.0, 1.0),
        Tensor.vector(0.0, 0.0), null));
    nodes.put("out", new Output(Dims.of(2), null));
    NirGraph g = new NirGraph(nodes, List.of(new Edge("in", "fc"), new Edge("fc", "if1"),
        new Edge("if1", "out")));
    Contract c = Contract.nir();
    QuantConfig q = Quantizer.quantize(g, QuantOptions.defaults(c));
    NirfpgaException e = assertThrows(NirfpgaException.class, () ->
        PipelineGenerator.generate(g, q, c, "z.nir", "z_top", Map.of(), Set.of(),
            Set.of("if1")));
    assertEquals("z.nir: SPRAM weights for 'if1', which stores no weight word (every weight is"
        + " zero); leave it out of --spram", e.getMessage());
    // In block RAM it is a layer like any other.
    PipelineGenerator.generate(g, q, c, "z.nir", "z_top");
  }

  @Test
  void anUnknownLayerIsRefusedByName() throws Exception {
    LanesTest.Case k = LanesTest.named("mlp");
    NirfpgaException e = assertThrows(NirfpgaException.class, () ->
        PipelineGenerator.generate(k.graph(), k.quant(), k.contract(), "g.nir", "g_top",
            Map.of(), Set.of(), Set.of("fc1")));
    assertTrue(e.getMessage().contains("'fc1'") && e.getMessage().contains("lif1"),
        e.getMessage());
  }
}
