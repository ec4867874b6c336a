package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.nir.SharedCorpus;

class InspectCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void jsonListsNodesWithShapesParamsAndEdges() throws Exception {
    Path f = SharedCorpus.nirData().resolve("neuromorphs_NIR/paper/02_cnn/cnn_sinabs.nir");
    CliRunner.Outcome o = CliRunner.run("inspect", "--json", f.toString());
    assertEquals(0, o.exitCode(), o.err());
    JsonNode root = JSON.readTree(o.out());
    assertEquals(f.toString(), root.get("file").asText());
    JsonNode conv = null;
    for (JsonNode n : root.get("nodes")) {
      if (n.get("name").asText().equals("0")) {
        conv = n;
      }
    }
    assertEquals("Conv2d", conv.get("type").asText());
    assertEquals("[2,34,34]", conv.get("inputShape").toString());
    assertEquals("[16,16,16]", conv.get("outputShape").toString());
    assertEquals("[16,2,5,5]", conv.get("params").get("weight").get("shape").toString());
    assertEquals("[2,2]", conv.get("params").get("stride").toString());
    assertTrue(root.get("edges").size() > 10);
    for (JsonNode e : root.get("edges")) {
      assertEquals(2, e.size());
    }
  }

  @Test
  void tableShowsUniformParametersOnce() {
    Path f = SharedCorpus.nirData().resolve("neuromorphs_NIR/paper/01_lif/lif_norse.nir");
    CliRunner.Outcome o = CliRunner.run("inspect", f.toString());
    assertEquals(0, o.exitCode(), o.err());
    assertTrue(o.out().contains("v_threshold(1,)=0.1000"), o.out());
    assertTrue(o.out().contains("edges (3):") || o.out().contains("edges ("), o.out());
  }

  @Test
  void danglingEdgeFailsWithOneLineNamingTheEdge() {
    Path f = SharedCorpus.nirData().resolve(
        "neuromorphs_NIR/paper/03_rnn/extras/braille_noDelay_noBias_subtract_subgraph.nir");
    CliRunner.Outcome o = CliRunner.run("inspect", "--json", f.toString());
    assertEquals(Main.EXIT_USER_ERROR, o.exitCode());
    assertEquals("", o.out());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertTrue(o.err().contains("edge (input -> lif) names no node 'lif'"), o.err());
  }

  @Test
  void strictModeRejectsATypeMismatchThatLenientModeWarnsAbout() {
    Path f = SharedCorpus.nirData().resolve("neuromorphs_NIR/paper/01_lif/lif_rockpool.nir");
    CliRunner.Outcome lenient = CliRunner.run("inspect", "--json", f.toString());
    assertEquals(0, lenient.exitCode(), lenient.err());
    assertTrue(lenient.out().contains("type mismatch"), lenient.out());
    CliRunner.Outcome strict = CliRunner.run("inspect", "--strict", f.toString());
    assertEquals(Main.EXIT_USER_ERROR, strict.exitCode());
    assertTrue(strict.err().contains("type mismatch: 1_LIFNeuronTorch.output (1,) -> output.input"),
        strict.err());
  }

  @Test
  void notAnHdf5FileIsAOneLineError(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("junk.nir");
    Files.writeString(f, "this is not HDF5");
    CliRunner.Outcome o = CliRunner.run("inspect", f.toString());
    assertEquals(Main.EXIT_USER_ERROR, o.exitCode());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertTrue(o.err().startsWith("nirfpga: "), o.err());
    assertTrue(o.err().contains("junk.nir"), o.err());
  }

  @Test
  void missingFileIsAOneLineError(@TempDir Path dir) {
    CliRunner.Outcome o = CliRunner.run("inspect", dir.resolve("absent.nir").toString());
    assertEquals(Main.EXIT_USER_ERROR, o.exitCode());
    assertTrue(o.err().contains("absent.nir"), o.err());
    assertEquals(1, o.err().strip().lines().count(), o.err());
  }

  @Test
  void debugPrintsTheStackTrace(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("junk.nir");
    Files.writeString(f, "junk");
    CliRunner.Outcome o = CliRunner.run("inspect", "--debug", f.toString());
    assertEquals(Main.EXIT_USER_ERROR, o.exitCode());
    assertTrue(o.err().contains("\tat "), o.err());
  }
}
