package org.nirfpga.hdl.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NameAllocatorTest {
  @Test
  void nirNodeNamesBecomeLegalIdentifiers() {
    assertEquals("lif1_lif", NameAllocator.legalize("lif1.lif"));
    assertEquals("fc_2", NameAllocator.legalize("fc 2"));
    assertEquals("a_b_c", NameAllocator.legalize("a-b/c"));
    assertEquals("n_2nd", NameAllocator.legalize("2nd"));
    assertEquals("n", NameAllocator.legalize(""));
  }

  @Test
  void verilogAndSystemVerilogKeywordsGetASuffix() {
    assertEquals("reg_", NameAllocator.legalize("reg"));
    assertEquals("module_", NameAllocator.legalize("module"));
    assertEquals("logic_", NameAllocator.legalize("logic"));
    assertEquals("always_ff_", NameAllocator.legalize("always_ff"));
    assertEquals("Reg", NameAllocator.legalize("Reg"), "keywords are case sensitive");
  }

  @Test
  void collisionsGetNumberedSuffixesIncludingAfterLegalizing() {
    NameAllocator a = new NameAllocator();
    assertEquals("fc_2", a.newName("fc.2"));
    assertEquals("fc_2_1", a.newName("fc 2"));
    assertEquals("fc_2_2", a.newName("fc_2"));
    assertEquals("x", a.newName("x"));
    assertEquals("x_1", a.newName("x"));
  }

  @Test
  void tagsRememberTheirNameAndReservedNamesAreNotReused() {
    NameAllocator a = new NameAllocator();
    Object tag = new Object();
    a.reserve("clk_i", null);
    assertEquals("clk_i_1", a.newName("clk_i", tag));
    assertEquals("clk_i_1", a.get(tag));
    assertThrows(IllegalStateException.class, () -> a.get(new Object()));
    assertThrows(IllegalStateException.class, () -> a.reserve("clk_i", null));
    assertThrows(IllegalStateException.class, () -> a.newName("y", tag));
  }
}
