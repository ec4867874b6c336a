package org.nirfpga.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.nir.NirfpgaException;

class MultiStreamTest {
  @TempDir
  Path tmp;

  @Test
  void manifestListsEveryStreamWithItsPortNodeAndLayer() throws Exception {
    Rtl.Design d = Rtl.generate("fan", Rtl.fan(), "nir");
    Manifest m = Manifest.read(d.dir());
    assertEquals(List.of("in_0", "in_1"), m.inputs().stream().map(Manifest.EventStream::port)
        .toList());
    assertEquals(List.of("in1", "in2"), m.inputs().stream().map(s -> s.events().node())
        .toList());
    assertEquals(List.of(4, 3), m.inputs().stream().map(s -> s.events().size()).toList());
    assertEquals(List.of("out_0", "out_1"), m.outputs().stream()
        .map(Manifest.EventStream::port).toList());
    assertEquals(List.of("oc", "oa"), m.outputs().stream().map(s -> s.events().node())
        .toList());
    assertEquals(List.of("c", "a"), m.outputs().stream().map(Manifest.EventStream::source)
        .toList());
    assertNull(Testbench.refusal(m));
  }

  @Test
  void aSingleStreamManifestGivesInAndOutFedByTheOutputLayer() throws Exception {
    Rtl.Design d = Rtl.generate("mlp", org.nirfpga.nir.examples.Examples.named("mlp")
        .orElseThrow().graph(), "norse");
    Manifest m = Manifest.read(d.dir());
    assertEquals(List.of("in"), m.inputs().stream().map(Manifest.EventStream::port).toList());
    assertEquals("out", m.outputs().get(0).port());
    assertEquals("lif2", m.outputs().get(0).source());
    assertEquals("output", m.outputs().get(0).events().node());
  }

  @Test
  void anInputListedTwiceIsRefusedBeforeBuildingNamingTheField() throws Exception {
    Rtl.Design d = Rtl.generate("mlp", org.nirfpga.nir.examples.Examples.named("mlp")
        .orElseThrow().graph(), "norse");
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = (ObjectNode) json.readTree(Files.readString(d.dir().resolve("manifest.json")));
    ArrayNode inputs = (ArrayNode) m.path("events").path("inputs");
    inputs.add(inputs.get(0).deepCopy());
    Path dir = Files.createDirectories(tmp.resolve("two"));
    Files.writeString(dir.resolve("manifest.json"), m.toString());
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> Testbench.open(dir, BuildOptions.defaults(), s -> { }));
    assertEquals(dir.resolve("manifest.json") + ": field 'events.inputs' lists input node"
        + " 'input' (port in) twice; regenerate the RTL folder with 'nirfpga compile'",
        e.getMessage());
  }
}
