package org.nirfpga.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.hdf5.NirReader;

/**
 * The design as a child process speaking the binary protocol: the same testbench runs over it,
 * a crash of the child is an error in the JVM rather than its end, and the speed benchmark
 * compares the JNI bridge with the same loop in pure C++.
 */
@Tag("verilator")
class SubprocessModelIT {
  @Test
  void testbenchOverTheSubprocessIsBitExactAndMatchesTheJniRunEventForEvent() throws Exception {
    Rtl.requireTools();
    Example e = Examples.named("mlp").orElseThrow();
    Rtl.Design d = Rtl.generate("mlp", e.graph(), "norse");
    double[][] x = e.sampleInput();
    GoldenResult g = d.golden(x);
    CosimResult viaJni;
    CosimResult viaChild;
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults(), System.out::println)) {
      viaJni = tb.run(x, g, Testbench.Options.defaults(), t -> { });
    }
    try (Testbench tb = Testbench.openSubprocess(d.dir(), BuildOptions.defaults(),
        System.out::println)) {
      assertTrue(tb.model() instanceof SubprocessModel);
      viaChild = tb.run(x, g, Testbench.Options.defaults(), t -> { });
    }
    assertTrue(viaChild.bitExact(), viaChild.summary());
    assertArrayEquals(viaJni.cyclesPerStep(), viaChild.cyclesPerStep());
    for (int t = 0; t < x.length; t++) {
      assertArrayEquals(viaJni.outputs()[t], viaChild.outputs()[t], "step " + t);
    }
    assertEquals(viaJni.totalCycles(), viaChild.totalCycles());
  }

  @Test
  void aSimulatorProcessThatDiesIsReportedAndTheJvmGoesOn() throws Exception {
    Rtl.requireTools();
    Rtl.Design d = Rtl.generate("lif", Examples.named("lif").orElseThrow().graph(), "norse");
    Manifest m = Manifest.read(d.dir());
    try (SubprocessModel child = SubprocessModel.open(d.dir(), m.top(), m.clock(),
        BuildOptions.defaults(), System.out::println)) {
      child.tick(3);
      assertEquals(3, child.cycles());
      List<ProcessHandle> kids = ProcessHandle.current().children()
          .filter(p -> p.info().commandLine().orElse("").contains("lib" + m.top() + ".so"))
          .toList();
      assertEquals(1, kids.size(), "one simulator child");
      kids.get(0).destroyForcibly();
      kids.get(0).onExit().get();
      IllegalStateException ex = assertThrows(IllegalStateException.class, () -> child.tick(1));
      assertTrue(ex.getMessage().startsWith(m.top() + ": the simulator process failed"),
          ex.getMessage());
    }
  }

  /**
   * The design of a benchmark case and one step of input it repeats: the mlp example (seeded
   * spikes), the NIR paper's Braille graph (step 0 of the oracle input) and cnn_sinabs (the
   * oracle sample's first frame of event counts).
   */
  private record BenchCase(Rtl.Design design, double[] step) {}

  private static BenchCase benchCase(String name) throws Exception {
    switch (name) {
      case "mlp": {
        Rtl.Design d = Rtl.generate("mlp", Examples.named("mlp").orElseThrow().graph(), "norse");
        return new BenchCase(d, Rtl.spikes(5, 1, 16, 0.3)[0]);
      }
      case "braille": {
        NirGraph g = NirReader.read(Rtl.shared().resolve(
            "nir-data/neuromorphs_NIR/paper/03_rnn/braille_noDelay_bias_zero.nir")).graph();
        double[][] x = Npy.read(Rtl.shared().resolve("oracle/braille_input_seed0.npy")).rows();
        int busiest = 0;
        for (int t = 1; t < x.length; t++) {
          if (Arrays.stream(x[t]).sum() > Arrays.stream(x[busiest]).sum()) {
            busiest = t;
          }
        }
        return new BenchCase(Rtl.generate("braille", g, "norse"), x[busiest]);
      }
      default: {
        NirGraph g = NirReader.read(Rtl.shared().resolve(
            "nir-data/neuromorphs_NIR/paper/02_cnn/cnn_sinabs.nir")).graph();
        double[][] sample = Npy.read(Rtl.shared().resolve("oracle/cnn_input_sample.npy"))
            .rows();
        return new BenchCase(Rtl.generate("cnn_sinabs", g, "norse", sample), sample[0]);
      }
    }
  }

  /**
   * Prints simulated cycles and steps per second of one repeated step, driven three ways: Java
   * over JNI, Java over the subprocess protocol, and the same stream loop in C++ inside the
   * executable (no bridge). Each mode runs about {@code cosim.bench.cycles} cycles (default 4
   * M), five interleaved rounds, best of five. A benchmark: it prints figures and the bridge's
   * cost, and asserts only that every mode ran the same cycles.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mlp", "braille", "cnn_sinabs"})
  void speedOfTheJniBridgeNextToThePureCppLoop(String name) throws Exception {
    Rtl.requireTools();
    BenchCase c = benchCase(name);
    Rtl.Design d = c.design();
    Manifest m = Manifest.read(d.dir());
    EventDriver driver = new EventDriver(m.input());
    long[] events = driver.events(0, c.step());
    long budget = m.cycleBudget();
    VerilatorBuild.Library lib = VerilatorBuild.build(d.dir(), m.top(), m.clock(),
        BuildOptions.defaults(), System.out::println);
    long perStep;
    try (SubprocessModel child = SubprocessModel.open(lib, System.out::println)) {
      perStep = child.nativeLoop(reset(child), events, budget, 1)[2];
    }
    long target = Long.getLong("cosim.bench.cycles", 4_000_000L);
    int steps = (int) Math.max(5, Math.min(100_000, target / Math.max(1, perStep)));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    // The machine is shared: each mode runs five rounds, interleaved, and keeps its best wall
    // and its best thread CPU time (the latter is what the code costs when it has a core).
    long[] jni = {Long.MAX_VALUE, Long.MAX_VALUE};
    long jniCycles = 0;
    long[] loop = {Long.MAX_VALUE, Long.MAX_VALUE};
    long loopCycles = 0;
    long[] child = {Long.MAX_VALUE, Long.MAX_VALUE};
    long childCycles = 0;
    for (int round = 0; round < 5; round++) {
      try (VerilatedModel model = VerilatedModel.open(lib, System.out::println)) {
        StreamPorts sp = reset(model);
        jniCycles = 0;
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int t = 0; t < steps; t++) {
          jniCycles += model.stream(sp, events, budget, 1).cycles();
        }
        jni[0] = Math.min(jni[0], System.nanoTime() - t0);
        jni[1] = Math.min(jni[1], threads.getCurrentThreadCpuTime() - c0);
      }
      try (SubprocessModel sub = SubprocessModel.open(lib, System.out::println)) {
        long[] r = sub.nativeLoop(reset(sub), events, budget, steps);
        loop[0] = Math.min(loop[0], r[0]);
        loop[1] = Math.min(loop[1], r[1]);
        loopCycles = r[2];
      }
      try (SubprocessModel sub = SubprocessModel.open(lib, System.out::println)) {
        StreamPorts sp = reset(sub);
        childCycles = 0;
        long t0 = System.nanoTime();
        for (int t = 0; t < steps; t++) {
          childCycles += sub.stream(sp, events, budget, 1).cycles();
        }
        // The child's work is in another process: only wall time says what it costs.
        child[0] = Math.min(child[0], System.nanoTime() - t0);
      }
    }
    assertEquals(loopCycles, jniCycles, "the same steps take the same cycles in every mode");
    assertEquals(loopCycles, childCycles);
    System.out.printf(Locale.ROOT, "speed, %s, %d steps of %d input events (%d cycles), best"
        + " of 5 (GLIBC_TUNABLES=%s):%n",
        m.top(), steps, events.length - 1, loopCycles, System.getenv("GLIBC_TUNABLES"));
    line("pure C++ loop", loop[0], loopCycles, steps);
    line("Java over JNI", jni[0], jniCycles, steps);
    line("Java over subprocess", child[0], childCycles, steps);
    System.out.printf(Locale.ROOT, "JNI bridge cost: %+.1f %% of native wall time, %+.1f %% of"
        + " native thread CPU time (%.3f s against %.3f s)%n",
        100.0 * (jni[0] - loop[0]) / loop[0], 100.0 * (jni[1] - loop[1]) / loop[1],
        jni[1] / 1e9, loop[1] / 1e9);
  }

  private static StreamPorts reset(RtlSimulator sim) {
    sim.poke("rst_ni", 0);
    sim.poke("out_ready_i", 1);
    sim.tick(2);
    sim.poke("rst_ni", 1);
    return StreamPorts.named(sim, "in", "out");
  }

  private static void line(String what, long nanos, long cycles, int steps) {
    double s = nanos / 1e9;
    System.out.printf(Locale.ROOT, "  %-22s %8.3f s  %12.0f cycles/s  %10.0f steps/s%n", what,
        s, cycles / s, steps / s);
  }
}
