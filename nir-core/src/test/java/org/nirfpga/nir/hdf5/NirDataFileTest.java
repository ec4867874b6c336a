package org.nirfpga.nir.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.hdf5.NirDataFile.EventData;
import org.nirfpga.nir.hdf5.NirDataFile.GraphData;
import org.nirfpga.nir.hdf5.NirDataFile.NodeData;
import org.nirfpga.nir.hdf5.NirDataFile.NodeObservables;
import org.nirfpga.nir.hdf5.NirDataFile.Observable;
import org.nirfpga.nir.hdf5.NirDataFile.TimeGriddedData;

class NirDataFileTest {
  @TempDir
  Path dir;

  private Path fixture() throws Exception {
    Path f = dir.resolve("h5py_style_data.h5");
    try (InputStream in = getClass().getResourceAsStream("h5py_style_data.h5")) {
      assertNotNull(in, "test resource h5py_style_data.h5 (from src/test/c)");
      Files.copy(in, f);
    }
    return f;
  }

  private static GraphData sample() {
    Map<String, Observable> lif = new LinkedHashMap<>();
    lif.put("spikes", new TimeGriddedData(Tensor.of(new int[] {1, 3, 2}, 0, 1, 1, 0, 0, 1),
        1e-3, true));
    lif.put("v", new TimeGriddedData(SampleGraphs.ramp(2, 4, 3), 5e-4, false));
    Map<String, Observable> out = new LinkedHashMap<>();
    out.put("events", new EventData(Tensor.of(new int[] {1, 3}, 2, 0, -1),
        Tensor.of(new int[] {1, 3}, 0.001, 0.002, Double.POSITIVE_INFINITY), null, 3, 0.004));
    out.put("valued", new EventData(Tensor.of(new int[] {1, 2}, 1, 1),
        Tensor.of(new int[] {1, 2}, 0.001, 0.003), Tensor.of(new int[] {1, 2}, 0.25, -4), 2,
        0.004));
    out.put("none", new EventData(Tensor.of(new int[] {2, 0}), Tensor.of(new int[] {2, 0}), null,
        5, 0.01));
    Map<String, NodeData> sub = new LinkedHashMap<>();
    sub.put("out", new NodeObservables(out));
    Map<String, NodeData> nodes = new LinkedHashMap<>();
    nodes.put("lif", new NodeObservables(lif));
    nodes.put("sub", new GraphData(sub));
    return new GraphData(nodes);
  }

  @Test
  void aWrittenDataFileReadsBackEqual() throws Exception {
    for (boolean gzip : new boolean[] {true, false}) {
      Path f = dir.resolve("data-" + gzip + ".h5");
      NirDataFile.write(f, sample(), gzip);
      assertEquals(sample(), NirDataFile.read(f));
    }
  }

  @Test
  void theRoundTripComparisonSeesADifferentDt() throws Exception {
    Path f = dir.resolve("data.h5");
    NirDataFile.write(f, sample());
    GraphData back = NirDataFile.read(f);
    Map<String, NodeData> nodes = new LinkedHashMap<>(back.nodes());
    NodeObservables lif = (NodeObservables) nodes.get("lif");
    Map<String, Observable> obs = new LinkedHashMap<>(lif.observables());
    TimeGriddedData v = (TimeGriddedData) obs.get("v");
    obs.put("v", new TimeGriddedData(v.data(), v.dtSeconds() * 2, false));
    nodes.put("lif", new NodeObservables(obs));
    assertNotEquals(sample(), new GraphData(nodes));
  }

  @Test
  void readsTheLayoutNirWriteDataProduces() throws Exception {
    GraphData g = NirDataFile.read(fixture());
    assertEquals(List.of("lif", "sub"), List.copyOf(g.nodes().keySet()));
    NodeObservables lif = (NodeObservables) g.nodes().get("lif");
    TimeGriddedData spikes = (TimeGriddedData) lif.observables().get("spikes");
    assertTrue(spikes.binary());
    assertEquals(Tensor.of(new int[] {2, 3, 2}, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1),
        spikes.data());
    assertEquals(1e-3, spikes.dtSeconds());
    TimeGriddedData v = (TimeGriddedData) lif.observables().get("v");
    assertTrue(!v.binary());
    assertEquals(1.1, v.data().at(1, 2, 1));
    NodeObservables out = (NodeObservables) ((GraphData) g.nodes().get("sub")).nodes().get("out");
    EventData events = (EventData) out.observables().get("events");
    assertNull(events.value());
    assertEquals(Tensor.of(new int[] {2, 2}, 0, 2, 1, -1), events.idx());
    assertEquals(Double.POSITIVE_INFINITY, events.time().at(1, 1));
    assertEquals(3, events.nNeurons());
    assertEquals(0.003, events.tMaxSeconds());
    EventData valued = (EventData) out.observables().get("valued");
    assertEquals(Tensor.of(new int[] {2, 2}, 0.5, 1.5, -2, 0), valued.value());
    // And it survives our writer.
    Path again = dir.resolve("again.h5");
    NirDataFile.write(again, g);
    assertEquals(g, NirDataFile.read(again));
  }

  @Test
  void aGraphModelIsNotADataFile() throws Exception {
    Path f = dir.resolve("model.nir");
    NirWriter.write(f, SampleGraphs.lif());
    NirFormatException e = assertThrows(NirFormatException.class, () -> NirDataFile.read(f));
    assertEquals("model.nir: the root has no __type__ 'NIRGraphData'; not a NIRData file (a graph "
        + "model is read with NirReader)", e.getMessage());
  }

  @Test
  void anUnknownObservableTypeIsNamedWithItsPath() throws Exception {
    Path f = dir.resolve("odd.h5");
    try (WritableHdfFile h = HdfFile.write(f)) {
      h.putAttribute("__type__", "NIRGraphData");
      var node = h.putGroup("nodes").putGroup("lif");
      node.putAttribute("__type__", "NIRNodeData");
      node.putGroup("observables").putGroup("weird").putAttribute("__type__", "Histogram");
    }
    NirFormatException e = assertThrows(NirFormatException.class, () -> NirDataFile.read(f));
    assertEquals("odd.h5: at /nodes/lif/observables/weird: unknown observable __type__ "
        + "'Histogram'; expected TimeGriddedData, EventData or ValuedEventData", e.getMessage());
  }

  @Test
  void timeGriddedDataMustBeThreeDimensional() throws Exception {
    Path f = dir.resolve("flat.h5");
    try (WritableHdfFile h = HdfFile.write(f)) {
      h.putAttribute("__type__", "NIRGraphData");
      var node = h.putGroup("nodes").putGroup("lif");
      node.putAttribute("__type__", "NIRNodeData");
      var v = node.putGroup("observables").putGroup("v");
      v.putAttribute("__type__", "TimeGriddedData");
      v.putAttribute("dt", 0.001);
      v.putDataset("data", new double[] {1, 2, 3});
    }
    NirFormatException e = assertThrows(NirFormatException.class, () -> NirDataFile.read(f));
    assertEquals("flat.h5: at /nodes/lif/observables/v: data must have shape (samples, time "
        + "steps, neurons), not [3]", e.getMessage());
  }

  @Test
  void aTruncatedDataFileNamesTheFile() throws Exception {
    Path f = dir.resolve("cut.h5");
    NirDataFile.write(f, sample());
    byte[] b = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
    NirFormatException e = assertThrows(NirFormatException.class, () -> NirDataFile.read(f));
    assertTrue(e.getMessage().startsWith("cut.h5: "), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }
}
