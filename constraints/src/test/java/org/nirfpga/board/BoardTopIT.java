package org.nirfpga.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.emit.EmittedDesign;
import org.nirfpga.hdl.emit.VerilogEmitter;

class BoardTopIT {
  @Test
  void boardTopsWithoutAPllLintCleanUnderVerilatorWall(@TempDir Path dir) throws Exception {
    String verilator = ToolGate.require("verilator");
    for (Board b : Boards.all()) {
      ClockPlan p = ClockPlan.of(b, 0);
      EmittedDesign d = new VerilogEmitter("0.1.0", "t").emit(BoardTop.build(b, p,
          new UartEcho(p.coreHz(), 115200)));
      Path sub = dir.resolve(b.name());
      d.writeTo(sub);
      List<String> cmd = new ArrayList<>(List.of(verilator, "--lint-only", "-Wall",
          "--top-module", d.top()));
      cmd.addAll(d.verilogFiles());
      Path log = sub.resolve("lint.log");
      int rc = ToolRunner.run(sub, log, 300, cmd);
      assertEquals(0, rc, Files.readString(log));
      assertEquals("", Files.readString(log).strip(), b.name());
    }
  }

  @Test
  void boardTopsWithTheirPllOrMmcmLintCleanWithTheVendorCellsAsStubs(@TempDir Path dir)
      throws Exception {
    String verilator = ToolGate.require("verilator");
    Map<Board, Double> mhz = new LinkedHashMap<>();
    mhz.put(Boards.ICEBREAKER, 24.0);
    mhz.put(Boards.ULX3S, 40.0);
    mhz.put(Boards.ARTY_A7_35T, 40.0);
    for (Map.Entry<Board, Double> e : mhz.entrySet()) {
      Board b = e.getKey();
      ClockPlan p = ClockPlan.of(b, e.getValue());
      Module top = BoardTop.build(b, p, new UartEcho(p.coreHz(), 115200));
      EmittedDesign d = new VerilogEmitter("0.1.0", "t").emit(top);
      Path sub = dir.resolve(b.name());
      d.writeTo(sub);
      List<String> stubs = LintStubs.write(top, sub);
      assertEquals(b.family() == Family.XILINX7 ? 2 : 1, stubs.size(), stubs.toString());
      assertTrue(stubs.contains(p.pll().cell() + ".v"), stubs.toString());
      List<String> cmd = new ArrayList<>(List.of(verilator, "--lint-only", "-Wall",
          "--top-module", d.top()));
      cmd.addAll(d.verilogFiles());
      cmd.addAll(stubs);
      Path log = sub.resolve("lint.log");
      int rc = ToolRunner.run(sub, log, 300, cmd);
      assertEquals(0, rc, Files.readString(log));
      assertEquals("", Files.readString(log).strip(), b.name());
    }
  }

  @Test
  void plantedMisspelledCellPortFailsTheLintSoTheStubsAreChecked(@TempDir Path dir)
      throws Exception {
    String verilator = ToolGate.require("verilator");
    ClockPlan p = ClockPlan.of(Boards.ULX3S, 40);
    Module top = BoardTop.build(Boards.ULX3S, p, new UartEcho(p.coreHz(), 115200));
    EmittedDesign d = new VerilogEmitter("0.1.0", "t").emit(top);
    d.writeTo(dir);
    LintStubs.write(top, dir);
    Path stub = dir.resolve("EHXPLLL.v");
    Files.writeString(stub, Files.readString(stub).replace("input wire CLKFB",
        "input wire CLKFB2"));
    List<String> cmd = new ArrayList<>(List.of(verilator, "--lint-only", "-Wall",
        "--top-module", d.top()));
    cmd.addAll(d.verilogFiles());
    cmd.add("EHXPLLL.v");
    Path log = dir.resolve("lint.log");
    int rc = ToolRunner.run(dir, log, 300, cmd);
    assertTrue(rc != 0, Files.readString(log));
    assertTrue(Files.readString(log).contains("CLKFB"), Files.readString(log));
  }
}
