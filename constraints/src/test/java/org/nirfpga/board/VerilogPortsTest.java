package org.nirfpga.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nirfpga.hdl.emit.VerilogEmitter;

class VerilogPortsTest {
  @Test
  void portsOfAnEmittedCoreAreReadWithDirectionAndWidth() {
    String v = new VerilogEmitter("0.1.0", "t").emit(new UartEcho(12_000_000, 115200)).files()
        .get("uart_echo.v");
    Map<String, Integer> expected = new LinkedHashMap<>();
    expected.put("clk_i", 1);
    expected.put("rst_ni", 1);
    expected.put("uart_rx_i", 1);
    expected.put("uart_tx_o", -1);
    expected.put("status_o", -8);
    assertEquals(expected, VerilogPorts.of(v, "uart_echo"));
    assertEquals(8, SynthFlow.statusWidth(expected));
  }

  @Test
  void commentsAndOtherModulesAreIgnoredAndAMissingModuleIsNull() {
    String v = "// module fake(input a);\nmodule other(input wire x_i); endmodule\n"
        + "module t /* (input wire no) */ (\n  input wire [3:0] a_i, // input b\n"
        + "  output reg signed [15:0] y_o\n);\nendmodule\n";
    assertEquals(Map.of("a_i", 4, "y_o", -16), VerilogPorts.of(v, "t"));
    assertNull(VerilogPorts.of(v, "fake"));
  }

  @Test
  void aTopWithExtraPortsIsNotACoreOfTheBoardInterface() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("clk_i", 1);
    ports.put("rst_ni", 1);
    ports.put("uart_rx_i", 1);
    ports.put("uart_tx_o", -1);
    assertEquals(0, SynthFlow.statusWidth(ports));
    ports.put("dbg_addr_i", 5);
    assertEquals(-1, SynthFlow.statusWidth(ports));
    ports.remove("dbg_addr_i");
    ports.put("uart_tx_o", 1);
    assertEquals(-1, SynthFlow.statusWidth(ports));
  }
}
