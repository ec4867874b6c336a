package org.nirfpga.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.ref.Contract;

/** The same graph and config give byte-identical files, and the manifest describes them. */
class DeterminismTest {
  @TempDir
  Path dir;

  private static GeneratedPipeline mlp() throws Exception {
    Example e = Examples.named("mlp").orElseThrow();
    QuantConfig q = Graphs.quantize(e.graph(), Contract.nir());
    return PipelineGenerator.generate(e.graph(), q, Contract.nir(), "mlp.nir", "mlp_top");
  }

  @Test
  void generatingTwiceGivesByteIdenticalFiles() throws Exception {
    Map<String, String> a = mlp().files();
    Map<String, String> b = mlp().files();
    assertEquals(a, b);
    mlp().writeTo(dir.resolve("a"));
    mlp().writeTo(dir.resolve("b"));
    for (String f : a.keySet()) {
      assertTrue(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("a").resolve(f)),
          Files.readAllBytes(dir.resolve("b").resolve(f))), f);
    }
  }

  @Test
  void manifestNamesTopPortsAndEveryLayersAddressMap() throws Exception {
    GeneratedPipeline p = mlp();
    JsonNode m = new ObjectMapper().readTree(p.manifestJson());
    assertEquals("mlp_top", m.get("top").asText());
    assertEquals("in_valid_i", m.get("ports").get("in_valid_i").asText());
    assertEquals(2, m.get("layers").size());
    assertEquals("lif1", m.get("layers").get(0).get("node").asText());
    assertEquals(24, m.get("layers").get(0).get("neurons").asInt());
    assertEquals(5, m.get("layers").get(0).get("address_bits").asInt());
    assertEquals("lif2", m.get("layers").get(1).get("node").asText());
    assertEquals(4, m.get("events").get("input").get("address_bits").asInt());
    assertEquals("nirfpga-quant", m.get("quantization").get("format").asText());
    assertTrue(p.files().containsKey("mlp_top.v") && p.files().containsKey("layer_lif1.v"),
        p.files().keySet().toString());
  }
}
