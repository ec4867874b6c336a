package org.nirfpga.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nirfpga.hdl.emit.VerilogEmitter;
import org.nirfpga.nir.NirfpgaException;

class ClockPlanTest {
  @Test
  void oscillatorFrequencyNeedsNoPllAndTheTopHasNone() throws Exception {
    ClockPlan p = ClockPlan.of(Boards.ICEBREAKER, 12);
    assertNull(p.pll());
    String v = new VerilogEmitter("0.1.0", "t").emit(BoardTop.build(Boards.ICEBREAKER, p,
        new UartEcho(p.coreHz(), 115200))).files().get("icebreaker_top.v");
    assertFalse(v.contains("SB_PLL40"), v);
    assertTrue(v.contains(".clk_i(clk_pin_i)"), v);
  }

  @Test
  void higherFrequencyUsesThePllAndTheCoreIsClockedByItsOutput() throws Exception {
    ClockPlan p = ClockPlan.of(Boards.ICEBREAKER, 30);
    assertEquals(30.0, p.coreMhz(), 1e-9);
    assertEquals(79, p.pll().divf());
    String v = new VerilogEmitter("0.1.0", "t").emit(BoardTop.build(Boards.ICEBREAKER, p,
        new UartEcho(p.coreHz(), 115200))).files().get("icebreaker_top.v");
    assertTrue(v.contains("SB_PLL40_PAD #("), v);
    assertTrue(v.contains(".PACKAGEPIN(pll_PACKAGEPIN)"), v);
    assertTrue(v.contains("assign pll_PACKAGEPIN = clk_pin_i;"), v);
    assertTrue(v.contains(".clk_i(pll_PLLOUTGLOBAL)"), v);
  }

  @Test
  void frequencyBelowTheOscillatorIsAUserErrorWithTheFix() {
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> ClockPlan.of(Boards.ICEBREAKER, 8));
    assertEquals("--freq 8.000: below the icebreaker oscillator (12.000 MHz); the board top only "
        + "multiplies the clock, give --freq 12.000 or more", e.getMessage());
  }

  @Test
  void frequencyAboveThePllRangeIsAUserError() {
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> ClockPlan.of(Boards.ICEBREAKER, 400));
    assertTrue(e.getMessage().contains("outside the iCE40 PLL's 16-275 MHz"), e.getMessage());
  }

  @Test
  void coreWithoutTheUartPortsIsRefusedByTheBoardTop() throws Exception {
    org.nirfpga.hdl.Module m = new org.nirfpga.hdl.Module("blinky");
    m.output("led", org.nirfpga.hdl.Hdl.bool()).set(m.reg("q", org.nirfpga.hdl.Hdl.bool(), 0));
    m.build();
    ClockPlan p = ClockPlan.of(Boards.ICEBREAKER, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BoardTop.build(Boards.ICEBREAKER, p, m));
    assertTrue(e.getMessage().startsWith("core 'blinky' does not have the board core interface"),
        e.getMessage());
  }
}
