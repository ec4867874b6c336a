package org.nirfpga.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.hdl.emit.VerilogEmitter;

class PllSynthIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SynthReport synth(Board board, double mhz, Path dir) throws Exception {
    ToolGate.require("yosys");
    ClockPlan plan = ClockPlan.of(board, mhz);
    Path rtl = dir.resolve("rtl");
    new VerilogEmitter("0.1.0", "test").emit(new UartEcho(plan.coreHz(), 115200)).writeTo(rtl);
    return new SynthFlow("0.1.0", s -> { }).run(new SynthFlow.Request(rtl, "uart_echo", board,
        mhz, dir.resolve("out")));
  }

  /** Every cell of {@code type} in yosys' netlist, over all modules. */
  private static List<JsonNode> cells(Path designJson, String type) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    JsonNode modules = JSON.readTree(designJson.toFile()).path("modules");
    for (Iterator<JsonNode> m = modules.elements(); m.hasNext();) {
      for (Iterator<JsonNode> c = m.next().path("cells").elements(); c.hasNext();) {
        JsonNode cell = c.next();
        if (cell.path("type").asText().equals(type)) {
          out.add(cell);
        }
      }
    }
    return out;
  }

  /** A parameter as yosys writes it: bit strings as numbers, reals and strings as text. */
  private static String param(JsonNode cell, String name) {
    JsonNode v = cell.path("parameters").get(name);
    if (v == null) {
      return null;
    }
    String t = v.asText();
    if (t.matches("[01]+")) {
      return Long.toString(Long.parseLong(t, 2));
    }
    if (t.matches("-?[0-9]+\\.[0-9]+")) {
      return Double.toString(Double.parseDouble(t));
    }
    return t;
  }

  /** Each parameter of {@code cell} that differs from {@code expected}, as a line. */
  private static List<String> mismatches(JsonNode cell, Map<String, String> expected) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String got = param(cell, e.getKey());
      if (!e.getValue().equals(got)) {
        out.add(e.getKey() + ": netlist " + got + ", chosen " + e.getValue());
      }
    }
    return out;
  }

  private static Map<String, String> expected(Ecp5Pll p) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("CLKI_DIV", Integer.toString(p.clkiDiv()));
    m.put("CLKFB_DIV", Integer.toString(p.clkfbDiv()));
    m.put("CLKOP_DIV", Integer.toString(p.clkopDiv()));
    m.put("CLKOP_CPHASE", Integer.toString(p.clkopCphase()));
    m.put("CLKOP_FPHASE", Integer.toString(p.clkopFphase()));
    m.put("FEEDBK_PATH", "CLKOP");
    return m;
  }

  private static Map<String, String> expected(Xilinx7Mmcm p) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("DIVCLK_DIVIDE", Integer.toString(p.divclkDivide()));
    m.put("CLKFBOUT_MULT_F", Double.toString(p.clkfboutMultF()));
    m.put("CLKOUT0_DIVIDE_F", Double.toString(p.clkout0DivideF()));
    m.put("CLKIN1_PERIOD", "10.0");
    return m;
  }

  @Test
  void ulx3sAtFortyEightMegahertzHasOneEhxplllWithTheChosenDividersAtFortySixPointEightSevenFive(
      @TempDir Path dir) throws Exception {
    SynthReport r = synth(Boards.ULX3S, 48, dir);
    Path out = dir.resolve("out");
    Ecp5Pll chosen = (Ecp5Pll) r.pll();
    assertEquals(46.875, r.coreMhz(), 1e-12);
    List<JsonNode> plls = cells(out.resolve("design.json"), "EHXPLLL");
    assertEquals(1, plls.size(), plls.toString());
    JsonNode pll = plls.get(0);
    assertEquals(List.of(), mismatches(pll, expected(chosen)));
    assertEquals("8 15 13 6", param(pll, "CLKI_DIV") + " " + param(pll, "CLKFB_DIV") + " "
        + param(pll, "CLKOP_DIV") + " " + param(pll, "CLKOP_CPHASE"));
    // CLKOP feeds back into CLKFB: the same net on both pins.
    assertEquals(pll.at("/connections/CLKOP"), pll.at("/connections/CLKFB"));
    assertEquals(1, r.resources().get("pll").used());
    assertEquals(1L, SynthFlowIT.yosysCells(Files.readString(out.resolve("yosys.log")))
        .getOrDefault("EHXPLLL", 0L));
    JsonNode rep = JSON.readTree(out.resolve("report.json").toFile());
    assertEquals("EHXPLLL", rep.at("/pll/cell").asText());
    assertEquals(46.875, rep.at("/pll/achieved_mhz").asDouble(), 0);
    assertEquals(48.0, rep.at("/pll/requested_mhz").asDouble(), 0);
    String sh = Files.readString(out.resolve("pnr_ecp5.sh"));
    assertTrue(sh.contains("--freq 46.875 "), sh);
    // The pin constraint stays the oscillator's; nextpnr derives the PLL's output clock.
    assertTrue(Files.readString(out.resolve("ulx3s.lpf")).contains("FREQUENCY PORT "
        + "\"clk_pin_i\" 25"), Files.readString(out.resolve("ulx3s.lpf")));

    // The comparison catches a planted wrong divider.
    Ecp5Pll planted = new Ecp5Pll(25, 48, 8, 16, 13, 6, 0);
    assertEquals(List.of("CLKFB_DIV: netlist 15, chosen 16"), mismatches(pll,
        expected(planted)));
  }

  @Test
  void artyAtFortyMegahertzHasOneMmcmWithTheChosenSettingsDrivingOneBufg(@TempDir Path dir)
      throws Exception {
    SynthReport r = synth(Boards.ARTY_A7_35T, 40, dir);
    Path out = dir.resolve("out");
    Xilinx7Mmcm chosen = (Xilinx7Mmcm) r.pll();
    List<JsonNode> mmcms = cells(out.resolve("design.json"), "MMCME2_BASE");
    assertEquals(1, mmcms.size(), mmcms.toString());
    JsonNode mmcm = mmcms.get(0);
    assertEquals(List.of(), mismatches(mmcm, expected(chosen)));
    assertEquals("1 8.0 20.0", param(mmcm, "DIVCLK_DIVIDE") + " "
        + param(mmcm, "CLKFBOUT_MULT_F") + " " + param(mmcm, "CLKOUT0_DIVIDE_F"));
    assertEquals(mmcm.at("/connections/CLKFBOUT"), mmcm.at("/connections/CLKFBIN"));
    List<JsonNode> bufgs = cells(out.resolve("design.json"), "BUFG");
    assertEquals(1, bufgs.size(), bufgs.toString());
    assertEquals(mmcm.at("/connections/CLKOUT0"), bufgs.get(0).at("/connections/I"));
    assertEquals(1, r.resources().get("pll").used());
    assertEquals(40.0, r.coreMhz(), 0);
    // Only the input clock is constrained; Vivado derives the MMCM's output clock from it.
    String xdc = Files.readString(out.resolve("arty_a7_35t.xdc"));
    assertTrue(xdc.contains("create_clock") && xdc.contains("-period 10.000"), xdc);
    assertEquals(1, xdc.split("create_clock", -1).length - 1, xdc);
    String tcl = Files.readString(out.resolve("vivado.tcl"));
    assertTrue(tcl.contains("read_xdc arty_a7_35t.xdc"), tcl);

    Xilinx7Mmcm planted = new Xilinx7Mmcm(100, 40, 1, 80, 200);
    assertEquals(List.of("CLKFBOUT_MULT_F: netlist 8.0, chosen 10.0",
        "CLKOUT0_DIVIDE_F: netlist 20.0, chosen 25.0"), mismatches(mmcm, expected(planted)));
  }
}
