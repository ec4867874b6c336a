package org.nirfpga.hdl.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.sint;
import static org.nirfpga.hdl.Hdl.uint;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nirfpga.hdl.Examples;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.ReadDuringWrite;
import org.nirfpga.hdl.Signal;

class VerilogEmitterTest {
  private static Module store(boolean observable, ReadDuringWrite policy) {
    Module m = new Module("store");
    Signal addr = m.input("addr_i", uint(2));
    Signal data = m.input("data_i", sint(6));
    Signal we = m.input("we_i", bool());
    Memory mem = m.memory("words", sint(6), 4, policy).init(new long[] {-1, 5, -32});
    Signal q = mem.readSync("q", addr);
    mem.write(addr, data, we);
    Signal last = m.regNext("last", q, 0);
    if (observable) {
      mem.observable();
      last.observable();
    }
    m.output("q_o", sint(6)).set(last);
    return m.build();
  }

  @Test
  void observableAddsOnlyVerilatorCommentsToDeclarations() {
    String plain = new VerilogEmitter("v", "s").emit(store(false, ReadDuringWrite.READ_FIRST))
        .files().get("store.v");
    String seen = new VerilogEmitter("v", "s").emit(store(true, ReadDuringWrite.READ_FIRST))
        .files().get("store.v");
    assertTrue(seen.contains("reg signed [5:0] words [0:3] /* verilator public_flat_rd */;"),
        seen);
    assertTrue(seen.contains("reg signed [5:0] last_q /* verilator public_flat_rd */;"), seen);
    assertEquals(plain, seen.replace(" /* verilator public_flat_rd */", ""));
  }

  @Test
  void initialContentsGoToAHexFileNamedAfterModuleAndMemory() {
    EmittedDesign d = new VerilogEmitter("v", "s").emit(store(false,
        ReadDuringWrite.READ_FIRST));
    assertEquals(List.of("store.v", "store_words.hex"), List.copyOf(d.files().keySet()));
    assertEquals("3f\n05\n20\n00\n", d.files().get("store_words.hex"),
        "two's complement, masked to 6 bits, padded to the depth");
    assertTrue(d.files().get("store.v").contains("$readmemh(\"store_words.hex\", words);"));
  }

  @Test
  void readFirstRegistersTheDataAndWriteFirstRegistersTheAddress() {
    String readFirst = new VerilogEmitter("v", "s").emit(store(false,
        ReadDuringWrite.READ_FIRST)).files().get("store.v");
    assertTrue(readFirst.contains("    q <= words[addr_i];\n"), readFirst);
    String writeFirst = new VerilogEmitter("v", "s").emit(store(false,
        ReadDuringWrite.WRITE_FIRST)).files().get("store.v");
    assertTrue(writeFirst.contains("    q_addr_q <= addr_i;\n"), writeFirst);
    assertTrue(writeFirst.contains("  assign q = words[q_addr_q];\n"), writeFirst);
  }

  @Test
  void registersFollowTheQdConventionWithAnActiveLowAsyncReset() {
    String v = new VerilogEmitter("v", "s").emit(Examples.counter()).files().get("counter.v");
    assertTrue(v.contains("  input wire clk_i,\n  input wire rst_ni,\n  input wire en_i,"), v);
    assertTrue(v.contains("always @(posedge clk_i or negedge rst_ni) begin\n"
        + "    if (!rst_ni) begin\n      count_q <= 8'd0;\n    end else begin\n"
        + "      count_q <= count_d;\n    end\n  end"), v);
    assertTrue(v.contains("  always @* begin\n    count_d = count_q;\n"), v);
  }

  @Test
  void modulesWithoutRegistersHaveNoClockOrReset() {
    EmittedDesign d = new VerilogEmitter("v", "s").emit(Examples.alu());
    assertFalse(d.files().get("alu.v").contains("clk_i"));
    assertEquals(List.of("op_i", "a_i", "b_i", "amount_i", "y_o", "flag_o"),
        List.copyOf(d.topPorts().values()));
  }

  @Test
  void everyCaseHasADefault() {
    String v = new VerilogEmitter("v", "s").emit(Examples.alu()).files().get("alu.v");
    int cases = v.split("\\bcase \\(", -1).length - 1;
    int defaults = v.split("\\bdefault:", -1).length - 1;
    assertTrue(cases > 0);
    assertEquals(cases, defaults, v);
  }

  @Test
  void identicalModulesBuiltSeparatelyAreEmittedOnce() {
    Module top = new Module("top");
    Signal en = top.input("en_i", bool());
    for (String n : new String[] {"a", "b"}) {
      org.nirfpga.hdl.Instance u = top.instance(n, Examples.counter("counter", 4, 9));
      u.connect("en_i", en);
      top.output(n + "_o", uint(4)).set(u.port("count_o"));
    }
    org.nirfpga.hdl.Instance c = top.instance("c", Examples.counter("counter", 4, 7));
    c.connect("en_i", en);
    top.output("c_o", uint(4)).set(c.port("count_o"));
    top.build();
    EmittedDesign d = new VerilogEmitter("v", "s").emit(top);
    assertEquals(List.of("counter.v", "counter_1.v", "top.v"), List.copyOf(d.files().keySet()));
    String v = d.files().get("top.v");
    assertTrue(v.contains("counter u_a (") && v.contains("counter u_b (")
        && v.contains("counter_1 u_c ("), v);
  }

  @Test
  void arithmeticShiftsAreComputedAloneSoAnUnsignedContextCannotMakeThemLogical() {
    Module m = new Module("ashr");
    Signal b = m.input("b_i", sint(8));
    Signal c = m.input("c_i", uint(3));
    m.output("y_o", bool()).set(org.nirfpga.hdl.Hdl.cat(b.slice(7, 0)).asSigned().eq(b.shr(c)));
    String v = new VerilogEmitter("v", "s").emit(m.build()).files().get("ashr.v");
    assertTrue(v.contains("  assign tmp = $signed(b_i) >>> c_i;\n"), v);
    assertTrue(v.contains("== tmp"), v);
  }

  @Test
  void theHeaderRefusesAnAbsolutePath() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new VerilogEmitter("v", "/home/me/braille.nir"));
    assertTrue(e.getMessage().contains("is an absolute path; pass the file name"),
        e.getMessage());
  }

  @Test
  void anUnbuiltModuleCannotBeEmitted() {
    Module m = new Module("open");
    m.output("y_o", bool()).set(1);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new VerilogEmitter("v", "s").emit(m));
    assertTrue(e.getMessage().contains("call build()"), e.getMessage());
  }

  @Test
  void longLinesAreWrappedAtSpaces() {
    String line = "  assign " + "a_very_long_name + ".repeat(10) + "x;";
    String wrapped = ModuleWriter.wrap(line);
    for (String l : wrapped.split("\n")) {
      assertTrue(l.length() <= 100, l);
    }
    assertEquals(line.replace(" ", ""), wrapped.replace(" ", "").replace("\n", ""));
  }
}
