package org.nirfpga.nir.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.nir.data.InputSeries;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.data.NpyArray;
import org.nirfpga.nir.data.NpyDtype;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.hdf5.NirDataFile;

class SimulationTest {
  @TempDir
  Path dir;

  static InputSeries lifInput(boolean batched) throws Exception {
    double[] x = new double[1000];
    for (int k = 0; k < x.length; k += 5) {
      x[k] = 1;
    }
    NpyArray a = batched ? new NpyArray(Dims.of(500, 2, 1), NpyDtype.FLOAT32, x)
        : new NpyArray(Dims.of(1000), NpyDtype.FLOAT32, x);
    return InputSeries.of("x.npy", a, Dims.of(1));
  }

  @Test
  void writesOutputsStatesAndAReportPerRecordedNode() throws Exception {
    Simulation s = Simulation.run(TestGraphs.lifNorse(), Contract.norse(), lifInput(false),
        List.of("1", "0"), ProgressListener.NONE);
    List<Path> files = s.writeTo(dir, "lif_norse.nir");
    assertEquals(List.of("1.npy", "1.v.npy", "0.npy", "report.json"),
        files.stream().map(f -> f.getFileName().toString()).toList());
    NpyArray spikes = Npy.read(dir.resolve("1.npy"));
    assertEquals(Dims.of(1000, 1), spikes.shape());
    assertEquals(NpyDtype.FLOAT32, spikes.dtype());
    assertEquals(NpyDtype.FLOAT64, Npy.read(dir.resolve("1.v.npy")).dtype());
    String report = Files.readString(dir.resolve("report.json"));
    assertTrue(report.contains("\"contract\": {\"preset\": \"norse\""), report);
    assertTrue(report.contains("\"steps\": 1000"), report);
    assertTrue(report.contains("\"1\": {\"type\": \"LIF\", \"shape\": [1], \"spiking\": true, "
        + "\"spikes\": " + s.spikeCounts().get("1")), report);
    assertTrue(s.spikeCounts().get("1") > 0);
  }

  @Test
  void aBatchedInputKeepsItsBatchAxisAndEachSampleStartsFresh() throws Exception {
    Simulation s = Simulation.run(TestGraphs.lifNorse(), Contract.norse(), lifInput(true),
        List.of(), ProgressListener.NONE);
    assertEquals(List.of("output"), s.recorded());
    s.writeTo(dir, "m");
    assertEquals(Dims.of(500, 2, 1), Npy.read(dir.resolve("output.npy")).shape());
  }

  @Test
  void progressReachesTheTotalOverAllSamples() throws Exception {
    long[] last = {0, 0};
    Simulation.run(TestGraphs.lifNorse(), Contract.norse(), lifInput(true), List.of(),
        (done, total) -> {
          last[0] = done;
          last[1] = total;
        });
    assertEquals(1000, last[0]);
    assertEquals(1000, last[1]);
  }

  @Test
  void nirDataHoldsSpikesAndStatesPerRecordedNode() throws Exception {
    Simulation s = Simulation.run(TestGraphs.lifNorse(), Contract.norse(), lifInput(true),
        List.of("1", "0"), ProgressListener.NONE);
    Path f = dir.resolve("run.h5");
    s.writeNirData(f);
    NirDataFile.GraphData g = NirDataFile.read(f);
    NirDataFile.NodeObservables lif = (NirDataFile.NodeObservables) g.nodes().get("1");
    NirDataFile.TimeGriddedData spikes =
        (NirDataFile.TimeGriddedData) lif.observables().get("spikes");
    assertArrayEquals(new int[] {2, 500, 1}, spikes.data().shape());
    assertTrue(spikes.binary());
    assertEquals(1e-4, spikes.dtSeconds());
    double total = 0;
    for (double x : spikes.data().toArray()) {
      total += x;
    }
    assertEquals(s.spikeCounts().get("1"), (long) total);
    assertTrue(lif.observables().containsKey("v"));
    NirDataFile.NodeObservables affine = (NirDataFile.NodeObservables) g.nodes().get("0");
    assertEquals(Set.of("output"), affine.observables().keySet());
  }

  @Test
  void runsTheOracleCnnSampleStraightFromItsNpyFile() throws Exception {
    Simulation s = Simulation.run(CnnConformanceTest.graph(), Contract.norse(),
        org.nirfpga.nir.SharedCorpus.oracle().resolve("cnn_input_sample.npy"), List.of("12"),
        ProgressListener.NONE);
    assertEquals(10, s.steps());
    assertEquals(1, s.samples().size());
    // Norse's final IF layer spikes 3 times on this sample (oracle README).
    assertEquals(3L, s.spikeCounts().get("12"));
  }

  @Test
  void fileNamesKeepDotsAndReplaceSeparators() {
    assertEquals("lif1.lif", Simulation.fileStem("lif1.lif"));
    assertEquals("a_b_c", Simulation.fileStem("a/b c"));
  }
}
