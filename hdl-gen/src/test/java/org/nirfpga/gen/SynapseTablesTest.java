package org.nirfpga.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.Conv2d;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.IF;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Padding;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.ref.Contract;

/** Row sharing in the synapse tables: equal rows stored once, decoded to the golden lists. */
class SynapseTablesTest {
  /** The mlp example's first layer, whose chain the tests below replace. */
  private static LayerConstants mlpLayer() throws Exception {
    Example e = Examples.named("mlp").orElseThrow();
    Contract c = Contract.nir();
    return GoldenModel.create(e.graph(), Graphs.quantize(e.graph(), c), c).constants().get(0);
  }

  /** {@code base} with one chain of the given rows (targets and weight codes per address). */
  private static LayerConstants withRows(LayerConstants base, int[][] targets,
      long[][] weights) {
    LayerConstants.Chain ch = new LayerConstants.Chain("in", List.of("w"), 0, null, targets,
        weights);
    return new LayerConstants(base.path(), base.type(), base.quant(), List.of(ch),
        base.preloadFrom(), base.preload(), base.alphaV(), base.shiftV(), base.alphaI(),
        base.shiftI(), base.leak(), base.threshold(), base.reset(), base.currentDrivesV(),
        base.multiSpike());
  }

  private static SynapseTables tables(LayerConstants c) {
    List<ChainInput> in = new ArrayList<>();
    for (LayerConstants.Chain ch : c.chains()) {
      in.add(new ChainInput(ch.source(), ch.weights().length, 0, ch.lag()));
    }
    return SynapseTables.of(c, in);
  }

  /** Every chain's rows read back as the engine reads them equal the golden scatter lists. */
  private static void assertDecodesToTheGoldenLists(LayerConstants c, SynapseTables t) {
    int bw = c.quant().weight().totalBits();
    int awN = LayerEngine.addressBits(c.threshold().length);
    int r = 0;
    for (LayerConstants.Chain ch : c.chains()) {
      for (int j = 0; j < ch.weights().length; j++, r++) {
        long row = t.rowInit()[r];
        int count = (int) (row >>> (t.baseBits() + t.offsetBits()));
        int base = (int) ((row >>> t.offsetBits()) & ((1L << t.baseBits()) - 1));
        long off = row & ((1L << t.offsetBits()) - 1);
        int[] targets = new int[count];
        long[] weights = new long[count];
        for (int e = 0; e < count; e++) {
          long word = t.wordInit()[base + e];
          targets[e] = (int) (((word >>> bw) + off) & ((1L << awN) - 1));
          weights[e] = word << (64 - bw) >> (64 - bw);
        }
        assertArrayEquals(ch.targets()[j], targets, c.path() + " row " + r);
        assertArrayEquals(ch.weights()[j], weights, c.path() + " row " + r);
      }
    }
  }

  @Test
  void rowsWithEqualTargetsAndWeightsAreStoredOnceWithoutAnOffsetField() throws Exception {
    LayerConstants c = withRows(mlpLayer(),
        new int[][] {{3, 7, 1}, {2, 5}, {3, 7, 1}, {}, {3, 7, 1}},
        new long[][] {{4, -3, 9}, {1, 1}, {4, -3, 9}, {}, {4, -3, 9}});
    SynapseTables t = tables(c);
    assertEquals(0, t.offsetBits(), "equal absolute rows need no offset");
    assertEquals(5, t.wordInit().length, "one copy of {3,7,1} and one of {2,5}");
    assertEquals(11, t.words(), "the engine still reads every row in full");
    assertDecodesToTheGoldenLists(c, t);
  }

  @Test
  void aRowThatAddsToOneNeuronTwiceIsRefusedForTheSynapsePipeline() throws Exception {
    // Words of a row pass the pipeline back to back: a second word for neuron 7 would read its
    // accumulator before the first one wrote it.
    LayerConstants c = withRows(mlpLayer(), new int[][] {{3, 7, 1}, {2, 7, 5, 7}},
        new long[][] {{4, -3, 9}, {1, 1, 2, 2}});
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tables(c));
    assertEquals("row 1 of chain 0 of " + c.path() + " adds to neuron 7 twice; the synapse"
        + " pipeline needs distinct targets", e.getMessage());
    tables(withRows(mlpLayer(), new int[][] {{3, 7, 1}, {2, 7, 5}},
        new long[][] {{4, -3, 9}, {1, 1, 2}}));
  }

  @Test
  void rowsThatDifferByAShiftOfTheirTargetsShareOneRelativeCopy() throws Exception {
    int[][] targets = new int[12][];
    long[][] weights = new long[12][];
    for (int j = 0; j < 12; j++) {
      targets[j] = new int[] {j, j + 1, j + 2, j + 5};
      weights[j] = new long[] {2, -1, 7, 3};
    }
    LayerConstants c = withRows(mlpLayer(), targets, weights);
    SynapseTables t = tables(c);
    assertEquals(LayerEngine.addressBits(c.threshold().length), t.offsetBits());
    assertEquals(4, t.wordInit().length, "one relative copy for all twelve rows");
    assertDecodesToTheGoldenLists(c, t);
  }

  @Test
  void relativeTargetsBelowTheRowsFirstTargetWrapAroundTheAddressSpace() throws Exception {
    int[][] targets = new int[10][];
    long[][] weights = new long[10][];
    for (int j = 0; j < 10; j++) {
      // The scatter order need not be ascending: later targets lie below the first.
      targets[j] = new int[] {j + 5, j, j + 2};
      weights[j] = new long[] {-8, 5, 1};
    }
    LayerConstants c = withRows(mlpLayer(), targets, weights);
    SynapseTables t = tables(c);
    assertTrue(t.offsetBits() > 0);
    assertEquals(3, t.wordInit().length);
    assertDecodesToTheGoldenLists(c, t);
  }

  @Test
  void withoutEqualRowsTheTablesAreThePlainConcatenation() throws Exception {
    LayerConstants c = mlpLayer();
    SynapseTables t = tables(c);
    assertEquals(0, t.offsetBits());
    int at = 0;
    int r = 0;
    for (long[] row : c.chains().get(0).weights()) {
      assertEquals(((long) row.length << t.baseBits()) | at, t.rowInit()[r++]);
      at += row.length;
    }
    assertEquals(at, t.wordInit().length);
    assertDecodesToTheGoldenLists(c, t);
  }

  @Test
  void cnnConvolutionStoresItsKernelOncePerBorderCaseAndPoolingSharesTheAffineRows()
      throws Exception {
    Example e = Examples.named("cnn").orElseThrow();
    Contract contract = Contract.nir();
    List<LayerConstants> layers = GoldenModel.create(e.graph(),
        Graphs.quantize(e.graph(), contract), contract).constants();
    LayerConstants conv = layers.get(0);
    SynapseTables ct = tables(conv);
    assertTrue(ct.offsetBits() > 0);
    // 2 input channels x 3 x 3 border cases (first, inner, last row and column), each row at
    // most 4 filters x 3 x 3 words.
    assertTrue(ct.wordInit().length <= 2 * 9 * 36, "conv words " + ct.wordInit().length);
    assertDecodesToTheGoldenLists(conv, ct);
    LayerConstants fc = layers.get(1);
    SynapseTables ft = tables(fc);
    // 576 IF neurons pooled 2x2 onto 144 affine inputs: each row is stored once, not 4 times.
    assertTrue(ft.wordInit().length * 4 <= ft.words(), ft.wordInit().length + " of " + ft.words());
    assertDecodesToTheGoldenLists(fc, ft);
  }

  /** 1x6x6 input, 2 filters 3x3 with padding 1, IF: 36 rows of 9 border cases. */
  private static NirGraph smallConv() {
    SplittableRandom r = new SplittableRandom(22);
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(1, 6, 6), null));
    nodes.put("conv", new Conv2d(Dims.of(6, 6), GraphStructureTest.grid(r, new int[] {2, 1, 3, 3}),
        Dims.of(1, 1), Padding.of(1, 1), Dims.of(1, 1), 1, Tensor.full(new int[] {2}, 0.0),
        null));
    nodes.put("if1", new IF(Tensor.full(new int[] {2, 6, 6}, 1.0),
        Tensor.full(new int[] {2, 6, 6}, 1.0), Tensor.full(new int[] {2, 6, 6}, 0.0), null));
    nodes.put("out", new Output(Dims.of(2, 6, 6), null));
    return new NirGraph(nodes, GraphStructureTest.edges("in", "conv", "conv", "if1", "if1",
        "out"));
  }

  @Test
  void sharedConvolutionRowsAreBitExactAndAPlantedWrongOffsetIsCaught() throws Exception {
    NirGraph g = smallConv();
    Contract c = Contract.norse();
    QuantConfig q = Graphs.quantize(g, c);
    double[][] x = Graphs.spikes(32, 20, 36, 0.4);
    GoldenResult golden = GoldenModel.create(g, q, c).run(Map.of("in", x));
    assertTrue(golden.layers().get("if1").spikeCount() > 0, "if1 must spike");
    GeneratedPipeline p = PipelineGenerator.generate(g, q, c, "g.nir", "g_top");
    JsonNode layer = new ObjectMapper().readTree(p.manifestJson()).get("layers").get(0);
    assertEquals(7, layer.get("row_offset_bits").asInt(), "72 neurons: 7 offset bits");
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(p, golden, Map.of("in", x),
        true));
    System.setProperty(SynapseTables.TEST_FAULT_ROW_OFFSET, "if1");
    GeneratedPipeline faulty;
    try {
      faulty = PipelineGenerator.generate(g, q, c, "g.nir", "g_top");
    } finally {
      System.clearProperty(SynapseTables.TEST_FAULT_ROW_OFFSET);
    }
    Optional<String> diff = RtlVsGolden.firstDifference(faulty, golden, Map.of("in", x), true);
    assertTrue(diff.isPresent() && diff.get().contains("layer 'if1'"), diff.toString());
  }
}
