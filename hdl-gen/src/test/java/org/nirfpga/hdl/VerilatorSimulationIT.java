package org.nirfpga.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.hdl.emit.EmittedDesign;
import org.nirfpga.hdl.emit.VerilogEmitter;
import org.nirfpga.hdl.eval.CycleSimulator;
import org.nirfpga.hdl.eval.Evaluator;

/**
 * The emitted Verilog, run by Verilator over thousands of random cycles, gives bit-identical
 * outputs to the Java cycle simulator running the HDL statements themselves.
 */
class VerilatorSimulationIT {
  static final int CYCLES = 3000;

  @TempDir
  Path work;

  /**
   * All examples side by side in one wrapper, so Verilator builds once (a build takes about
   * half a minute); each example is simulated in Java on its own with the same stimuli.
   */
  @Test
  void verilogMatchesTheJavaModelCycleByCycle() throws IOException {
    Path verilator = ToolSupport.require("verilator");
    Module wrapper = new Module("all_examples");
    List<Module> designs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Signal> ins = new ArrayList<>();
    List<Signal> outs = new ArrayList<>();
    List<Signal> designIns = new ArrayList<>();
    List<Signal> designOuts = new ArrayList<>();
    List<Module> owners = new ArrayList<>();
    Map<String, Supplier<Module>> all = new java.util.LinkedHashMap<>(Examples.all());
    // -Dhdl.fuzz.seeds=N runs more random designs (a longer hunt for emitter bugs).
    long seeds = Long.getLong("hdl.fuzz.seeds", 4);
    for (long seed = 1; seed <= seeds; seed++) {
      long s = seed;
      all.put("random_" + seed, () -> Examples.randomExpressions(s, 60));
      all.put("control_" + seed, () -> Examples.randomControl(s));
    }
    for (Map.Entry<String, Supplier<Module>> e : all.entrySet()) {
      Module m = e.getValue().get();
      designs.add(m);
      names.add(e.getKey());
      Instance u = wrapper.instance(e.getKey(), m);
      for (Signal p : m.ports()) {
        assertTrue(p.width() <= 64, "port " + p.name() + " is wider than the harness supports");
        String n = e.getKey() + "_" + p.name();
        if (p.kind() == Signal.Kind.INPUT) {
          Signal in = wrapper.input(n, p.shape());
          u.connect(p.name(), in);
          ins.add(in);
          designIns.add(p);
        } else {
          Signal out = wrapper.output(n, p.shape());
          out.set(u.port(p.name()));
          outs.add(out);
          designOuts.add(p);
          owners.add(m);
        }
      }
    }
    wrapper.build();
    Path dir = work.resolve("all");
    EmittedDesign d = new VerilogEmitter("test", "examples").emit(wrapper);
    d.writeTo(dir);
    Files.writeString(dir.resolve("harness.cpp"), harness(d, ins, outs));
    List<String> cmd = new ArrayList<>(List.of(verilator.toString(), "--cc", "--exe",
        "--build", "-j", "1", "-Wno-fatal", "--top-module", d.top(), "-o", "sim",
        "-CFLAGS", "-O0"));
    cmd.addAll(d.verilogFiles());
    cmd.add("harness.cpp");
    ToolSupport.run(dir, Duration.ofMinutes(5), cmd.toArray(new String[0])).assertSuccess();

    Map<Module, CycleSimulator> sims = new java.util.IdentityHashMap<>();
    for (Module m : designs) {
      sims.put(m, new CycleSimulator(m));
    }
    Random rnd = new Random(42);
    StringBuilder stimuli = new StringBuilder();
    List<List<String>> expected = new ArrayList<>();
    for (int c = 0; c < CYCLES; c++) {
      boolean reset = c < 2;
      stimuli.append(reset ? "0" : "1");
      for (CycleSimulator sim : sims.values()) {
        sim.setReset(reset);
      }
      for (Signal in : designIns) {
        long bits = rnd.nextLong();
        if (in.width() < 64) {
          bits &= (1L << in.width()) - 1;
        }
        long value = Evaluator.fromBits(BigInteger.valueOf(bits), in.shape()).longValueExact();
        sims.get(in.owner()).set(in, value);
        stimuli.append(' ').append(Long.toHexString(bits));
      }
      stimuli.append('\n');
      List<String> line = new ArrayList<>();
      for (Signal out : designOuts) {
        line.add(Evaluator.bits(sims.get(out.owner()).get(out), out.width()).toString(16));
      }
      expected.add(line);
      for (CycleSimulator sim : sims.values()) {
        sim.tick();
      }
    }
    Files.writeString(dir.resolve("stimuli.txt"), stimuli);
    ToolSupport.run(dir, Duration.ofMinutes(2), "sh", "-c",
        "./obj_dir/sim < stimuli.txt > outputs.txt").assertSuccess();
    List<String> actual = Files.readAllLines(dir.resolve("outputs.txt"), StandardCharsets.UTF_8);
    assertEquals(CYCLES, actual.size(), "cycles simulated by verilator");
    for (int c = 0; c < CYCLES; c++) {
      List<String> got = List.of(actual.get(c).split(" "));
      for (int k = 0; k < designOuts.size(); k++) {
        if (!expected.get(c).get(k).equals(got.get(k))) {
          fail(names.get(designs.indexOf(owners.get(k))) + ": first difference at cycle " + c
              + " in output '" + designOuts.get(k).name() + "': java " + expected.get(c).get(k)
              + ", verilog " + got.get(k));
        }
      }
    }
  }

  private static String harness(EmittedDesign d, List<Signal> ins, List<Signal> outs) {
    String cls = "V" + d.top();
    boolean clk = d.topPorts().containsKey("clk_i");
    boolean rst = d.topPorts().containsKey("rst_ni");
    StringBuilder b = new StringBuilder();
    b.append("#include \"").append(cls).append(".h\"\n#include \"verilated.h\"\n")
        .append("#include <cstdio>\n\nint main(int argc, char** argv) {\n")
        .append("  VerilatedContext* ctx = new VerilatedContext;\n")
        .append("  ctx->commandArgs(argc, argv);\n")
        .append("  ").append(cls).append("* t = new ").append(cls).append("{ctx};\n")
        .append("  unsigned long long rst;\n  unsigned long long v;\n");
    if (rst) {
      b.append("  t->rst_ni = 1;\n");
    }
    if (clk) {
      b.append("  t->clk_i = 0;\n");
    }
    b.append("  t->eval();\n  while (scanf(\"%llx\", &rst) == 1) {\n");
    if (rst) {
      b.append("    t->rst_ni = rst;\n");
    }
    for (Signal in : ins) {
      b.append("    if (scanf(\"%llx\", &v) != 1) return 2;\n")
          .append("    t->").append(d.topPorts().get(in.name())).append(" = v;\n");
    }
    b.append("    t->eval();\n");
    for (int k = 0; k < outs.size(); k++) {
      Signal o = outs.get(k);
      String mask = o.width() >= 64 ? "~0ULL" : "((1ULL << " + o.width() + ") - 1)";
      b.append("    printf(\"%llx").append(k + 1 < outs.size() ? " " : "\\n")
          .append("\", (unsigned long long) t->").append(d.topPorts().get(o.name()))
          .append(" & ").append(mask).append(");\n");
    }
    if (clk) {
      b.append("    t->clk_i = 1;\n    t->eval();\n    t->clk_i = 0;\n    t->eval();\n");
    }
    b.append("  }\n  t->final();\n  delete t;\n  delete ctx;\n  return 0;\n}\n");
    return b.toString();
  }
}
