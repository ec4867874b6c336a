package org.nirfpga.nir.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.Conv2d;
import org.nirfpga.nir.graph.CubaLIF;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Flatten;
import org.nirfpga.nir.graph.LI;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Padding;
import org.nirfpga.nir.graph.Scale;
import org.nirfpga.nir.graph.Tensor;

/** Damaged and malformed files, each built here, give one-line errors naming file and node. */
class NirReaderBadInputTest {
  @TempDir
  Path dir;

  /**
   * Writes input -> node -> output with jhdf directly, so a test can put anything into the node
   * group {@code /node/nodes/<name>}.
   */
  private Path craft(String name, Consumer<WritableGroup> node) throws Exception {
    Path f = dir.resolve("bad.nir");
    try (WritableHdfFile h = HdfFile.write(f)) {
      h.putDataset("version", "0.2.0");
      WritableGroup root = h.putGroup("node");
      root.putDataset("type", "NIRGraph");
      WritableGroup nodes = root.putGroup("nodes");
      WritableGroup in = nodes.putGroup("input");
      in.putDataset("type", "Input");
      in.putDataset("shape", new long[] {3});
      node.accept(nodes.putGroup(name));
      WritableGroup out = nodes.putGroup("output");
      out.putDataset("type", "Output");
      out.putDataset("shape", new long[] {3});
      root.putDataset("edges", new String[][] {{"input", name}, {name, "output"}});
    }
    return f;
  }

  private static Consumer<WritableGroup> lif(double[] tau) {
    return g -> {
      g.putDataset("type", "LIF");
      g.putDataset("tau", tau);
      g.putDataset("r", new double[] {1, 1, 1});
      g.putDataset("v_leak", new double[] {0, 0, 0});
      g.putDataset("v_threshold", new double[] {1, 1, 1});
    };
  }

  private static String fails(Path f) {
    NirFormatException e = assertThrows(NirFormatException.class, () -> NirReader.read(f));
    assertOneLine(e);
    return e.getMessage();
  }

  private static void assertOneLine(NirfpgaException e) {
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertTrue(e.getMessage().length() < 400, "short: " + e.getMessage());
  }

  // ------------------------------------------------------------------ not a NIR file at all

  @Test
  void aMissingFileIsNamed() {
    assertEquals("gone.nir: no such file (" + dir.resolve("gone.nir") + ")",
        fails(dir.resolve("gone.nir")));
  }

  @Test
  void anEmptyFileIsReportedAsEmpty() throws Exception {
    Path f = Files.createFile(dir.resolve("empty.nir"));
    assertEquals("empty.nir: the file is empty; expected a .nir (HDF5) model", fails(f));
  }

  @Test
  void aTextFileIsNotHdf5() throws Exception {
    Path f = Files.writeString(dir.resolve("notes.nir"), "this is not a network\n".repeat(100));
    assertTrue(fails(f).startsWith("notes.nir: not an HDF5 file"));
    Path tiny = Files.writeString(dir.resolve("tiny.nir"), "abc");
    assertTrue(fails(tiny).startsWith("tiny.nir: not an HDF5 file"));
  }

  @Test
  void anHdf5FileWithoutNodeGroupIsNotANirModel() throws Exception {
    Path f = dir.resolve("other.h5");
    try (WritableHdfFile h = HdfFile.write(f)) {
      h.putDataset("data", new double[] {1, 2});
    }
    assertEquals("other.h5: no /node group (top level holds [data]); not a NIR model file",
        fails(f));
  }

  @Test
  void aRootNodeThatIsNotAGraphIsRejected() throws Exception {
    Path f = dir.resolve("single.nir");
    try (WritableHdfFile h = HdfFile.write(f)) {
      WritableGroup n = h.putGroup("node");
      n.putDataset("type", "Scale");
      n.putDataset("scale", new double[] {2});
    }
    assertEquals("single.nir: the root /node is a Scale, not a NIRGraph; wrap it in a graph "
        + "with Input and Output nodes", fails(f));
  }

  // ------------------------------------------------------------------ damaged bytes

  @Test
  void everyTruncationOfAValidFileFailsWithTheFileNamed() throws Exception {
    Path good = dir.resolve("good.nir");
    NirWriter.write(good, SampleGraphs.everything(), true);
    byte[] bytes = Files.readAllBytes(good);
    Path cut = dir.resolve("cut.nir");
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int len : cutPoints(bytes.length)) {
        Files.write(cut, Arrays.copyOf(bytes, len));
        NirFormatException e = assertThrows(NirFormatException.class, () -> NirReader.read(cut),
            "truncated to " + len + " of " + bytes.length);
        assertTrue(e.getMessage().startsWith("cut.nir: "), e.getMessage());
        assertOneLine(e);
      }
    });
  }

  private static int[] cutPoints(int length) {
    int[] cuts = new int[40];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = (int) ((long) length * i / cuts.length);
    }
    cuts[0] = 1;
    cuts[1] = 9;
    return cuts;
  }

  @Test
  void randomlyMangledBytesNeverEscapeAsARawException() throws Exception {
    fuzz(false, 20231028L);
  }

  @Test
  void randomlyMangledCompressedFilesNeverEscapeAsARawException() throws Exception {
    fuzz(true, 7L);
  }

  @Test
  void aDamagedNodeHeaderNamesTheGraphHoldingIt() throws Exception {
    // Found by the fuzz test: one damaged byte in the Input node's object header; jhdf used to
    // allocate the bogus header length and take half a minute before failing.
    Path good = dir.resolve("good.nir");
    NirWriter.write(good, SampleGraphs.lif(), false);
    byte[] bytes = Files.readAllBytes(good);
    long address;
    try (HdfFile h = new HdfFile(good)) {
      address = h.getByPath("node/nodes/input").getAddress();
    }
    // The byte after the OHDR signature and version/flags is the header chunk length.
    bytes[(int) address + 6] = (byte) 0xff;
    bytes[(int) address + 5] = (byte) 0x03;
    Path f = dir.resolve("header.nir");
    Files.write(f, bytes);
    String m = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> fails(f));
    assertTrue(m.startsWith("header.nir: root graph (at /node/nodes): cannot read the HDF5 "
        + "structure ("), m);
    assertTrue(m.endsWith("the file is truncated or corrupt, re-export it"), m);
  }

  private void fuzz(boolean gzip, long seed) throws Exception {
    Path good = dir.resolve("good.nir");
    NirWriter.write(good, SampleGraphs.everything(), gzip);
    byte[] bytes = Files.readAllBytes(good);
    Path bad = dir.resolve("mangled.nir");
    Random random = new Random(seed);
    int[] outcome = new int[2];
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      for (int trial = 0; trial < 150; trial++) {
        byte[] copy = bytes.clone();
        int flips = 1 + random.nextInt(8);
        // Most of the file is float data; aim half the damage at the first 4 KiB of metadata.
        for (int k = 0; k < flips; k++) {
          int at = random.nextBoolean() ? random.nextInt(Math.min(4096, copy.length))
              : random.nextInt(copy.length);
          copy[at] = (byte) random.nextInt(256);
        }
        Files.write(bad, copy);
        try {
          NirReader.read(bad);
          outcome[0]++;
        } catch (NirFormatException e) {
          assertTrue(e.getMessage().startsWith("mangled.nir: "), e.getMessage());
          assertOneLine(e);
          outcome[1]++;
        }
      }
    });
    assertTrue(outcome[1] > 0, "some mangled files were rejected: " + Arrays.toString(outcome));
  }

  // ------------------------------------------------------------------ malformed nodes

  @Test
  void anUnknownTypeIsNamedWithTheKnownOnes() throws Exception {
    Path f = craft("mystery", g -> g.putDataset("type", "Foo"));
    assertEquals("bad.nir: node 'mystery' field 'type': unknown node type 'Foo'; known types are "
        + String.join(", ", NirReader.KNOWN_TYPES), fails(f));
  }

  @Test
  void aMissingRequiredFieldIsNamed() throws Exception {
    Path f = craft("lif", g -> {
      g.putDataset("type", "LIF");
      g.putDataset("r", new double[] {1, 1, 1});
      g.putDataset("v_leak", new double[] {0, 0, 0});
      g.putDataset("v_threshold", new double[] {1, 1, 1});
    });
    assertEquals("bad.nir: node 'lif' field 'tau': missing required field (present: [r, type, "
        + "v_leak, v_threshold])", fails(f));
  }

  @Test
  void aLinearWeightOfRankThreeIsRejected() throws Exception {
    Path f = craft("lin", g -> {
      g.putDataset("type", "Linear");
      g.putDataset("weight", new double[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}});
    });
    assertEquals("bad.nir: node 'lin' field 'weight': has rank 3 (shape (2, 2, 2)), expected "
        + "rank 2", fails(f));
  }

  @Test
  void aConv2dWeightOfRankTwoIsRejected() throws Exception {
    Path f = craft("conv", g -> {
      g.putDataset("type", "Conv2d");
      g.putDataset("weight", new double[][] {{1, 2}, {3, 4}});
      g.putDataset("bias", new double[] {0, 0});
      g.putDataset("stride", 1L);
      g.putDataset("padding", 0L);
      g.putDataset("dilation", 1L);
      g.putDataset("groups", 1L);
    });
    assertEquals("bad.nir: node 'conv' field 'weight': has rank 2 (shape (2, 2)), expected rank 4",
        fails(f));
  }

  @Test
  void aShapeAboveTwoToTheTwentyEightElementsIsRefusedBeforeAllocating() throws Exception {
    Path f = craft("lif", lif(new double[] {0.01, 0.02, 0.03}));
    DataspacePatch.apply(f, Map.of("/node/nodes/lif/tau", new long[] {1L << 29}));
    assertEquals("bad.nir: node 'lif' field 'tau': shape [536870912] holds 536870912 elements, "
        + "more than the 268435456 (2^28) this reader accepts", fails(f));
  }

  @Test
  void aShapeWhoseProductOverflowsIsRefused() throws Exception {
    Path f = craft("lin", g -> {
      g.putDataset("type", "Linear");
      g.putDataset("weight", new double[][] {{1, 2}, {3, 4}});
    });
    DataspacePatch.apply(f, Map.of("/node/nodes/lin/weight", new long[] {1L << 40, 1L << 40}));
    assertEquals("bad.nir: node 'lin' field 'weight': shape [1099511627776, 1099511627776] "
        + "overflows a 64-bit element count; the file is corrupt", fails(f));
  }

  @Test
  void aShapeLargerThanTheFileIsRefusedAsTruncated() throws Exception {
    Path f = craft("lif", lif(new double[] {0.01, 0.02, 0.03}));
    DataspacePatch.apply(f, Map.of("/node/nodes/lif/tau", new long[] {1L << 27}));
    String m = fails(f);
    assertTrue(m.startsWith("bad.nir: node 'lif' field 'tau': claims 1073741824 bytes of data "
        + "but the file has only "), m);
  }

  @Test
  void aNanParameterIsAnError() throws Exception {
    Path f = craft("lif", lif(new double[] {0.01, Double.NaN, 0.03}));
    assertEquals("bad.nir: node 'lif' field 'tau': NaN at flat index 1 of shape (3,); parameters "
        + "must be numbers (inf is allowed), fix the exporter", fails(f));
  }

  @Test
  void anInfiniteTauIsLegal() throws Exception {
    // Lava writes tau = inf for a neuron without leak.
    Path f = craft("lif", lif(new double[] {Double.POSITIVE_INFINITY, 0.02, 0.03}));
    LIF lif = (LIF) NirReader.read(f).graph().nodes().get("lif");
    assertEquals(Double.POSITIVE_INFINITY, lif.tau().get(0));
  }

  @Test
  void aNanInsideANestedGraphNamesTheDottedPath() throws Exception {
    Path f = dir.resolve("nested.nir");
    NirWriter.write(f, SampleGraphs.everything());
    NirGraph g = NirReader.read(f).graph();
    NirGraph sub = (NirGraph) g.nodes().get("sub");
    java.util.LinkedHashMap<String, NirNode> subNodes = new java.util.LinkedHashMap<>(sub.nodes());
    // The writer refuses NaN, so a marker value is written and its bytes replaced by a NaN.
    double marker = 12345.6789;
    subNodes.put("lonely", new NirGraph(Map.of("only", new Scale(Tensor.scalar(marker),
        null)), List.of()));
    java.util.LinkedHashMap<String, NirNode> nodes = new java.util.LinkedHashMap<>(g.nodes());
    nodes.put("sub", new NirGraph(subNodes, sub.edges(), sub.metadata()));
    NirWriter.write(f, new NirGraph(nodes, g.edges(), g.metadata()));
    byte[] bytes = java.nio.file.Files.readAllBytes(f);
    byte[] find = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putDouble(marker).array();
    byte[] nan = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putDouble(Double.NaN).array();
    int hits = 0;
    for (int i = 0; i + 8 <= bytes.length; i++) {
      if (java.util.Arrays.equals(bytes, i, i + 8, find, 0, 8)) {
        System.arraycopy(nan, 0, bytes, i, 8);
        hits++;
      }
    }
    assertEquals(1, hits, "the marker is stored once");
    java.nio.file.Files.write(f, bytes);
    assertEquals("nested.nir: node 'sub.lonely.only' field 'scale': NaN at flat index 0 of shape "
        + "(); parameters must be numbers (inf is allowed), fix the exporter", fails(f));
  }

  @Test
  void aTypeThatIsNotAStringIsRejected() throws Exception {
    Path f = craft("lif", g -> g.putDataset("type", 5L));
    assertEquals("bad.nir: node 'lif' field 'type': is int64, expected a string such as 'LIF'",
        fails(f));
  }

  @Test
  void edgesThatAreNotStringsAreRejected() throws Exception {
    Path f = dir.resolve("bad.nir");
    try (WritableHdfFile h = HdfFile.write(f)) {
      WritableGroup root = h.putGroup("node");
      root.putDataset("type", "NIRGraph");
      WritableGroup nodes = root.putGroup("nodes");
      WritableGroup in = nodes.putGroup("input");
      in.putDataset("type", "Input");
      in.putDataset("shape", new long[] {3});
      root.putDataset("edges", new long[][] {{0, 1}});
    }
    assertEquals("bad.nir: root graph field 'edges': holds int64, expected (E, 2) strings naming "
        + "source and destination nodes", fails(f));
  }

  @Test
  void aParameterStoredAsTextIsAnUnexpectedDtype() throws Exception {
    Path f = craft("lif", g -> {
      lif(new double[] {1, 2, 3}).accept(g);
      g.putDataset("v_reset", "zero");
    });
    assertEquals("bad.nir: node 'lif' field 'v_reset': has dtype fixed-length string, expected "
        + "numbers", fails(f));
  }

  @Test
  void aFractionalStrideIsRejected() throws Exception {
    Path f = craft("pool", g -> {
      g.putDataset("type", "SumPool2d");
      g.putDataset("kernel_size", new long[] {2, 2});
      g.putDataset("stride", new double[] {1.5, 1.5});
      g.putDataset("padding", new long[] {0, 0});
    });
    assertEquals("bad.nir: node 'pool' field 'stride': holds 1.5, expected an integer within int "
        + "range", fails(f));
  }

  @Test
  void anUnknownPaddingWordIsRejected() throws Exception {
    Path f = craft("conv", conv2d(g -> g.putDataset("padding", "full")));
    assertEquals("bad.nir: node 'conv' field 'padding': is 'full', expected 'same', 'valid' or "
        + "integers", fails(f));
  }

  @Test
  void subgraphsNestedBeyondTheLimitAreRejected() throws Exception {
    NirGraph g = new NirGraph(Map.of("s", new Scale(Tensor.scalar(1), null)), List.of());
    for (int i = 0; i < NirReader.MAX_DEPTH + 2; i++) {
      g = new NirGraph(Map.of("g", g), List.of());
    }
    Path f = dir.resolve("deep.nir");
    NirWriter.write(f, g);
    String m = fails(f);
    assertTrue(m.startsWith("deep.nir: node 'g.g.g."), m);
    assertTrue(m.endsWith("subgraphs nested deeper than 64 levels; the file is corrupt or cyclic"),
        m);
  }

  // ------------------------------------------------------------------ layout generations

  private static Consumer<WritableGroup> conv2d(Consumer<WritableGroup> padding) {
    return g -> {
      g.putDataset("type", "Conv2d");
      g.putDataset("weight", new double[][][][] {{{{1, 2}, {3, 4}}}});
      g.putDataset("bias", new double[] {0.5});
      g.putDataset("stride", 2L);
      padding.accept(g);
      g.putDataset("dilation", 1L);
      g.putDataset("groups", 1L);
    };
  }

  @Test
  void conv2dIntegersStandForPairsAndPaddingWordsAreRead() throws Exception {
    Conv2d c = (Conv2d) NirReader.read(craft("conv", conv2d(g -> g.putDataset("padding", 1L))))
        .graph().nodes().get("conv");
    assertEquals(Padding.of(1, 1), c.padding());
    assertEquals(Dims.of(2, 2), c.stride());
    assertEquals(Dims.of(1, 1), c.dilation());
    assertNull(c.inputShape());
    c = (Conv2d) NirReader.read(craft("conv", conv2d(g -> g.putDataset("padding",
        new long[] {0, 3})))).graph().nodes().get("conv");
    assertEquals(Padding.of(0, 3), c.padding());
    c = (Conv2d) NirReader.read(craft("conv", conv2d(g -> g.putDataset("padding", "valid"))))
        .graph().nodes().get("conv");
    assertEquals(Padding.VALID, c.padding());
  }

  @Test
  void missingDefaultsAreFilledInLikeNirAndReported() throws Exception {
    Path f = craft("cuba", g -> {
      g.putDataset("type", "CubaLIF");
      for (String field : List.of("tau_syn", "tau_mem", "r", "v_leak")) {
        g.putDataset(field, new double[][] {{1, 2, 3}});
      }
      g.putDataset("v_threshold", new double[][] {{1, 1, 1}});
    });
    NirFile nir = NirReader.read(f);
    CubaLIF c = (CubaLIF) nir.graph().nodes().get("cuba");
    assertEquals(Tensor.full(new int[] {1, 3}, 1.0), c.wIn());
    assertEquals(Tensor.full(new int[] {1, 3}, 0.0), c.vReset());
    assertEquals(List.of("node 'cuba': no v_reset; using 0.0 (NIR's default)",
        "node 'cuba': no w_in; using 1.0 (NIR's default)"), nir.warnings());
  }

  @Test
  void flattenWithoutDimsUsesNirsDefaults() throws Exception {
    Path f = craft("flat", g -> g.putDataset("type", "Flatten"));
    NirFile nir = NirReader.read(f);
    Flatten flat = (Flatten) nir.graph().nodes().get("flat");
    assertEquals(1, flat.startDim());
    assertEquals(-1, flat.endDim());
    assertNull(flat.inputType());
    assertEquals(2, nir.warnings().size(), nir.warnings().toString());
  }

  @Test
  void integerAndFloat32ParametersBecomeDoublesKeepingShape() throws Exception {
    Path f = craft("li", g -> {
      g.putDataset("type", "LI");
      g.putDataset("tau", new long[][] {{2, 3, 4}});
      g.putDataset("r", new float[] {0.1f, 0.2f, 0.3f});
      g.putDataset("v_leak", 0.5f);
    });
    LI li = (LI) NirReader.read(f).graph().nodes().get("li");
    assertEquals(Tensor.of(new int[] {1, 3}, 2, 3, 4), li.tau());
    assertEquals(Tensor.vector(0.1f, 0.2f, 0.3f), li.r());
    assertEquals(Tensor.scalar(0.5), li.vLeak());
  }

  @Test
  void aFileWithoutVersionLoadsAndSaysSo() throws Exception {
    Path f = dir.resolve("nover.nir");
    try (WritableHdfFile h = HdfFile.write(f)) {
      WritableGroup root = h.putGroup("node");
      root.putDataset("type", "NIRGraph");
      root.putGroup("nodes").putGroup("s").putDataset("type", "Scale");
      root.putDataset("edges", new String[][] {{"s", "s"}});
    }
    // The Scale above lacks its 'scale' field: prove the file is otherwise read, then fix it.
    assertTrue(fails(f).startsWith("nover.nir: node 's' field 'scale': missing required field"));
    try (WritableHdfFile h = HdfFile.write(f)) {
      WritableGroup root = h.putGroup("node");
      root.putDataset("type", "NIRGraph");
      WritableGroup s = root.putGroup("nodes").putGroup("s");
      s.putDataset("type", "Scale");
      s.putDataset("scale", new double[] {2});
      root.putDataset("edges", new String[][] {{"s", "s"}});
    }
    NirFile nir = NirReader.read(f);
    assertEquals(Optional.empty(), nir.version());
    assertEquals(List.of("no /version dataset; read as a NIR file of unknown version"),
        nir.warnings());
  }

  @Test
  void aLegacyGraphAtTheFileRootIsReadWithAWarning() throws Exception {
    Path f = dir.resolve("legacy.nir");
    try (WritableHdfFile h = HdfFile.write(f)) {
      WritableGroup nodes = h.putGroup("nodes");
      WritableGroup s = nodes.putGroup("s");
      s.putDataset("type", "Scale");
      s.putDataset("scale", new double[] {2, 3});
      h.putDataset("edges", new String[][] {{"s", "s"}});
    }
    NirFile nir = NirReader.read(f);
    assertEquals(Tensor.vector(2, 3), ((Scale) nir.graph().nodes().get("s")).scale());
    assertTrue(nir.warnings().contains(
        "legacy layout: the graph is stored at the file root, not under /node"));
  }

  @Test
  void fixedLengthStringsAreReadLikeVariableLengthOnes() throws Exception {
    // jhdf writes fixed-length strings; the corpus (h5py) uses variable-length ones.
    Path f = craft("lif", lif(new double[] {1, 2, 3}));
    try (HdfFile h = new HdfFile(f)) {
      assertTrue(h.getDatasetByPath("node/nodes/lif/type").getDataType()
          instanceof io.jhdf.object.datatype.StringData);
    }
    NirGraph g = NirReader.read(f).graph();
    assertEquals("LIF", g.nodes().get("lif").type());
    assertEquals(2, g.edges().size());
  }

  @Test
  void typeGroupsOfWholeDataclassWritersAreUnderstood() throws Exception {
    Path f = craft("flat", g -> {
      g.putDataset("type", "Flatten");
      g.putDataset("start_dim", 0L);
      g.putDataset("end_dim", -1L);
      g.putGroup("input_type").putDataset("input", new long[] {1, 3});
      g.putGroup("output_type").putDataset("output", new long[] {3});
    });
    NirFile nir = NirReader.read(f);
    assertEquals(Dims.of(1, 3), ((Flatten) nir.graph().nodes().get("flat")).inputType());
    assertEquals(List.of(), nir.warnings());
  }

  @Test
  void unknownFieldsAreIgnoredWithAWarning() throws Exception {
    Path f = craft("lif", g -> {
      lif(new double[] {1, 2, 3}).accept(g);
      g.putDataset("v_reset", new double[] {0, 0, 0});
      g.putDataset("refractory", new double[] {2, 2, 2});
    });
    NirFile nir = NirReader.read(f);
    assertEquals(List.of("node 'lif': unknown field 'refractory' of LIF ignored"),
        nir.warnings());
    assertArrayEquals(new int[] {3}, ((LIF) nir.graph().nodes().get("lif")).vReset().shape());
  }

  @Test
  void writtenTextsOfErrorsStayOnOneLineEvenForJhdfFailures() throws Exception {
    // A valid superblock followed by garbage makes jhdf itself fail deep inside.
    Path good = dir.resolve("good.nir");
    NirWriter.write(good, SampleGraphs.lif());
    byte[] bytes = Files.readAllBytes(good);
    byte[] junk = "garbage\n".repeat(bytes.length / 8 + 1).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(junk, 0, bytes, 64, bytes.length - 64);
    Path f = dir.resolve("junk.nir");
    Files.write(f, bytes);
    String m = fails(f);
    assertTrue(m.startsWith("junk.nir: "), m);
  }
}
