package org.nirfpga.nir.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HDF5 library's own {@code h5dump} must read what we write (h5py sits on that library). */
class NirWriterH5dumpTest {
  @TempDir
  Path dir;

  private static Path h5dump() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String d : path.split(File.pathSeparator)) {
      Path p = Path.of(d, "h5dump");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    System.out.println("SKIPPED: h5dump is not on PATH (install hdf5-tools)");
    assumeTrue(false, "h5dump is not on PATH (install hdf5-tools)");
    return null;
  }

  private static String run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(h5dump().toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "h5dump finished");
    assertEquals(0, p.exitValue(), "h5dump exit code; output:\n" + out);
    return out;
  }

  @Test
  void h5dumpShowsTheNirLayoutOfAWrittenFile() throws Exception {
    Path f = dir.resolve("lif.nir");
    NirWriter.write(f, SampleGraphs.lif());
    String header = run("-H", f.toString());
    assertTrue(header.contains("DATASET \"version\""), header);
    assertTrue(header.contains("GROUP \"node\""), header);
    assertTrue(header.contains("GROUP \"nodes\""), header);
    assertTrue(header.contains("GROUP \"lif\""), header);
    for (String field : List.of("tau", "r", "v_leak", "v_threshold", "v_reset")) {
      assertTrue(header.contains("DATASET \"" + field + "\""), field + " in\n" + header);
    }
    assertTrue(header.contains("SIMPLE { ( 2, 2 ) / ( 2, 2 ) }"), "edges are (2, 2):\n" + header);
    // The containment checks can fail: names and shapes that are not in the file are absent.
    assertFalse(header.contains("GROUP \"lif2\""), header);
    assertFalse(header.contains("SIMPLE { ( 3, 2 )"), header);
    String edges = run("-d", "/node/edges", f.toString());
    assertTrue(edges.contains("(0,0): \"input\", \"lif\""), edges);
    assertTrue(edges.contains("(1,0): \"lif\", \"output\""), edges);
    String type = run("-d", "/node/nodes/lif/type", f.toString());
    assertTrue(type.contains("\"LIF\""), type);
    String tau = run("-d", "/node/nodes/lif/tau", f.toString());
    assertTrue(tau.contains("H5T_IEEE_F64LE") && tau.contains("0.01, 0.02, 0.03"), tau);
  }

  @Test
  void h5dumpReadsRewrittenCorpusFilesOfEveryGenerationWithTheirNodes() throws Exception {
    Path out = dir.resolve("copy.nir");
    // One file per layout generation keeps this quick; h5dump starts in about 0.25 s.
    for (String rel : List.of("generated_with_nir_HEAD_7232ada/gen_all_primitives.nir",
        "generated_with_nir_HEAD_7232ada/gen_misc_subgraph.nir",
        "neuromorphs_NIR/paper/02_cnn/cnn_sinabs.nir",
        "neuromorphs_NIR/paper/03_rnn/extras/braille_noDelay_bias_zero_subgraph.nir",
        "neuromorphs_NIR/_history/2023-08-25_7ddac067ce9e3229154841380bb504a45ba4a546/paper/"
            + "lif_norse.nir")) {
      Path f = org.nirfpga.nir.SharedCorpus.nirData().resolve(rel);
      org.nirfpga.nir.graph.NirGraph g = NirReader.read(f).graph();
      NirWriter.write(out, g);
      String header = run("-H", out.toString());
      for (String name : g.nodes().keySet()) {
        assertTrue(header.contains("GROUP \"" + name + "\""), f + ": node " + name);
      }
      assertTrue(header.contains("SIMPLE { ( " + g.edges().size() + ", 2 )"), f + ": edges");
    }
  }

  @Test
  void h5dumpReadsEveryNodeTypeCompressedDataAndTheEmptyEdgeList() throws Exception {
    Path f = dir.resolve("all.nir");
    NirWriter.write(f, SampleGraphs.everything(), true);
    String all = run("-p", f.toString());
    assertTrue(all.contains("COMPRESSION DEFLATE { LEVEL 4 }"), "gzip shown");
    for (String type : List.of("Affine", "AvgPool2d", "Conv1d", "Conv2d", "CubaLI", "CubaLIF",
        "Delay", "Flatten", "I", "IF", "Input", "LI", "LIF", "Linear", "NIRGraph", "Output",
        "Scale", "SumPool2d", "Threshold")) {
      assertTrue(all.contains("\"" + type + "\""), type);
    }
    String empty = run("-d", "/node/nodes/sub/nodes/lonely/edges", f.toString());
    assertTrue(empty.contains("H5T_IEEE_F64LE") && empty.contains("SIMPLE { ( 0 ) / ( 0 ) }"),
        empty);
    String padding = run("-d", "/node/nodes/conv_same/padding", f.toString());
    assertTrue(padding.contains("\"same\""), padding);
  }
}
