package org.nirfpga.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
}
