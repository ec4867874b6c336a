package org.nirfpga.nir.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.nir.SharedCorpus;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.Metadata;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Tensor;

class NirWriterTest {
  @TempDir
  Path dir;

  @Test
  void everyCorpusFileSurvivesReadWriteRead() throws Exception {
    Path out = dir.resolve("copy.nir");
    for (Path f : SharedCorpus.allNirFiles()) {
      NirGraph first = NirReader.read(f).graph();
      NirWriter.write(out, first);
      NirFile again = NirReader.read(out);
      assertEquals(first, again.graph(), f.toString());
      assertEquals(NirWriter.FORMAT_VERSION, again.version().orElseThrow());
    }
  }

  @Test
  void uncompressedAndCompressedFilesReadBackTheSame() throws Exception {
    NirGraph g = NirReader.read(SharedCorpus.nirData()
        .resolve("neuromorphs_NIR/paper/02_cnn/cnn_sinabs.nir")).graph();
    Path plain = dir.resolve("plain.nir");
    Path gz = dir.resolve("gz.nir");
    NirWriter.write(plain, g, false);
    NirWriter.write(gz, g, true);
    assertEquals(g, NirReader.read(plain).graph());
    assertEquals(g, NirReader.read(gz).graph());
    assertTrue(Files.size(gz) < Files.size(plain),
        "gzip " + Files.size(gz) + " < plain " + Files.size(plain));
    try (HdfFile h = new HdfFile(gz)) {
      assertFalse(h.getDatasetByPath("node/nodes/0/weight").getFilters().isEmpty());
    }
  }

  @Test
  void everyNodeTypeAndMetadataKindSurvivesTheRoundTrip() throws Exception {
    NirGraph g = SampleGraphs.everything();
    for (boolean gzip : new boolean[] {true, false}) {
      Path f = dir.resolve("all-" + gzip + ".nir");
      NirWriter.write(f, g, gzip);
      NirFile back = NirReader.read(f);
      assertEquals(g, back.graph());
      // Only the two convolutions written without input_shape are worth a warning.
      assertEquals(2, back.warnings().size(), back.warnings().toString());
      assertTrue(back.warnings().stream().allMatch(w -> w.contains("input_shape")));
      Metadata nested = (Metadata) back.graph().metadata().get("nested");
      assertEquals(Boolean.TRUE, nested.get("flag"));
      assertEquals(Boolean.FALSE, nested.get("off"));
      assertEquals(List.of("a", "b c"), nested.get("names"));
      assertEquals(42L, back.graph().metadata().get("seed"));
    }
  }

  @Test
  void aNanParameterIsRefusedByNameAndTheOldFileStays() throws Exception {
    Path f = dir.resolve("lif.nir");
    NirWriter.write(f, SampleGraphs.lif());
    byte[] before = Files.readAllBytes(f);
    Map<String, NirNode> nodes = new LinkedHashMap<>(SampleGraphs.lif().nodes());
    nodes.put("lif", new org.nirfpga.nir.graph.LIF(Tensor.vector(0.01, 0.02, 0.03),
        Tensor.vector(1, 1, 1), Tensor.vector(0, 0, 0), Tensor.vector(1, Double.NaN, 1),
        Tensor.vector(0, 0, 0), null));
    NirGraph bad = new NirGraph(nodes, SampleGraphs.lif().edges());
    NirFormatException e = assertThrows(NirFormatException.class, () -> NirWriter.write(f, bad));
    assertEquals("lif.nir: node 'lif' field 'v_threshold': NaN at flat index 1; parameters"
        + " must be numbers (inf is allowed)", e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(1, left.count(), "no temporary file is left behind");
    }
  }

  @Test
  void roundTripComparisonNoticesAChangedWeight() throws Exception {
    // The equality the round-trip tests rely on must see a one-element difference.
    NirGraph g = SampleGraphs.everything();
    Path f = dir.resolve("a.nir");
    NirWriter.write(f, g);
    Map<String, NirNode> nodes = new LinkedHashMap<>(NirReader.read(f).graph().nodes());
    double[] w = SampleGraphs.ramp(10, 10).toArray();
    w[57] += 1e-12;
    nodes.put("lin", new org.nirfpga.nir.graph.Linear(Tensor.of(new int[] {10, 10}, w), null));
    assertNotEquals(g, new NirGraph(nodes, g.edges(), g.metadata()));
  }

  @Test
  void writesTheCurrentLayoutWithStringEdgesAndOneDatasetPerField() throws Exception {
    Path f = dir.resolve("lif.nir");
    NirWriter.write(f, SampleGraphs.lif());
    try (HdfFile h = new HdfFile(f)) {
      assertEquals(NirWriter.FORMAT_VERSION, h.getDatasetByPath("version").getData());
      assertEquals("NIRGraph", h.getDatasetByPath("node/type").getData());
      Dataset edges = h.getDatasetByPath("node/edges");
      assertArrayEquals(new int[] {2, 2}, edges.getDimensions());
      assertArrayEquals(new String[][] {{"input", "lif"}, {"lif", "output"}},
          (String[][]) edges.getData());
      assertEquals("LIF", h.getDatasetByPath("node/nodes/lif/type").getData());
      assertEquals(java.util.Set.of("type", "tau", "r", "v_leak", "v_threshold", "v_reset"),
          ((io.jhdf.api.Group) h.getByPath("node/nodes/lif")).getChildren().keySet());
      assertArrayEquals(new long[] {3},
          (long[]) h.getDatasetByPath("node/nodes/input/shape").getData());
    }
  }

  @Test
  void anEmptyEdgeListIsWrittenAsAZeroLengthFloatArrayLikeNumpy() throws Exception {
    Path f = dir.resolve("lonely.nir");
    NirWriter.write(f, new NirGraph(Map.of("only", new org.nirfpga.nir.graph.Scale(
        Tensor.scalar(2), null)), List.of()));
    try (HdfFile h = new HdfFile(f)) {
      Dataset edges = h.getDatasetByPath("node/edges");
      assertArrayEquals(new int[] {0}, edges.getDimensions());
      assertEquals(double.class, edges.getJavaType());
    }
    assertEquals(List.<Edge>of(), NirReader.read(f).graph().edges());
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
    Path f = dir.resolve("model.nir");
    NirWriter.write(f, SampleGraphs.lif());
    byte[] before = Files.readAllBytes(f);
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("mixed", List.of("a", 1L));
    NirGraph broken = new NirGraph(SampleGraphs.lif().nodes(), SampleGraphs.lif().edges(),
        new Metadata(bad));
    NirFormatException e = assertThrows(NirFormatException.class,
        () -> NirWriter.write(f, broken));
    assertTrue(e.getMessage().startsWith("model.nir: root graph metadata 'mixed'"),
        e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(f), s.toList());
    }
  }

  @Test
  void aNewFileIsReadableByOthersAndAReplacedFileKeepsItsPermissions() throws Exception {
    Path f = dir.resolve("perm.nir");
    NirWriter.write(f, SampleGraphs.lif());
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.getFileStore(f).supportsFileAttributeView("posix"), "POSIX permissions");
    assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(f)));
    Files.setPosixFilePermissions(f,
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
    NirWriter.write(f, SampleGraphs.lif());
    assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(f)));
  }

  @Test
  void writingIntoAMissingFolderNamesTheFile() {
    Path f = dir.resolve("no/such/folder/model.nir");
    NirFormatException e = assertThrows(NirFormatException.class,
        () -> NirWriter.write(f, SampleGraphs.lif()));
    assertTrue(e.getMessage().startsWith("model.nir: cannot create a file in"), e.getMessage());
    assertFalse(Files.exists(f));
  }

  @Test
  void aNodeNameWithASlashIsRefused() {
    Map<String, NirNode> nodes = new LinkedHashMap<>(SampleGraphs.lif().nodes());
    nodes.put("a/b", new org.nirfpga.nir.graph.Scale(Tensor.scalar(1), null));
    NirFormatException e = assertThrows(NirFormatException.class,
        () -> NirWriter.write(dir.resolve("s.nir"), new NirGraph(nodes, List.of())));
    assertEquals("s.nir: node 'a/b': name cannot be empty or hold '/' in HDF5; rename the node",
        e.getMessage());
  }
}
