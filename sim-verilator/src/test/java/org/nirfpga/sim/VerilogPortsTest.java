package org.nirfpga.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nirfpga.nir.NirfpgaException;

class VerilogPortsTest {
  private static final String TOP = String.join("\n",
      "// header",
      "`default_nettype none",
      "module top (",
      "  input wire clk_i,",
      "  input wire rst_ni,",
      "  input wire [4:0] in_data_i,",
      "  output wire signed [15:0] dbg_v_o,",
      "  output wire [99:0] wide_o",
      ");",
      "  wire [3:0] inner;",
      "endmodule");

  @Test
  void ansiHeaderGivesPortsInOrderWithWidthDirectionAndSign() throws Exception {
    List<Port> ports = VerilogPorts.parse(TOP, "top.v", "top");
    assertEquals(List.of("clk_i", "rst_ni", "in_data_i", "dbg_v_o", "wide_o"),
        ports.stream().map(Port::name).toList());
    assertEquals(new Port(2, "in_data_i", 5, true, false), ports.get(2));
    assertEquals(new Port(3, "dbg_v_o", 16, false, true), ports.get(3));
    assertTrue(ports.get(4).wide());
    assertEquals(4, ports.get(4).words());
  }

  @Test
  void signedPortValuesAreSignExtendedAndUnsignedOnesMasked() {
    Port s = new Port(0, "v", 16, false, true);
    Port u = new Port(1, "d", 5, true, false);
    assertEquals(-1, s.value(0xffff));
    assertEquals(0x7fff, s.value(0x7fff));
    assertEquals(0x1f, u.value(-1));
  }

  @Test
  void aMissingModuleHeaderNamesTheFileAndTheModule() {
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> VerilogPorts.parse(TOP, "x/top.v", "other"));
    assertEquals("x/top.v: no 'module other (' header; the top module must be declared with an"
        + " ANSI port list", e.getMessage());
  }

  @Test
  void aPortDeclarationItCannotReadIsQuoted() {
    String text = TOP.replace("input wire rst_ni,", "input wire [W-1:0] rst_ni,");
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> VerilogPorts.parse(text, "top.v", "top"));
    assertTrue(e.getMessage().startsWith("top.v: port declaration 'input wire [W-1:0] rst_ni,'"),
        e.getMessage());
  }

  @Test
  void verilatorErrorsPointAtTheUsersFileNotTheBuildCopy() {
    String out = "%Warning-WIDTH: /cache/b/rtl/a.v:3:1: something\n"
        + "%Error: /cache/b/rtl/a.v:7:3: syntax error, unexpected foo\n"
        + "%Error: /cache/b/rtl/b.v:1:1: another\n"
        + "%Error: Exiting due to 2 error(s)\n";
    String line = VerilatorBuild.verilatorError(out, Path.of("/cache/b/rtl"), Path.of("/my/rtl"),
        "top");
    assertEquals("%Error: /my/rtl/a.v:7:3: syntax error, unexpected foo (and 2 more errors)",
        line);
  }
}
