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
    assertEquals(79, ((Ice40Pll) p.pll()).divf());
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

  private static String topOf(Board b, ClockPlan p) {
    return new VerilogEmitter("0.1.0", "t").emit(BoardTop.build(b, p,
        new UartEcho(p.coreHz(), 115200))).files().get(b.name().replace('-', '_') + "_top.v");
  }

  @Test
  void ecp5CoreClockComesFromAnEhxplllFedBackFromClkop() throws Exception {
    ClockPlan p = ClockPlan.of(Boards.ULX3S, 40);
    assertTrue(p.pll() instanceof Ecp5Pll, String.valueOf(p.pll()));
    assertEquals(40_000_000, p.coreHz());
    String v = topOf(Boards.ULX3S, p);
    assertTrue(v.contains("EHXPLLL #("), v);
    assertTrue(v.contains(".CLKI_DIV(8'd5)") && v.contains(".CLKFB_DIV(8'd8)")
        && v.contains(".CLKOP_DIV(8'd15)") && v.contains(".FEEDBK_PATH(\"CLKOP\")"), v);
    assertTrue(v.contains("(* ICP_CURRENT = \"12\" *)"), v);
    assertTrue(v.contains("assign pll_CLKFB = pll_CLKOP;"), v);
    assertTrue(v.contains(".clk_i(pll_CLKOP)"), v);
  }

  @Test
  void ecp5CoreIsBuiltForTheAchievedClockNotTheRequestedOne() throws Exception {
    ClockPlan p = ClockPlan.of(Boards.ULX3S, 48);
    assertEquals(46.875, p.coreMhz(), 1e-12);
    assertEquals(46_875_000, p.coreHz());
    assertEquals(48.0, p.pll().requestedMhz(), 0);
  }

  @Test
  void ecp5AndXilinxTopsMayRunBelowTheirOscillator() throws Exception {
    ClockPlan slow = ClockPlan.of(Boards.ULX3S, 12.5);
    assertEquals(12.5, slow.coreMhz(), 1e-12);
    ClockPlan arty = ClockPlan.of(Boards.ARTY_A7_35T, 40);
    assertTrue(arty.pll() instanceof Xilinx7Mmcm, String.valueOf(arty.pll()));
    String v = topOf(Boards.ARTY_A7_35T, arty);
    assertTrue(v.contains("MMCME2_BASE #("), v);
    assertTrue(v.contains(".CLKFBOUT_MULT_F(8.0)") && v.contains(".CLKOUT0_DIVIDE_F(20.0)")
        && v.contains(".DIVCLK_DIVIDE(7'd1)") && v.contains(".CLKIN1_PERIOD(10.0)"), v);
    assertTrue(v.contains("BUFG u_clk_bufg"), v);
    assertTrue(v.contains(".I(clk_bufg_I)") && v.contains("assign clk_bufg_I = mmcm_CLKOUT0;"),
        v);
    assertTrue(v.contains(".clk_i(clk_bufg_O)"), v);
  }

  @Test
  void xilinxRequestBeyondTheBufgIsAUserErrorNamingTheRange() {
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> ClockPlan.of(Boards.ARTY_A7_35T, 500));
    assertEquals("--freq 500.0: clock 500.000 MHz is outside the MMCM and BUFG's 4.69-464 MHz",
        e.getMessage());
  }
}
