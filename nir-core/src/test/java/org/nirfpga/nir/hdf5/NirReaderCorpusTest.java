package org.nirfpga.nir.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nirfpga.nir.SharedCorpus;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.Conv1d;
import org.nirfpga.nir.graph.Conv2d;
import org.nirfpga.nir.graph.CubaLI;
import org.nirfpga.nir.graph.CubaLIF;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.Flatten;
import org.nirfpga.nir.graph.IF;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.Metadata;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Padding;
import org.nirfpga.nir.graph.SumPool2d;
import org.nirfpga.nir.graph.Tensor;

class NirReaderCorpusTest {

  private static Path corpus(String relative) {
    return SharedCorpus.nirData().resolve(relative);
  }

  private static Map<String, String> types(NirGraph g) {
    Map<String, String> out = new LinkedHashMap<>();
    g.nodes().forEach((k, v) -> out.put(k, v.type()));
    return out;
  }

  @Test
  void everyCorpusFileLoadsLikeTypeCheckFalse() throws Exception {
    List<Path> files = SharedCorpus.allNirFiles();
    assertTrue(files.size() >= 40, "corpus has " + files.size() + " files");
    for (Path f : files) {
      NirFile nir = NirReader.read(f);
      assertFalse(nir.graph().nodes().isEmpty(), f + " has nodes");
      assertFalse(nir.graph().edges().isEmpty(), f + " has edges");
      assertTrue(nir.version().isPresent(), f + " records its /version");
      assertEquals(f, nir.path());
      for (String w : nir.warnings()) {
        assertFalse(w.contains("\n"), "one-line warning: " + w);
      }
    }
  }

  @Test
  void cnnSinabsHasFifteenNodesOfTheRightTypesAndFourteenEdges() throws Exception {
    NirFile nir = NirReader.read(corpus("neuromorphs_NIR/paper/02_cnn/cnn_sinabs.nir"));
    NirGraph g = nir.graph();
    assertEquals("0.2.0", nir.version().orElseThrow());
    Map<String, String> expected = new LinkedHashMap<>();
    // h5py lists group members by name, so NIR's own node order is lexicographic.
    String[][] nodes = {{"0", "Conv2d"}, {"1", "IF"}, {"10", "IF"}, {"11", "Affine"},
        {"12", "IF"}, {"2", "Conv2d"}, {"3", "IF"}, {"4", "SumPool2d"}, {"5", "Conv2d"},
        {"6", "IF"}, {"7", "SumPool2d"}, {"8", "Flatten"}, {"9", "Affine"}, {"input", "Input"},
        {"output", "Output"}};
    for (String[] n : nodes) {
      expected.put(n[0], n[1]);
    }
    assertEquals(expected, types(g));
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(g.nodes().keySet()));
    assertEquals(14, g.edges().size());
    assertTrue(g.edges().contains(new Edge("input", "0")));
    assertTrue(g.edges().contains(new Edge("12", "output")));

    Conv2d conv = (Conv2d) g.nodes().get("0");
    assertArrayEquals(new int[] {16, 2, 5, 5}, conv.weight().shape());
    assertEquals((double) -0.25734219f, conv.weight().at(0, 0, 0, 0));
    assertEquals((double) -0.270349383f, conv.weight().at(0, 0, 0, 1));
    assertEquals(Dims.of(34, 34), conv.inputShape());
    assertEquals(Dims.of(2, 2), conv.stride());
    assertEquals(Padding.of(1, 1), conv.padding());
    assertEquals(Dims.of(1, 1), conv.dilation());
    assertEquals(1, conv.groups());

    IF neuron = (IF) g.nodes().get("1");
    assertArrayEquals(new int[] {16, 16, 16}, neuron.vThreshold().shape());
    assertEquals(Tensor.full(new int[] {16, 16, 16}, 0.0), neuron.vReset());
    assertTrue(nir.warnings().stream().anyMatch(w -> w.contains("node '1'")
        && w.contains("v_reset")), nir.warnings().toString());

    SumPool2d pool = (SumPool2d) g.nodes().get("4");
    assertEquals(Dims.of(2, 2), pool.kernelSize());
    assertEquals(Dims.of(0, 0), pool.padding());
    Flatten flat = (Flatten) g.nodes().get("8");
    assertEquals(Dims.of(8, 4, 4), flat.inputType());
    assertEquals(0, flat.startDim());
    assertEquals(-1, flat.endDim());
    assertEquals(Dims.of(2, 34, 34), ((Input) g.nodes().get("input")).shape());
    assertEquals(Dims.of(10), ((Output) g.nodes().get("output")).shape());
  }

  @Test
  void brailleKeepsDottedNodeNamesAndResolvesThemExactly() throws Exception {
    NirGraph g = NirReader.read(
        corpus("neuromorphs_NIR/paper/03_rnn/braille_noDelay_bias_zero.nir")).graph();
    assertEquals(List.of("fc1", "fc2", "input", "lif1.lif", "lif1.w_rec", "lif2", "output"),
        List.copyOf(g.nodes().keySet()));
    assertEquals("CubaLIF", g.nodes().get("lif1.lif").type());
    assertEquals("Affine", g.nodes().get("lif1.w_rec").type());
    assertEquals(7, g.edges().size());
    assertEquals(new Edge("lif1.w_rec", "lif1.lif"), g.edges().get(0));
    assertTrue(g.find("lif1.lif").orElseThrow() instanceof CubaLIF);
    CubaLIF lif = (CubaLIF) g.nodes().get("lif1.lif");
    assertArrayEquals(new int[] {38}, lif.wIn().shape());
    assertEquals(Tensor.full(new int[] {38}, 0.0), lif.vReset());
    Affine rec = (Affine) g.nodes().get("lif1.w_rec");
    assertArrayEquals(new int[] {38, 38}, rec.weight().shape());
  }

  @Test
  void allPrimitivesFileReadsEveryFieldAndTheMetadataGroups() throws Exception {
    NirFile nir = NirReader.read(corpus("generated_with_nir_HEAD_7232ada/gen_all_primitives.nir"));
    NirGraph g = nir.graph();
    assertEquals("1.0.7+HEAD-7232ada", nir.version().orElseThrow());
    assertEquals(List.of("aff", "conv", "cuba", "flat", "if", "input", "li", "lif", "lin",
        "output", "pool", "scale"), List.copyOf(g.nodes().keySet()));
    assertEquals(List.of("Affine", "Conv2d", "CubaLIF", "Flatten", "IF", "Input", "LI", "LIF",
        "Linear", "Output", "SumPool2d", "Scale"), List.copyOf(types(g).values()));
    assertEquals(11, g.edges().size());
    assertEquals(new Edge("input", "conv"), g.edges().get(0));
    assertEquals(new Edge("li", "output"), g.edges().get(10));
    assertEquals("all-primitives sample", g.metadata().get("description"));
    assertEquals(1e-4, (Double) g.metadata().get("dt"));
    Conv2d conv = (Conv2d) g.nodes().get("conv");
    assertEquals(3L, conv.metadata().get("k"));
    assertEquals("conv with int padding", conv.metadata().get("note"));
    assertEquals(Dims.of(8, 8), conv.inputShape());
    assertEquals(Padding.of(1, 1), conv.padding());
    assertEquals(Dims.of(4, 4, 4), ((Flatten) g.nodes().get("flat")).inputType());
    assertArrayEquals(new int[] {10, 64}, ((Affine) g.nodes().get("aff")).weight().shape());
    assertTrue(nir.warnings().isEmpty(), nir.warnings().toString());
  }

  @Test
  void miscSubgraphFileReadsNestedGraphConv1dAndStringPadding() throws Exception {
    NirGraph g = NirReader.read(corpus("generated_with_nir_HEAD_7232ada/gen_misc_subgraph.nir"))
        .graph();
    assertEquals(List.of("aff", "conv1", "delay", "flat", "i", "input", "output", "sub", "thr"),
        List.copyOf(g.nodes().keySet()));
    assertEquals(8, g.edges().size());
    NirGraph sub = (NirGraph) g.nodes().get("sub");
    assertEquals(Map.of("cuba", "CubaLI", "in", "Input", "out", "Output", "rec", "Linear"),
        types(sub));
    assertEquals(List.of(new Edge("in", "cuba"), new Edge("cuba", "rec"), new Edge("rec", "cuba"),
        new Edge("cuba", "out")), sub.edges());
    assertInstanceOf(CubaLI.class, g.find("sub.cuba").orElseThrow());
    Conv1d conv = (Conv1d) g.nodes().get("conv1");
    assertEquals(Padding.SAME, conv.padding());
    assertEquals(16, conv.inputShape());
    assertEquals(1, conv.stride());
    assertEquals(1, conv.dilation());
    assertArrayEquals(new int[] {1, 1, 3}, conv.weight().shape());
    Flatten flat = (Flatten) g.nodes().get("flat");
    assertEquals(Dims.of(1, 16), flat.inputType());
    assertEquals(0, flat.startDim());
    assertEquals(Metadata.EMPTY, sub.metadata());
  }

  @Test
  void subgraphFilesWhoseEdgesNameAMissingNodeStillLoad() throws Exception {
    // nir.read fails here with KeyError 'lif'; reporting the edge is validation's job.
    for (String f : List.of(
        "neuromorphs_NIR/paper/03_rnn/extras/braille_noDelay_bias_zero_subgraph.nir",
        "neuromorphs_NIR/paper/03_rnn/extras/braille_noDelay_noBias_subtract_subgraph.nir")) {
      NirGraph g = NirReader.read(corpus(f)).graph();
      NirGraph lif1 = (NirGraph) g.nodes().get("lif1");
      assertTrue(lif1.edges().contains(new Edge("input", "lif")), f);
      assertTrue(lif1.node("lif").isEmpty(), f);
      assertEquals(List.of("input", "lif1", "lin", "output"), List.copyOf(lif1.nodes().keySet()));
    }
  }

  @Test
  void conv2dWithoutInputShapeLoadsWithNullAndAWarning() throws Exception {
    NirFile nir = NirReader.read(corpus("neuromorphs_NIR/_history/"
        + "2023-09-26_2c9ba63db63d0a649f7d306a27ea754346ed40af/paper/02_cnn/scnn_mnist.nir"));
    Conv2d conv = (Conv2d) nir.graph().nodes().get("0");
    assertNull(conv.inputShape());
    assertTrue(nir.warnings().stream().anyMatch(w -> w.contains("node '0'")
        && w.contains("input_shape")), nir.warnings().toString());
  }

  @Test
  void oldLifWithParametersOfUnequalShapeLoadsKeepingEachShape() throws Exception {
    // nir.read rejects this file ("All parameters must have the same shape"); validation warns.
    NirGraph g = NirReader.read(corpus("neuromorphs_NIR/_history/"
        + "2023-08-28_c489a85cf6fc3943c76649d61f3459545d868e6d/paper/lif_norse.nir")).graph();
    LIF lif = (LIF) g.nodes().values().stream().filter(n -> n instanceof LIF).findFirst()
        .orElseThrow();
    assertArrayEquals(new int[0], lif.r().shape());
    assertArrayEquals(new int[] {1}, lif.tau().shape());
    assertArrayEquals(new int[0], lif.vLeak().shape());
  }

  @Test
  void zeroDimensionalScalarsStayScalars() throws Exception {
    NirGraph g = NirReader.read(corpus("neuromorphs_NIR/_history/"
        + "2023-08-25_7ddac067ce9e3229154841380bb504a45ba4a546/paper/lif_norse.nir")).graph();
    LIF lif = (LIF) g.nodes().get("lif");
    assertTrue(lif.tau().isScalar());
    assertTrue(lif.vThreshold().isScalar());
    assertTrue(lif.vReset().isScalar(), "default v_reset takes v_threshold's shape");
    assertEquals(0.0, lif.vReset().get(0));
  }

  @Test
  void everyNodeTypeOfTheCorpusIsSeen() throws Exception {
    java.util.Set<String> seen = new java.util.TreeSet<>();
    for (Path f : SharedCorpus.allNirFiles()) {
      collect(NirReader.read(f).graph(), seen);
    }
    assertTrue(seen.containsAll(List.of("Affine", "AvgPool2d", "Conv1d", "Conv2d", "CubaLI",
        "CubaLIF", "Delay", "Flatten", "I", "IF", "Input", "LI", "LIF", "Linear", "NIRGraph",
        "Output", "Scale", "SumPool2d", "Threshold")), seen.toString());
  }

  private static void collect(NirGraph g, java.util.Set<String> seen) {
    for (NirNode n : g.nodes().values()) {
      seen.add(n.type());
      if (n instanceof NirGraph sub) {
        collect(sub, seen);
      }
    }
  }
}
