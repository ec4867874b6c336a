package org.nirfpga.host.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.gen.link.LinkTop;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.ref.Contract;

/** The RTL folder of a link top: what is written and how a damaged description is reported. */
class LinkRtlTest {
  @TempDir
  Path dir;

  private LinkRtl writeMlp() throws Exception {
    Example e = Examples.named("mlp").orElseThrow();
    Contract c = Contract.nir();
    GeneratedPipeline p = PipelineGenerator.generate(e.graph(),
        Quantizer.quantize(e.graph(), QuantOptions.defaults(c)), c, "mlp.nir", "mlp_top");
    return LinkRtl.write(p, LinkTop.build(p, 12_000_000, 3_000_000), "mlp.nir", dir);
  }

  @Test
  void writtenFolderHoldsTheLinkTopTheAcceleratorAndItsTimingAndReadsBack() throws Exception {
    LinkRtl w = writeMlp();
    assertEquals(new LinkRtl(dir, "mlp_top_link", 12_000_000, 3_000_000, 4), w);
    assertTrue(Files.isRegularFile(dir.resolve("mlp_top_link.v")));
    assertTrue(Files.isRegularFile(dir.resolve("mlp_top.v")));
    assertTrue(Files.isRegularFile(w.manifest()));
    assertEquals(w, LinkRtl.read(dir));
  }

  @Test
  void damagedDescriptionsAreRefusedNamingTheFileAndField() throws Exception {
    writeMlp();
    Path props = dir.resolve(LinkRtl.PROPERTIES);
    String good = Files.readString(props);
    Files.writeString(props, good.replace("cycles_per_bit=4", "cycles_per_bit=four"));
    assertEquals(props + ": field 'cycles_per_bit' must be a positive integer, not 'four'",
        assertThrows(NirfpgaException.class, () -> LinkRtl.read(dir)).getMessage());
    Files.writeString(props, good.replace("cycles_per_bit=4", "cycles_per_bit=1"));
    assertEquals(props + ": field 'cycles_per_bit' is 1; a UART needs at least 2 cycles per bit",
        assertThrows(NirfpgaException.class, () -> LinkRtl.read(dir)).getMessage());
    Files.writeString(props, good.replace("top=mlp_top_link", "top=other_link"));
    assertEquals(props + ": field 'top' names other_link but other_link.v is not in " + dir,
        assertThrows(NirfpgaException.class, () -> LinkRtl.read(dir)).getMessage());
    Files.writeString(props, good.replace("baud=3000000\n", ""));
    assertEquals(props + ": field 'baud' must be a positive integer, not ''",
        assertThrows(NirfpgaException.class, () -> LinkRtl.read(dir)).getMessage());
  }
}
