package org.nirfpga.nir.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.Scale;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.graph.Threshold;

/**
 * Reads what h5py writes but jhdf cannot: enum booleans, a (0,) float64 edge list made by the HDF5
 * library itself and numpy's fixed-length null-padded strings. The fixture comes from
 * {@code src/test/c/h5py_style_fixture.c}.
 */
class NirReaderH5pyStyleTest {
  @TempDir
  Path dir;

  private Path fixture() throws Exception {
    Path f = dir.resolve("h5py_style.nir");
    try (InputStream in = getClass().getResourceAsStream("h5py_style.nir")) {
      assertNotNull(in, "test resource h5py_style.nir");
      Files.copy(in, f);
    }
    return f;
  }

  @Test
  void enumBooleansBecomeOnesAndZerosInParametersAndBooleansInMetadata() throws Exception {
    NirFile nir = NirReader.read(fixture());
    Threshold thr = (Threshold) nir.graph().nodes().get("thr");
    assertEquals(Tensor.vector(1, 0, 1), thr.threshold());
    assertEquals(Boolean.TRUE, thr.metadata().get("spiking"));
    assertEquals("0.5.0", nir.version().orElseThrow());
  }

  @Test
  void aZeroLengthFloatEdgeListIsAnEmptyGraph() throws Exception {
    NirGraph sub = (NirGraph) NirReader.read(fixture()).graph().nodes().get("sub");
    assertEquals(List.of(), sub.edges());
    assertEquals(Tensor.scalar(2), ((Scale) sub.nodes().get("only")).scale());
  }

  @Test
  void aNullPaddedFixedLengthTypeIsRead() throws Exception {
    NirFile nir = NirReader.read(fixture());
    assertEquals("Output", nir.graph().nodes().get("output").type());
    assertEquals(List.of(new Edge("input", "thr"), new Edge("thr", "output")),
        nir.graph().edges());
    assertTrue(nir.warnings().isEmpty(), nir.warnings().toString());
  }

  @Test
  void theFixtureSurvivesOurWriterWithItsBooleans() throws Exception {
    NirGraph g = NirReader.read(fixture()).graph();
    Path out = dir.resolve("again.nir");
    NirWriter.write(out, g);
    NirGraph back = NirReader.read(out).graph();
    assertEquals(g, back);
    assertEquals(Boolean.TRUE, back.nodes().get("thr").metadata().get("spiking"));
  }
}
