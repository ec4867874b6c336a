package org.nirfpga.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.examples.Examples;

/** The JNI bridge: build cache, port access, streaming, tracing and build errors. */
@Tag("verilator")
class VerilatedModelIT {
  @TempDir
  Path tmp;

  @Test
  void secondOpenOfTheSameDesignComesFromTheCacheWithinASecond() throws Exception {
    Rtl.requireTools();
    Rtl.Design d = Rtl.generate("mlp", Examples.named("mlp").orElseThrow().graph(), "norse");
    Manifest m = Manifest.read(d.dir());
    try (VerilatedModel first = VerilatedModel.open(d.dir(), m.top(), m.clock(),
        BuildOptions.defaults(), System.out::println)) {
      assertEquals(m.top(), first.library().top());
    }
    long start = System.nanoTime();
    try (VerilatedModel again = VerilatedModel.open(d.dir(), m.top(), m.clock(),
        BuildOptions.defaults(), line -> { })) {
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "second open of %s: %.3f s (cached library %s)%n", m.top(),
          seconds, again.library().file());
      assertTrue(again.library().cached());
    }
  }

  @Test
  void portsAreDrivenAndReadByNameAndIndexAndAStepEndsWithItsMarker() throws Exception {
    Rtl.requireTools();
    Rtl.Design d = Rtl.generate("mlp", Examples.named("mlp").orElseThrow().graph(), "norse");
    Manifest m = Manifest.read(d.dir());
    try (VerilatedModel model = VerilatedModel.open(d.dir(), m.top(), m.clock(),
        BuildOptions.defaults(), System.out::println)) {
      assertEquals(0, model.port("clk_i").index());
      Port dbgV = model.port("dbg_v_o");
      assertTrue(dbgV.signed() && !dbgV.input());
      model.poke("rst_ni", 0);
      model.tick(2);
      model.poke("rst_ni", 1);
      model.poke("out_ready_i", 1);
      assertEquals(0, model.peek("timestep_o"));
      StreamPorts sp = StreamPorts.named(model, "in", "out");
      long eot = m.input().eot();
      for (int t = 0; t < 3; t++) {
        StreamResult r = model.stream(sp, new long[] {0, 5, 9, eot}, 100_000, 1);
        assertTrue(r.cycles() > 24 * 2, "a step updates all 24 neurons: " + r.cycles());
      }
      assertEquals(3, model.peek(model.port("timestep_o").index()));
      assertTrue(model.cycles() > 3 * 48);
      assertThrows(IllegalArgumentException.class, () -> model.poke("timestep_o", 1));
      int[] wide = model.peekWide(model.port("sat_acc_o").index());
      assertEquals(1, wide.length);
    }
  }

  @Test
  void aStuckConsumerEndsTheStepWithABudgetErrorInsteadOfAHang() throws Exception {
    Rtl.requireTools();
    Rtl.Design d = Rtl.generate("mlp", Examples.named("mlp").orElseThrow().graph(), "norse");
    Manifest m = Manifest.read(d.dir());
    try (VerilatedModel model = VerilatedModel.open(d.dir(), m.top(), m.clock(),
        BuildOptions.defaults(), System.out::println)) {
      model.poke("rst_ni", 0);
      model.tick(2);
      model.poke("rst_ni", 1);
      StreamPorts sp = StreamPorts.named(model, "in", "out");
      CycleBudgetException e = assertThrows(CycleBudgetException.class,
          () -> model.stream(sp, new long[] {1, m.input().eot()}, 5000, 0));
      assertEquals(5000, e.cycles());
      assertTrue(e.getMessage().contains("no end-of-step marker on out_data_o within the budget"
          + " of 5000 cycles") && e.getMessage().contains("out_ready_i=0"), e.getMessage());
    }
  }

  @Test
  void verilatorBuildErrorsQuoteVerilatorAndNameTheUsersFile() throws Exception {
    Rtl.requireTools();
    Rtl.Design d = Rtl.generate("lif", Examples.named("lif").orElseThrow().graph(), "norse");
    Path broken = Rtl.copy(d.dir(), tmp.resolve("broken"));
    Manifest m = Manifest.read(broken);
    Path layer = broken.resolve("layer_lif.v");
    String text = Files.readString(layer);
    Files.writeString(layer, text.replaceFirst("endmodule", "assign nowhere = 1'b1;\nendmodule"));
    NirfpgaException e = assertThrows(NirfpgaException.class, () -> VerilatedModel.open(broken,
        m.top(), m.clock(), BuildOptions.defaults(), System.out::println));
    System.out.println(e.getMessage());
    assertTrue(e.getMessage().startsWith("%Error: " + layer + ":"), e.getMessage());
    assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
  }

  @Test
  void twoDesignsWithTheSameTopNameLiveSideBySide() throws Exception {
    Rtl.requireTools();
    Rtl.Design d = Rtl.generate("lif", Examples.named("lif").orElseThrow().graph(), "norse");
    Path other = Rtl.copy(d.dir(), tmp.resolve("other"));
    // Another weight image: the same top module name, another library.
    Files.writeString(other.resolve("layer_lif_weights.hex"), "000\n000\n");
    Manifest m = Manifest.read(d.dir());
    try (VerilatedModel a = VerilatedModel.open(d.dir(), m.top(), m.clock(),
            BuildOptions.defaults(), System.out::println);
        VerilatedModel b = VerilatedModel.open(other, m.top(), m.clock(),
            BuildOptions.defaults(), System.out::println)) {
      assertFalse(a.library().file().equals(b.library().file()));
      long[] va = drive(a, m);
      long[] vb = drive(b, m);
      assertTrue(va[0] != 0, "the input moves v of the real design");
      assertEquals(0, vb[0], "zero weights leave v at rest");
    }
  }

  @Test
  void aTracedBuildWritesAVcdOfTheRequestedWindow() throws Exception {
    Rtl.requireTools();
    Rtl.Design d = Rtl.generate("lif", Examples.named("lif").orElseThrow().graph(), "norse");
    Manifest m = Manifest.read(d.dir());
    Path vcd = tmp.resolve("lif.vcd");
    try (VerilatedModel model = VerilatedModel.open(d.dir(), m.top(), m.clock(),
        BuildOptions.defaults().withTrace(), System.out::println)) {
      model.traceOpen(vcd);
      drive(model, m);
      model.traceClose();
    }
    String text = Files.readString(vcd);
    assertTrue(text.contains("$enddefinitions") && text.contains("in_valid_i"),
        text.substring(0, Math.min(400, text.length())));
    try (VerilatedModel plain = VerilatedModel.open(d.dir(), m.top(), m.clock(),
        BuildOptions.defaults(), System.out::println)) {
      NirfpgaException e = assertThrows(NirfpgaException.class,
          () -> plain.traceOpen(tmp.resolve("x.vcd")));
      assertTrue(e.getMessage().contains("built without tracing"), e.getMessage());
    }
  }

  @Test
  void portsWiderThan64BitsArePokedAndPeekedAsWords() throws Exception {
    Rtl.requireTools();
    Path dir = Files.createDirectories(tmp.resolve("wide"));
    Files.writeString(dir.resolve("wide_top.v"), String.join("\n",
        "`default_nettype none",
        "module wide_top (",
        "  input wire clk_i,",
        "  input wire [99:0] a_i,",
        "  input wire signed [7:0] s_i,",
        "  output wire [99:0] sum_o,",
        "  output wire signed [7:0] neg_o",
        ");",
        "  reg [99:0] sum_q;",
        "  always @(posedge clk_i) sum_q <= a_i + 100'd1;",
        "  assign sum_o = sum_q;",
        "  assign neg_o = -s_i;",
        "endmodule",
        ""));
    try (VerilatedModel m = VerilatedModel.open(dir, "wide_top", "clk_i",
        BuildOptions.defaults(), System.out::println)) {
      Port a = m.port("a_i");
      assertEquals(4, a.words());
      // 2^96 - 1 + 1 carries across every 32-bit word into bit 96.
      m.pokeWide(a.index(), new int[] {-1, -1, -1, 0});
      m.tick(1);
      assertArrayEquals(new int[] {0, 0, 0, 1}, m.peekWide(m.port("sum_o").index()));
      m.poke("s_i", 5);
      assertEquals(-5, m.peek("neg_o"), "a signed output is sign-extended");
      assertThrows(IllegalArgumentException.class, () -> m.peek("sum_o"));
      assertThrows(IllegalArgumentException.class,
          () -> m.pokeWide(a.index(), new int[] {1, 2}));
    }
  }

  /** Resets, runs one step with input 0 spiking, returns layer 0's v. */
  private static long[] drive(VerilatedModel model, Manifest m) throws Exception {
    Testbench tb = new Testbench(model, m);
    tb.step(0, new double[] {1}, 100_000, 1);
    return tb.readV(m.layers().get(0));
  }
}
