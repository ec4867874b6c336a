package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.board.BoardTop;
import org.nirfpga.board.Boards;
import org.nirfpga.board.ClockPlan;
import org.nirfpga.board.SynthFlow;
import org.nirfpga.board.VerilogPorts;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.CycleModel;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.gen.link.LinkTop;
import org.nirfpga.host.device.LinkRtl;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.ref.Contract;

class CompileBoardTest {
  @TempDir
  Path dir;

  private Path example(String name) {
    Path f = dir.resolve(name + ".nir");
    CliRunner.Outcome o = CliRunner.run("example", name, "-o", f.toString());
    assertEquals(0, o.exitCode(), o.err());
    return f;
  }

  private static JsonNode json(Path f) throws Exception {
    return new ObjectMapper().readTree(f.toFile());
  }

  @Test
  void compileForABoardAddsTheLinkTopAndABoardSectionAndIsByteIdenticalTwice() throws Exception {
    Path model = example("mlp");
    Path plain = dir.resolve("plain");
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    assertEquals(0, CliRunner.run("compile", model.toString(), "-o", plain.toString())
        .exitCode());
    CliRunner.Outcome o = CliRunner.run("compile", model.toString(), "-o", a.toString(),
        "--board", "icebreaker");
    assertEquals(0, o.exitCode(), o.err());
    assertEquals(0, CliRunner.run("compile", model.toString(), "-o", b.toString(), "--board",
        "icebreaker").exitCode());
    CompileCommandTest.assertSameFiles(a, b);

    JsonNode board = json(a.resolve("manifest.json")).get("board");
    assertEquals("icebreaker", board.get("name").asText());
    assertEquals("mlp_top_link", board.get("link_top").asText());
    assertEquals(12_000_000, board.get("core_clock_hz").asLong());
    assertEquals(115_200, board.get("baud").asLong());
    assertEquals(104, board.get("cycles_per_bit").asInt());
    JsonNode pr = board.get("prediction");
    assertEquals(pr.get("fits").asBoolean(), pr.get("ran_out").isEmpty(), pr.toString());
    assertEquals(5280, pr.get("resources").get("lut").get("available").asLong());
    // lif1, lif2, the accelerator's glue, the link and the board top.
    assertEquals(5, pr.get("parts").size(), pr.toString());
    long luts = 0;
    for (JsonNode part : pr.get("parts")) {
      luts += part.get("lut").asLong();
    }
    assertEquals(pr.get("total").get("lut").asLong(), luts);
    JsonNode step = board.get("timestep");
    assertEquals(16, step.get("input_events").asLong());
    assertTrue(step.get("min_cycles").asLong() < step.get("max_cycles").asLong(), step.toString());
    assertEquals(step.get("max_cycles").asLong() / 12.0, step.get("max_us").asDouble(), 1e-3);

    // Every file of the plain compile is there unchanged, the manifest up to its board field.
    for (String f : List.of("mlp_top.v", "layer_lif1.v", "quant.json", "layer_lif1_rows.hex")) {
      assertArrayEquals(Files.readAllBytes(plain.resolve(f)), Files.readAllBytes(a.resolve(f)), f);
    }
    String plainManifest = Files.readString(plain.resolve("manifest.json"));
    String boardManifest = Files.readString(a.resolve("manifest.json"));
    assertEquals(plainManifest.substring(0, plainManifest.length() - 3),
        boardManifest.substring(0, plainManifest.length() - 3));
    for (JsonNode f : board.get("link_files")) {
      assertTrue(Files.isRegularFile(a.resolve(f.asText())), f.asText());
      assertFalse(Files.exists(plain.resolve(f.asText())), f.asText());
    }
    assertTrue(Files.readString(a.resolve("mlp_top_link.v")).contains("module mlp_top_link ("));
    // The folder serves run --port sim:DIR and board-sim DIR as it is.
    LinkRtl rtl = LinkRtl.read(a);
    assertEquals(new LinkRtl(a, "mlp_top_link", 12_000_000, 115_200, 104), rtl);
    assertTrue(o.out().contains("link top mlp_top_link at 12.000 MHz, 115200 baud"), o.out());
    assertTrue(o.out().contains("fits: yes"), o.out());
    assertTrue(o.out().contains("time step with 16 of 16 input events: "
        + step.get("min_cycles") + ".." + step.get("max_cycles") + " cycles"), o.out());
  }

  @Test
  void theCompiledLinkTopHasTheBoardCoreInterfaceSoTheBoardTopWrapsIt() throws Exception {
    Path out = dir.resolve("rtl");
    assertEquals(0, CliRunner.run("compile", example("mlp").toString(), "-o", out.toString(),
        "--board", "icebreaker").exitCode());
    String text = Files.readString(out.resolve("mlp_top_link.v"));
    Map<String, Integer> ports = VerilogPorts.of(text, "mlp_top_link");
    assertEquals(2, SynthFlow.statusWidth(ports), ports.toString());
    // The interface check catches the two separate LED ports the link top used to have.
    String planted = text.replace("output wire [1:0] status_o",
        "output wire activity_o,\n  output wire error_o");
    assertTrue(!planted.equals(text), "the planted edit must apply");
    assertEquals(-1, SynthFlow.statusWidth(VerilogPorts.of(planted, "mlp_top_link")));

    GeneratedPipeline p = mlpPipeline();
    LinkTop link = LinkTop.build(p, 12_000_000, 115_200);
    assertTrue(BoardTop.fitsInterface(link.top()));
    assertEquals("icebreaker_top", BoardTop.build(Boards.ICEBREAKER,
        ClockPlan.of(Boards.ICEBREAKER, 0), link.top()).name());
  }

  @Test
  void aNetworkThatDoesNotFitIsReportedBeforeSynthesisAndNothingIsWritten() throws Exception {
    Path model = example("cnn");
    Path out = dir.resolve("cnn");
    // With its synapse rows shared the cnn example fits (23 of 30 block RAMs for the
    // accelerator); 32-bit state doubles its membrane memories past the device.
    CliRunner.Outcome fits = CliRunner.run("compile", model.toString(), "-o", out.toString(),
        "--board", "icebreaker");
    assertEquals(0, fits.exitCode(), fits.out() + fits.err());
    assertTrue(fits.out().contains("fits: yes"), fits.out());
    out = dir.resolve("cnn32");
    CliRunner.Outcome o = CliRunner.run("compile", model.toString(), "-o", out.toString(),
        "--board", "icebreaker", "--state-bits", "32");
    assertEquals(2, o.exitCode(), o.out() + o.err());
    assertTrue(o.out().contains("fits: NO, ran out: bram: "), o.out());
    assertTrue(o.err().startsWith("nirfpga: cnn.nir: predicted not to fit icebreaker (bram: "),
        o.err());
    assertTrue(o.err().contains("use narrower weights (--weight-bits)")
        && o.err().contains("pass --allow-unfit"), o.err());
    assertFalse(Files.exists(out));

    CliRunner.Outcome forced = CliRunner.run("compile", model.toString(), "-o",
        out.toString(), "--board", "icebreaker", "--state-bits", "32", "--allow-unfit");
    assertEquals(0, forced.exitCode(), forced.err());
    JsonNode pr = json(out.resolve("manifest.json")).get("board").get("prediction");
    assertFalse(pr.get("fits").asBoolean());
    assertTrue(pr.get("ran_out").get(0).asText().startsWith("bram: "), pr.toString());
  }

  @Test
  void aBaudTheCoreClockCannotMakeIsRefusedWithOnesItCan() throws Exception {
    Path model = example("mlp");
    Path out = dir.resolve("rtl");
    CliRunner.Outcome off = CliRunner.run("compile", model.toString(), "-o", out.toString(),
        "--board", "icebreaker", "--baud", "2500000");
    assertEquals(2, off.exitCode());
    assertEquals("nirfpga: --baud 2500000: 5 cycles per bit at 12.000 MHz give 2400000 baud,"
        + " -4.0% off (8N1 needs within 2%); use --baud 2400000 or 2000000, or another --freq",
        off.err().strip());
    CliRunner.Outcome fast = CliRunner.run("compile", model.toString(), "-o", out.toString(),
        "--board", "icebreaker", "--baud", "6000000");
    assertEquals(2, fast.exitCode());
    assertTrue(fast.err().contains("gives 2 cycles per bit and the receiver needs at least 4;"
        + " use --baud 3000000 or less"), fast.err());
    assertFalse(Files.exists(out));
    assertEquals(0, CliRunner.run("compile", model.toString(), "-o", out.toString(), "--board",
        "icebreaker", "--baud", "3000000").exitCode());
    assertEquals(4, json(out.resolve("manifest.json")).get("board").get("cycles_per_bit")
        .asInt());
  }

  @Test
  void ecp5AndXilinxBoardsBuildTheLinkForTheAchievedPllClock() throws Exception {
    Path model = example("mlp");
    Path ecp5 = dir.resolve("ecp5_48");
    CliRunner.Outcome o = CliRunner.run("compile", model.toString(), "-o", ecp5.toString(),
        "--board", "ulx3s", "--freq", "48");
    assertEquals(0, o.exitCode(), o.err());
    JsonNode b = json(ecp5.resolve("manifest.json")).get("board");
    // 48 MHz is out of the ECP5 PLL's reach from 25 MHz; 46.875 is the closest it makes.
    assertTrue(b.get("pll").asBoolean());
    assertEquals(46_875_000, b.get("core_clock_hz").asLong());
    assertEquals(Math.round(46_875_000 / 115200.0), b.get("cycles_per_bit").asLong());
    assertTrue(o.out().contains("at 46.875 MHz via PLL"), o.out());

    Path arty = dir.resolve("arty_40");
    CliRunner.Outcome a = CliRunner.run("compile", model.toString(), "-o", arty.toString(),
        "--board", "arty-a7-35t", "--freq", "40");
    assertEquals(0, a.exitCode(), a.err());
    assertEquals(40_000_000, json(arty.resolve("manifest.json")).get("board")
        .get("core_clock_hz").asLong());
  }

  @Test
  void aPllClockAndABoardWithoutAnEstimatorModelAreRecorded() throws Exception {
    Path model = example("mlp");
    Path pll = dir.resolve("pll");
    CliRunner.Outcome o = CliRunner.run("compile", model.toString(), "-o", pll.toString(),
        "--board", "icebreaker", "--freq", "24", "--baud", "921600");
    assertEquals(0, o.exitCode(), o.err());
    JsonNode b = json(pll.resolve("manifest.json")).get("board");
    assertTrue(b.get("pll").asBoolean());
    assertEquals(ClockPlan.of(Boards.ICEBREAKER, 24).coreHz(), b.get("core_clock_hz").asLong());
    assertEquals(Math.round(b.get("core_clock_hz").asLong() / 921600.0),
        b.get("cycles_per_bit").asLong());

    Path ecp5 = dir.resolve("ecp5");
    CliRunner.Outcome u = CliRunner.run("compile", model.toString(), "-o", ecp5.toString(),
        "--board", "ulx3s");
    assertEquals(0, u.exitCode(), u.err());
    JsonNode ub = json(ecp5.resolve("manifest.json")).get("board");
    assertEquals(25_000_000, ub.get("core_clock_hz").asLong());
    assertTrue(ub.get("prediction").isNull(), ub.toString());
    assertTrue(u.out().contains("no resource prediction for ecp5"), u.out());
    assertTrue(u.out().contains("us at 25.000 MHz"), u.out());
  }

  @Test
  void boardOptionsWithoutABoardAreRefused() throws Exception {
    CliRunner.Outcome o = CliRunner.run("compile", example("mlp").toString(), "-o",
        dir.resolve("rtl").toString(), "--freq", "24");
    assertEquals(2, o.exitCode());
    assertEquals("nirfpga: --freq needs --board NAME", o.err().strip());
  }

  @Test
  void stepBoundsBracketTheReplayOfQuietAndFullySpikingStepsOfChainsAndRecurrentGraphs()
      throws Exception {
    for (String name : List.of("mlp", "rsnn")) {
      Example ex = Examples.named(name).orElseThrow();
      Contract c = Contract.nir();
      QuantConfig q = Quantizer.quantize(ex.graph(), QuantOptions.defaults(c));
      GeneratedPipeline p = PipelineGenerator.generate(ex.graph(), q, c, name + ".nir",
          name + "_top");
      CycleModel cm = p.cycles();
      String input = cm.inputs().keySet().iterator().next();
      int rows = cm.inputs().get(input);
      BoardCompile.StepBounds all = BoardCompile.stepBounds(p, -1, 12_000_000);
      assertEquals(rows, all.inputEvents());
      assertTrue(all.minCycles() < all.maxCycles(), name);
      // Ten steps of each extreme, replayed cycle by cycle, stay within the bounds.
      Map<String, int[]> quiet = new LinkedHashMap<>();
      Map<String, int[]> busy = new LinkedHashMap<>();
      quiet.put(input, IntStream.range(0, rows).toArray());
      busy.put(input, IntStream.range(0, rows).toArray());
      for (CycleModel.Layer l : cm.layers()) {
        int[] every = IntStream.range(0, l.neurons()).toArray();
        quiet.put(l.node(), l.spiking() ? new int[0] : every);
        busy.put(l.node(), every);
      }
      for (Map<String, int[]> m : List.of(quiet, busy)) {
        long[] cycles = cm.replay(Collections.nCopies(10,
            new CycleModel.Step(m)), CycleModel.Host.STREAMING);
        for (int t = 1; t < cycles.length; t++) {
          assertTrue(cycles[t] >= all.minCycles() && cycles[t] <= all.maxCycles(),
              name + " step " + t + ": " + cycles[t] + " outside " + all.minCycles() + ".."
                  + all.maxCycles());
        }
      }
      // Fewer events: a lower least and a lower most.
      BoardCompile.StepBounds four = BoardCompile.stepBounds(p, 4, 12_000_000);
      assertTrue(four.minCycles() < all.minCycles() && four.maxCycles() < all.maxCycles(), name);
      NirfpgaException e = assertThrows(NirfpgaException.class,
          () -> BoardCompile.stepBounds(p, rows + 1, 12_000_000));
      assertEquals("--events " + (rows + 1) + ": input '" + input + "' has " + rows
          + " addresses and each sends at most one event per step; use --events " + rows
          + " or less", e.getMessage());
    }
  }

  private static GeneratedPipeline mlpPipeline() throws Exception {
    Example mlp = Examples.named("mlp").orElseThrow();
    Contract c = Contract.nir();
    QuantConfig q = Quantizer.quantize(mlp.graph(), QuantOptions.defaults(c));
    return PipelineGenerator.generate(mlp.graph(), q, c, "mlp.nir", "mlp_top");
  }
}
