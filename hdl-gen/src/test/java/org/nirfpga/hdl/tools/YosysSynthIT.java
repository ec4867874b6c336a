package org.nirfpga.hdl.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nirfpga.hdl.ToolSupport;

@Tag("yosys")
class YosysSynthIT {
  @ParameterizedTest
  @EnumSource(value = YosysSynth.Target.class, names = {"ICE40", "ECP5", "XILINX"})
  void synchronousReadRamMapsToBlockRam(YosysSynth.Target target) {
    YosysSynth.Stats stats = YosysSynth.synth(Fixtures.dir("ram"), "ram", target);
    stats.assertBlockRams(1);
    assertTrue(stats.cells() >= stats.blockRams(), stats.toString());
  }

  @Test
  void ice40CounterUsesEightFlops() {
    YosysSynth.Stats stats = YosysSynth.synth(Fixtures.dir("counter"), "counter",
        YosysSynth.Target.ICE40);
    assertEquals(8, stats.flops(), stats.toString());
    assertTrue(stats.luts() > 0, stats.toString());
    stats.assertNoBlockRams();
  }

  @ParameterizedTest
  @EnumSource(value = YosysSynth.Target.class, names = {"ICE40", "ECP5", "XILINX"})
  void plantedAsynchronousReadRamFailsTheBlockRamCheck(YosysSynth.Target target) {
    YosysSynth.Stats stats = YosysSynth.synth(Fixtures.dir("async_ram"), "async_ram", target);
    AssertionError error = assertThrows(AssertionError.class, () -> stats.assertBlockRams(1));
    assertTrue(error.getMessage().contains("landed in logic"), error.getMessage());
  }

  @Test
  void syntaxErrorFailsWithTheYosysLog() {
    ToolSupport.require("yosys");
    AssertionError error = assertThrows(AssertionError.class,
        () -> YosysSynth.synth(Fixtures.dir("broken"), "broken", YosysSynth.Target.ICE40));
    assertTrue(error.getMessage().contains("broken.v"), error.getMessage());
  }
}
