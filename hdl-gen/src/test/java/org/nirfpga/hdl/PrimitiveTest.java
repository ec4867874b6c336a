package org.nirfpga.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.lit;
import static org.nirfpga.hdl.Hdl.uint;

import org.nirfpga.hdl.emit.EmittedDesign;
import org.nirfpga.hdl.emit.VerilogEmitter;
import org.junit.jupiter.api.Test;

class PrimitiveTest {
  private static Primitive pll() {
    Primitive p = new Primitive("SB_PLL40_PAD")
        .parameter("FEEDBACK_PATH", "SIMPLE")
        .parameter("DIVF", lit(63, uint(7)));
    p.input("PACKAGEPIN", bool());
    p.output("PLLOUTGLOBAL", bool());
    p.build();
    return p;
  }

  @Test
  void primitiveIsInstantiatedWithItsParametersAndExactPortNamesButGetsNoFile() {
    Module top = new Module("top");
    Signal pin = top.input("clk_pin", bool());
    Instance u = top.instance("pll", pll());
    u.connect("PACKAGEPIN", pin);
    top.output("clk_out", bool()).set(u.port("PLLOUTGLOBAL"));
    top.build();
    EmittedDesign d = new VerilogEmitter("0.1.0", "test").emit(top);
    assertFalse(d.files().containsKey("SB_PLL40_PAD.v"), d.files().keySet().toString());
    String v = d.files().get("top.v");
    assertTrue(v.contains("SB_PLL40_PAD #("), v);
    assertTrue(v.contains(".FEEDBACK_PATH(\"SIMPLE\")"), v);
    assertTrue(v.contains(".DIVF(7'd63)"), v);
    assertTrue(v.contains(".PACKAGEPIN(pll_PACKAGEPIN)"), v);
    assertTrue(v.contains(".PLLOUTGLOBAL("), v);
  }

  @Test
  void twoCellsOfOneKindShareTheLibraryName() {
    Module top = new Module("top2");
    Signal pin = top.input("a", bool());
    top.instance("p0", pll()).connect("PACKAGEPIN", pin);
    top.instance("p1", pll()).connect("PACKAGEPIN", pin);
    top.build();
    String v = new VerilogEmitter("0.1.0", "test").emit(top).files().get("top2.v");
    assertEquals(2, v.split("SB_PLL40_PAD #\\(", -1).length - 1, v);
  }

  @Test
  void childOnAnotherClockGetsItAndTheParentNeedsNoClockOfItsOwn() {
    Module child = new Module("counter");
    Signal q = child.reg("q", uint(4), 0);
    q.set(q.add(1).truncate(4));
    child.output("q", uint(4)).set(q);
    child.build();
    Module top = new Module("top3");
    Signal clk = top.input("fast_clk", bool());
    Signal rstN = top.input("fast_rst_n", bool());
    Instance u = top.instance("c", child).connectClock(clk).connectReset(rstN);
    top.output("q", uint(4)).set(u.port("q"));
    top.build();
    assertFalse(top.usesClock());
    assertFalse(top.usesReset());
    EmittedDesign d = new VerilogEmitter("0.1.0", "test").emit(top);
    String v = d.files().get("top3.v");
    assertTrue(v.contains(".clk_i(fast_clk_i)"), v);
    assertTrue(v.contains(".rst_ni(fast_rst_n_i)"), v);
    assertFalse(d.topPorts().containsKey("clk_i"), d.topPorts().toString());
  }

  @Test
  void clockOfMoreThanOneBitIsRefused() {
    Module child = new Module("c1");
    child.output("q", bool()).set(child.reg("q", bool(), 0));
    child.build();
    Module top = new Module("top4");
    Signal clk = top.input("clk2", uint(2));
    Instance u = top.instance("c", child);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> u.connectClock(clk));
    assertEquals("clock of instance 'c' must be bool(), got uint(2)", e.getMessage());
  }

  @Test
  void primitiveWithABodyIsRefused() {
    Primitive p = new Primitive("SB_X");
    p.wire("w", bool());
    IllegalStateException e = assertThrows(IllegalStateException.class, p::build);
    assertTrue(e.getMessage().contains("only ports are allowed"), e.getMessage());
  }

  @Test
  void realParametersAreDecimalLiteralsAndAttributesPrecedeTheInstance() {
    Primitive mmcm = new Primitive("MMCME2_BASE")
        .parameter("CLKFBOUT_MULT_F", 10.125)
        .parameter("CLKOUT0_DIVIDE_F", 8.0)
        .attribute("ICP_CURRENT", "12");
    mmcm.input("CLKIN1", bool());
    mmcm.output("CLKOUT0", bool());
    mmcm.build();
    Module top = new Module("top5");
    Signal pin = top.input("clk_pin", bool());
    Instance u = top.instance("mmcm", mmcm);
    u.connect("CLKIN1", pin);
    top.output("clk_out", bool()).set(u.port("CLKOUT0"));
    top.build();
    String v = new VerilogEmitter("0.1.0", "test").emit(top).files().get("top5.v");
    assertTrue(v.contains(".CLKFBOUT_MULT_F(10.125)"), v);
    assertTrue(v.contains(".CLKOUT0_DIVIDE_F(8.0)"), v);
    assertTrue(v.contains("  (* ICP_CURRENT = \"12\" *)\n  MMCME2_BASE #("), v);
  }

  @Test
  void nonFiniteRealParameterAndQuotedAttributeAreRefused() {
    Primitive p = new Primitive("X");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> p.parameter("M", Double.NaN));
    assertEquals("parameter M of X must be a finite number, got NaN", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> p.attribute("A", "say \"hi\""));
  }
}
