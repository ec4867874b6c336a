package org.nirfpga.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.gen.WeightImage;
import org.nirfpga.gen.link.LinkSpec;
import org.nirfpga.gen.link.LinkTop;
import org.nirfpga.host.device.CycleDevice;
import org.nirfpga.host.transport.LineFaults;
import org.nirfpga.host.transport.SimulatedTransport;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.ref.Contract;

/**
 * The driver and a device that keeps its weights in SPRAM: the driver writes the image from the
 * manifest's folder after power-on, once, and refuses to go on without it.
 */
class AcceleratorSpramTest {
  private static final int STEPS = 8;
  private static GeneratedPipeline pipeline;
  private static LinkTop top;

  @BeforeAll
  static void generate() throws Exception {
    Contract c = Contract.nir();
    QuantConfig q = Quantizer.quantize(Mlp.EXAMPLE.graph(), QuantOptions.defaults(c));
    pipeline = PipelineGenerator.generate(Mlp.EXAMPLE.graph(), q, c, "mlp.nir", "mlp_top",
        Map.of(), Set.of(), Set.of("lif1", "lif2"));
    top = LinkTop.build(pipeline, Mlp.CLOCK, Mlp.BAUD);
  }

  @Test
  void theDriverWritesTheImageOnceAndRunsBitExactly(@TempDir Path dir) throws Exception {
    pipeline.writeTo(dir);
    Accelerator.Options options = Accelerator.Options.defaults()
        .withManifest(dir.resolve("manifest.json"));
    CycleDevice device = new CycleDevice(top);
    long sent;
    try (Accelerator acc = Accelerator.open(new SimulatedTransport(device, LineFaults.NONE),
        options)) {
      assertEquals(LinkSpec.FLAG_WEIGHTS, acc.device().flags() & LinkSpec.FLAG_WEIGHTS);
      assertEquals(0, acc.status(0).errorFlags(), "the image is in after open");
      sent = acc.totals()[0];
      assertTrue(sent > 4L * pipeline.weights().size(), sent + " bytes sent for "
          + pipeline.weights().size() + " words");
      Result r = acc.run(Mlp.input(STEPS));
      assertEquals(-1, Mlp.firstMismatch(r.outputs()));
      acc.reset();
      assertEquals(-1, Mlp.firstMismatch(acc.run(Mlp.input(STEPS)).outputs()),
          "after RESET, with the weights kept");
    }
    // A second connection to the same device finds the weights in and sends none.
    try (Accelerator acc = Accelerator.open(new SimulatedTransport(device, LineFaults.NONE),
        options)) {
      assertTrue(acc.totals()[0] < 100, acc.totals()[0] + " bytes sent on reconnecting");
    }
  }

  @Test
  void withoutTheImageTheDriverSaysWhatItNeeds() throws Exception {
    NirfpgaException e = assertThrows(NirfpgaException.class, () -> Accelerator.open(
        new SimulatedTransport(top, Mlp.CLOCK), Accelerator.Options.defaults()
            .withManifest(pipeline.manifestJson(), "manifest.json")));
    assertEquals("mem:mlp_top_link: the device keeps its weights in SPRAM and waits for their"
        + " image; give its manifest.json (with " + WeightImage.FILE + " beside it) so the"
        + " driver can write it", e.getMessage());
  }

  @Test
  void aDamagedImageFileIsRefusedNamingItsLine(@TempDir Path dir) throws Exception {
    pipeline.writeTo(dir);
    Path hex = dir.resolve(WeightImage.FILE);
    List<String> lines = new ArrayList<>(Files.readAllLines(hex));
    lines.set(6, "zz");
    Files.write(hex, lines);
    NirfpgaException e = assertThrows(NirfpgaException.class, () -> Accelerator.Options
        .defaults().withManifest(dir.resolve("manifest.json")));
    assertTrue(e.getMessage().startsWith(hex + ": line 7: 'zz' is not a hex word of "),
        e.getMessage());
  }
}
