package org.nirfpga.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.uint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.ReadDuringWrite;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.emit.VerilogEmitter;
import org.nirfpga.hdl.lib.UartRx;

class SynthFlowIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static void requireIce40Tools() {
    ToolGate.require("yosys");
    ToolGate.require("nextpnr-ice40");
    ToolGate.require("icepack");
  }

  private static Path emit(Module core, Path dir) throws Exception {
    Path rtl = dir.resolve("rtl");
    new VerilogEmitter("0.1.0", "test").emit(core).writeTo(rtl);
    return rtl;
  }

  private static SynthReport run(Path rtl, String top, Board board, double mhz, Path out,
      List<String> progress) throws Exception {
    return new SynthFlow("0.1.0", progress::add).run(
        new SynthFlow.Request(rtl, top, board, mhz, out));
  }

  @Test
  void echoCoreOnTheIcebreakerWithThePllReachesABitstreamWithTimingMet(@TempDir Path dir)
      throws Exception {
    requireIce40Tools();
    ClockPlan plan = ClockPlan.of(Boards.ICEBREAKER, 24);
    Path rtl = emit(new UartEcho(plan.coreHz(), 115200), dir);
    Path out = dir.resolve("out");
    List<String> progress = new ArrayList<>();
    SynthReport r = run(rtl, "uart_echo", Boards.ICEBREAKER, 24, out, progress);
    assertTrue(r.fits(), r.ranOut().toString());
    assertEquals(Boolean.TRUE, r.timingMet(), r.fmaxMhz().toString());
    assertEquals("design.bin", r.bitstream());
    assertTrue(Files.size(out.resolve("design.bin")) > 100_000, "UP5K bitstreams are ~104 kB");
    assertEquals(1, r.resources().get("pll").used());
    assertEquals(63, ((Ice40Pll) r.pll()).divf());
    assertTrue(progress.stream().anyMatch(p -> p.startsWith("nextpnr-ice40")), progress
        .toString());
    for (String f : List.of("yosys.log", "nextpnr.log", "icepack.log", "report.json",
        "nextpnr-report.json", "icebreaker.pcf", "rtl/icebreaker_top.v", "rtl/uart_echo.v")) {
      assertTrue(Files.exists(out.resolve(f)), f);
    }
    assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().contains("partial")));
    String topV = Files.readString(out.resolve("rtl/icebreaker_top.v"));
    assertTrue(topV.contains(".DIVF(7'd63)") && topV.contains("SB_PLL40_PAD #("), topV);

    // The report's figures equal the numbers in the raw logs, read here independently.
    JsonNode rep = JSON.readTree(out.resolve("report.json").toFile());
    Map<String, Long> yosys = yosysCells(Files.readString(out.resolve("yosys.log")));
    assertEquals(prefixSum(yosys, "SB_LUT4"), rep.at("/resources/lut/used").asLong());
    assertEquals(prefixSum(yosys, "SB_DFF"), rep.at("/resources/ff/used").asLong());
    assertEquals(prefixSum(yosys, "SB_CARRY"), rep.at("/resources/carry/used").asLong());
    assertTrue(rep.at("/resources/lut/used").asLong() > 20);
    String pnr = Files.readString(out.resolve("nextpnr.log"));
    assertEquals(pnrUse(pnr, "ICESTORM_LC"), rep.at("/resources/logic_cell/used").asLong());
    assertEquals(5280, rep.at("/resources/logic_cell/available").asLong());
    assertEquals(pnrUse(pnr, "ICESTORM_RAM"), rep.at("/resources/bram/used").asLong());
    assertEquals(pnrUse(pnr, "ICESTORM_PLL"), rep.at("/resources/pll/used").asLong());
    assertEquals(pnrUse(pnr, "SB_IO"), rep.at("/resources/io/used").asLong());
    Map<String, Double> fmax = pnrFmax(pnr);
    assertEquals(fmax.keySet(), toMap(rep.get("fmax_mhz")).keySet());
    for (Map.Entry<String, Double> e : fmax.entrySet()) {
      assertEquals(e.getValue(), rep.get("fmax_mhz").get(e.getKey()).asDouble(), 0.006,
          e.getKey());
    }
    assertTrue(rep.get("timing_met").asBoolean());
  }

  @Test
  void plantedDesignWithTooMuchBlockRamIsReportedAsNotFittingWithWhatRanOut(@TempDir Path dir)
      throws Exception {
    requireIce40Tools();
    Path out = dir.resolve("out");
    SynthReport r = run(emit(bramHog(12_000_000, 8192, 16), dir), "bram_hog",
        Boards.ICEBREAKER, 0, out, new ArrayList<>());
    assertFalse(r.fits());
    assertEquals(List.of("bram: 32 used, 30 available"), r.ranOut());
    assertEquals(null, r.bitstream());
    JsonNode rep = JSON.readTree(out.resolve("report.json").toFile());
    assertFalse(rep.get("fits").asBoolean());
    assertEquals("bram: 32 used, 30 available", rep.get("ran_out").get(0).asText());
    assertEquals(32, yosysCells(Files.readString(out.resolve("yosys.log")))
        .getOrDefault("SB_RAM40_4K", 0L));
  }

  @Test
  void sameDesignWithinTheBlockRamBudgetFits(@TempDir Path dir) throws Exception {
    requireIce40Tools();
    // The control for the planted fault above: half the memory fits, so the check is the size.
    SynthReport r = run(emit(bramHog(12_000_000, 4096, 16), dir), "bram_hog",
        Boards.ICEBREAKER, 0, dir.resolve("out"), new ArrayList<>());
    assertTrue(r.fits(), r.ranOut().toString());
    assertEquals(16, r.resources().get("bram").used());
  }

  @Test
  void bareAcceleratorIsMeasuredInsideTheProbeHarnessWithoutABitstream(@TempDir Path dir)
      throws Exception {
    requireIce40Tools();
    org.nirfpga.gen.GeneratedPipeline p = Pipelines.example("mlp");
    Path rtl = dir.resolve("rtl");
    p.writeTo(rtl);
    Path out = dir.resolve("out");
    SynthReport r = run(rtl, null, Boards.ICEBREAKER, 0, out, new ArrayList<>());
    assertTrue(r.probe());
    assertEquals("mlp_top", r.coreTop());
    assertTrue(r.fits(), r.ranOut().toString());
    assertEquals(null, r.bitstream());
    assertFalse(Files.exists(out.resolve("design.bin")));
    assertFalse(r.fmaxMhz().isEmpty());
    assertTrue(r.notes().get(0).contains("probe harness"), r.notes().toString());
    // The accelerator's block RAMs all survive in the harness (the estimator's figure).
    assertEquals(ResourceEstimator.predict(p, Boards.ICEBREAKER).total().brams(),
        r.resources().get("bram").used());
  }

  @Test
  void ecp5AndXilinxBoardsGetCellCountsAndTheScriptsToFinishElsewhere(@TempDir Path dir)
      throws Exception {
    ToolGate.require("yosys");
    SynthReport ecp5 = run(emit(new UartEcho(25_000_000, 115200), dir.resolve("a")),
        "uart_echo", Boards.ULX3S, 0, dir.resolve("ulx3s"), new ArrayList<>());
    assertTrue(ecp5.resources().get("lut").used() > 20, ecp5.resources().toString());
    assertEquals(List.of("pnr_ecp5.sh"), ecp5.scripts());
    String sh = Files.readString(dir.resolve("ulx3s/pnr_ecp5.sh"));
    assertTrue(sh.contains("nextpnr-ecp5 --85k --package CABGA381 --json design.json --lpf "
        + "ulx3s.lpf --freq 25"), sh);
    assertEquals(null, ecp5.bitstream());
    assertEquals(null, ecp5.timingMet());
    // At the oscillator frequency no clock generator is instantiated.
    assertEquals(null, ecp5.pll());
    assertEquals(0, ecp5.resources().get("pll").used());

    SynthReport arty = run(emit(new UartEcho(100_000_000, 115200), dir.resolve("b")),
        "uart_echo", Boards.ARTY_A7_35T, 0, dir.resolve("arty"), new ArrayList<>());
    assertTrue(arty.resources().get("lut").used() > 10, arty.resources().toString());
    String tcl = Files.readString(dir.resolve("arty/vivado.tcl"));
    assertTrue(tcl.contains("synth_design -top arty_a7_35t_top -part xc7a35ticsg324-1L"), tcl);
    assertTrue(tcl.contains("read_xdc arty_a7_35t.xdc"), tcl);
    assertEquals(0, arty.resources().get("pll").used());
    Map<String, Long> cells = yosysCells(Files.readString(dir.resolve("arty/yosys.log")));
    assertEquals(prefixSum(cells, "FD"), arty.resources().get("ff").used());
  }

  /** A UART-interface core holding a {@code depth x width} two-port memory. */
  static Module bramHog(long hz, int depth, int width) {
    Module m = new Module("bram_hog");
    Signal rx = m.input("uart_rx_i", bool());
    var urx = m.instance("rx", new UartRx("uart_rx", hz, 115200));
    urx.connect("rx_i", rx);
    int aw = 32 - Integer.numberOfLeadingZeros(depth - 1);
    Signal wa = m.reg("wa", uint(aw), 0);
    Signal ra = m.reg("ra", uint(aw), 0);
    Memory mem = m.memory("mem", uint(width), depth, ReadDuringWrite.READ_FIRST);
    Signal byteIn = m.wire("byte_in", urx.port("data_o"));
    mem.write(wa, byteIn.resize(width), urx.port("valid_o"));
    Signal rd = mem.readSync("rd", ra);
    m.when(urx.port("valid_o"), () -> wa.set(wa.add(1).truncate(aw)));
    ra.set(ra.add(1).truncate(aw));
    m.output("uart_tx_o", bool()).set(rd.parity());
    m.build();
    return m;
  }

  private static final Pattern CELLS_HEADER = Pattern.compile("^\\s+Number of cells:\\s+\\d+$");
  private static final Pattern CELL_LINE = Pattern.compile("^\\s+(\\S+)\\s+(\\d+)$");

  /** Cell counts of the last {@code stat} block in a yosys log. */
  static Map<String, Long> yosysCells(String log) {
    Map<String, Long> last = new LinkedHashMap<>();
    String[] lines = log.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (CELLS_HEADER.matcher(lines[i]).matches()) {
        last = new LinkedHashMap<>();
        for (int j = i + 1; j < lines.length; j++) {
          Matcher m = CELL_LINE.matcher(lines[j]);
          if (!m.matches()) {
            break;
          }
          last.put(m.group(1), Long.parseLong(m.group(2)));
        }
      }
    }
    return last;
  }

  private static long prefixSum(Map<String, Long> cells, String prefix) {
    return cells.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .mapToLong(Map.Entry::getValue).sum();
  }

  private static long pnrUse(String log, String bel) {
    Matcher m = Pattern.compile("Info:\\s+" + bel + ":\\s+(\\d+)/\\s*(\\d+)").matcher(log);
    long used = -1;
    while (m.find()) {
      used = Long.parseLong(m.group(1));
    }
    assertTrue(used >= 0, bel + " not in the nextpnr log");
    return used;
  }

  private static Map<String, Double> pnrFmax(String log) {
    Matcher m = Pattern.compile("Max frequency for clock '([^']+)': ([0-9.]+) MHz").matcher(log);
    Map<String, Double> out = new LinkedHashMap<>();
    while (m.find()) {
      out.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    assertFalse(out.isEmpty(), "no Max frequency line in the nextpnr log");
    return out;
  }

  private static Map<String, JsonNode> toMap(JsonNode n) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    assertNotNull(n);
    n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
