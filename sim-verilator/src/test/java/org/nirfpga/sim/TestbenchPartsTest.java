package org.nirfpga.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.ref.Contract;

class TestbenchPartsTest {
  @TempDir
  Path tmp;

  @Test
  void driverSendsOneEventPerSpikeThenTheEndOfStepMarker() throws Exception {
    EventDriver d = new EventDriver(new Manifest.Events("in", 4, 2, 0, true));
    assertArrayEquals(new long[] {1, 3, 4}, d.events(0, new double[] {0, 1, 0, 1}));
    assertArrayEquals(new long[] {4}, d.events(1, new double[4]));
  }

  @Test
  void driverRefusesGradedInputForASpikeStreamNamingStepAndElement() {
    EventDriver d = new EventDriver(new Manifest.Events("in", 2, 1, 0, true));
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> d.events(5, new double[] {0, 0.5}));
    assertEquals("input step 5, element 1 is 0.5; the RTL's input 'in' takes binary spikes"
        + " (0 or 1)", e.getMessage());
  }

  @Test
  void gradedStreamsCarryTheValueBelowTheAddress() throws Exception {
    EventDriver d = new EventDriver(new Manifest.Events("in", 2, 1, 4, true));
    assertArrayEquals(new long[] {(1 << 4) | 0xd, 1 << 5}, d.events(0, new double[] {0, -3}));
  }

  @Test
  void realValuedInputsBecomeCodesWithTheStreamsFractionalBitsRoundedHalfToEven()
      throws Exception {
    // 2 fractional bits: 0.625 * 4 = 2.5 rounds to 2, 0.875 * 4 = 3.5 to 4, -0.25 to -1.
    EventDriver d = new EventDriver(new Manifest.Events("in", 4, 2, 5, true, 2));
    assertArrayEquals(new long[] {(0L << 5) | 2, (1L << 5) | 4, (3L << 5) | 0x1f, 1L << 7},
        d.events(0, new double[] {0.625, 0.875, 0, -0.25}));
  }

  @Test
  void aRealValueForAWholeNumberStreamIsRefusedNamingTheInput() {
    EventDriver d = new EventDriver(new Manifest.Events("in", 2, 1, 4, true));
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> d.events(3, new double[] {0.5, 0}));
    assertEquals("input step 3, element 0 is 0.5; the RTL's input 'in' takes whole-number events"
        + " (its quantization has no fractional bits for it)", e.getMessage());
  }

  @Test
  void monitorCountsSpikesAndKeepsOutOfRangeAddressesVisible() {
    EventMonitor m = new EventMonitor(new Manifest.Events("out", 3, 2, 0, true));
    assertArrayEquals(new long[] {0, 2, 0, 1}, m.decode(new long[] {1, 1, 3}));
  }

  @Test
  void monitorAddsTheCountsOfAMultiSpikeOutput() {
    EventMonitor m = new EventMonitor(new Manifest.Events("out", 2, 1, 3, true));
    assertArrayEquals(new long[] {0, 5}, m.decode(new long[] {(1 << 3) | 5}));
  }

  @Test
  void theWeightImageIsReadAndADamagedOneIsRefusedNamingFileAndLine() throws Exception {
    NirGraph g = Examples.named("mlp").orElseThrow().graph();
    Contract c = Contract.nir();
    GeneratedPipeline p = PipelineGenerator.generate(g,
        Quantizer.quantize(g, QuantOptions.defaults(c)), c,
        "mlp.nir", "mlp_top", Map.of(), Set.of(),
        Set.of("lif2"));
    p.writeTo(tmp);
    Manifest.WeightImage w = Manifest.read(tmp).weightImage().orElseThrow();
    assertArrayEquals(p.weights().words(), w.words());
    assertEquals("wl", w.port());
    assertEquals(p.weights().dataBits(), w.dataBits());
    Path hex = tmp.resolve("weights_spram.hex");
    List<String> lines = Files.readAllLines(hex);
    String[][] damaged = {
        {"short", tmp.resolve("weights_spram.hex") + ": " + (lines.size() - 1) + " lines, the"
            + " manifest's weight_image has " + lines.size() + " words"},
        {"wide", hex + ": line 4: 'fffff' is not a hex word of " + w.dataBits() + " bits"},
        {"gone", hex + ": cannot read the weight image ("}};
    for (String[] d : damaged) {
      List<String> changed = new ArrayList<>(lines);
      if (d[0].equals("short")) {
        changed.remove(changed.size() - 1);
      } else if (d[0].equals("wide")) {
        changed.set(3, "fffff");
      }
      if (d[0].equals("gone")) {
        Files.delete(hex);
      } else {
        Files.write(hex, changed);
      }
      NirfpgaException e = assertThrows(NirfpgaException.class,
          () -> Manifest.read(tmp).weightImage());
      assertTrue(e.getMessage().startsWith(d[1]), d[0] + ": " + e.getMessage());
    }
  }

  @Test
  void cubaLayersAreTheOnesWhoseCurrentIsCompared() throws Exception {
    Rtl.Design d = Rtl.generate("rsnn", Examples.named("rsnn").orElseThrow().graph(), "norse");
    Manifest m = Manifest.read(d.dir());
    assertEquals(List.of(true, true), m.layers().stream().map(Manifest.Layer::hasCurrent)
        .toList());
    assertEquals("readout", m.outputLayer());
  }

  @Test
  void monitorSignExtendsReadoutValues() {
    EventMonitor m = new EventMonitor(new Manifest.Events("out", 2, 1, 8, false));
    assertArrayEquals(new long[] {-1, 5}, m.decode(new long[] {0xff, (1 << 8) | 5}));
  }

  @Test
  void manifestGivesStreamsLayersAndABudgetCoveringTheWorstCase() throws Exception {
    Rtl.Design d = Rtl.generate("mlp", Examples.named("mlp").orElseThrow().graph(), "norse");
    Manifest m = Manifest.read(d.dir());
    assertEquals("clk_i", m.clock());
    assertEquals(16, m.input().size());
    assertEquals(1L << 4, m.input().eot());
    assertEquals("output", m.output().node());
    assertEquals("lif2", m.outputLayer());
    assertEquals(1, m.inputStreams());
    assertEquals(1, m.outputStreams());
    assertTrue(m.layers().stream().noneMatch(Manifest.Layer::hasCurrent));
    assertEquals(2, m.layers().size());
    // Every input spiking, every weight read, every neuron spiking, with the manifest's costs
    // (2 per input event, 1 per weight word, 1 per neuron, 0 per output event, 13 per step):
    // 16*2 + 367 + 24 + 13 for lif1, 24*2 + 91 + 4 + 13 for lif2, plus 48 reset cycles,
    // doubled, plus 1000.
    assertEquals(2 * (32 + 367 + 24 + 13 + 48 + 91 + 4 + 13 + 48) + 1000, m.cycleBudget());
    assertTrue(m.quantizationJson().contains("nirfpga-quant"));
  }

  @Test
  void aFolderWithoutAManifestIsNamedWithTheFix() {
    NirfpgaException e = assertThrows(NirfpgaException.class, () -> Manifest.read(tmp));
    assertTrue(e.getMessage().startsWith(tmp.resolve("manifest.json") + ": cannot read the RTL"
        + " manifest"), e.getMessage());
    assertTrue(e.getMessage().endsWith("an RTL folder is what 'nirfpga compile' writes"));
  }

  @Test
  void aManifestWithoutLayersIsRefusedByField() throws Exception {
    Rtl.Design d = Rtl.generate("mlp", Examples.named("mlp").orElseThrow().graph(), "norse");
    String text = Files.readString(d.dir().resolve("manifest.json"));
    Path dir = Files.createDirectories(tmp.resolve("m"));
    Files.writeString(dir.resolve("manifest.json"), text.replace("\"debug\"", "\"debugX\""));
    NirfpgaException e = assertThrows(NirfpgaException.class, () -> Manifest.read(dir));
    assertEquals(dir.resolve("manifest.json") + ": field 'debug' is missing", e.getMessage());
  }
}
