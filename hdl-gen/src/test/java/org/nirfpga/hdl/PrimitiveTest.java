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
    assertTrue(v.contains(".PACKAGEPIN(u_pll_PACKAGEPIN)") || v.contains(".PACKAGEPIN("), v);
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
  void primitiveWithABodyIsRefused() {
    Primitive p = new Primitive("SB_X");
    p.wire("w", bool());
    IllegalStateException e = assertThrows(IllegalStateException.class, p::build);
    assertTrue(e.getMessage().contains("only ports are allowed"), e.getMessage());
  }
}
