package org.nirfpga.hdl.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nirfpga.hdl.tools.CycleModel;
import org.nirfpga.hdl.tools.VerilatorLint;
import org.nirfpga.hdl.tools.VerilatorRun;
import org.nirfpga.hdl.tools.VerilatorRun.InputRule;
import org.nirfpga.hdl.tools.VerilatorRun.Simulation;
import org.nirfpga.hdl.tools.YosysSynth;

/**
 * Every example design passes verilator lint, synthesizes for ice40, ecp5 and xilinx (memories in
 * block RAM), and matches its Java model cycle by cycle over thousands of seeded random cycles;
 * each model with a planted bug must fail the comparison.
 */
@Tag("verilator")
@Tag("yosys")
class ExampleDesignsIT {
  private static final int CYCLES = 6000;
  private static final long SEED = 20261128;

  /** Reset for two cycles, then again one cycle in 2000. */
  private static final InputRule RESET_N =
      (cycle, random) -> cycle < 2 || random.nextInt(2000) == 0 ? 0 : 1;

  private static final Map<String, Path> EMITTED = new HashMap<>();

  private static synchronized Path dir(String name) {
    return EMITTED.computeIfAbsent(name, Designs::emit);
  }

  static Stream<String> designs() {
    return Designs.all().keySet().stream();
  }

  static Stream<Arguments> designsAndTargets() {
    List<Arguments> out = new ArrayList<>();
    for (String name : Designs.all().keySet()) {
      for (YosysSynth.Target t : List.of(YosysSynth.Target.ICE40, YosysSynth.Target.ECP5,
          YosysSynth.Target.XILINX)) {
        out.add(Arguments.of(name, t));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("designs")
  void designIsLintClean(String name) {
    VerilatorLint.assertClean(dir(name), name);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("designsAndTargets")
  void designSynthesizesWithMemoriesInBlockRam(String name, YosysSynth.Target target) {
    YosysSynth.Stats stats = YosysSynth.synth(dir(name), name, target);
    if (Designs.hasMemory(name)) {
      stats.assertBlockRams(1);
    } else {
      stats.assertNoBlockRams();
    }
    assertTrue(stats.flops() > 0, stats.toString());
    if (name.equals("fifo")) {
      // Two 10-bit pointers and the output valid: no read-during-write bypass around the RAM.
      assertEquals(21, stats.flops(), stats.toString());
    }
  }

  @Test
  void singlePortStoreAskingForHugeRamMapsToIce40Spram() {
    Path dir = Designs.emit("spram_store", org.nirfpga.hdl.Examples::spramStore);
    YosysSynth.Stats stats = YosysSynth.synth(dir, "spram_store", YosysSynth.Target.ICE40_SPRAM);
    assertEquals(1, stats.count("SB_SPRAM256KA"), stats.toString());
    stats.assertBlockRams(1);
  }

  // ---- simulation against the Java models ----

  private static Simulation sim(String name) {
    return VerilatorRun.build(dir(name), name, "clk_i", "rst_ni");
  }

  /** Compares the true model, then proves the planted-fault model is caught on {@code port}. */
  private static List<long[]> compareAndCatchFault(Simulation sim, List<long[]> stimulus,
      BiFunction<Simulation, Boolean, CycleModel> model, String port) {
    List<long[]> outputs = sim.compare(model.apply(sim, false), stimulus);
    AssertionError error = assertThrows(AssertionError.class,
        () -> sim.compare(model.apply(sim, true), stimulus));
    assertTrue(error.getMessage().contains(": " + port + " is "), error.getMessage());
    return outputs;
  }

  private static long count(List<long[]> outputs, int port, long value) {
    return outputs.stream().filter(o -> o[port] == value).count();
  }

  @Test
  void counterMatchesItsModel() {
    Simulation sim = sim("counter");
    List<long[]> stimulus = sim.randomInputs(SEED, CYCLES, Map.of("rst_ni", RESET_N));
    List<long[]> out = compareAndCatchFault(sim, stimulus, Models::counter, "wrap_o");
    assertTrue(count(out, sim.output("wrap_o"), 1) > 5, "the counter should wrap");
  }

  @Test
  void fifoMatchesItsModelThroughFullAndEmpty() {
    Simulation sim = sim("fifo");
    // Phases of filling and draining so the FIFO reaches both full and empty.
    InputRule pushes = (c, r) -> r.nextInt(10) < (c / 1500 % 2 == 0 ? 9 : 2) ? 1 : 0;
    InputRule pops = (c, r) -> r.nextInt(10) < (c / 1500 % 2 == 0 ? 2 : 9) ? 1 : 0;
    List<long[]> stimulus = sim.randomInputs(SEED, CYCLES, Map.of("rst_ni",
        (c, r) -> c < 2 ? 0 : 1, "in_valid_i", pushes, "out_ready_i", pops));
    List<long[]> out = compareAndCatchFault(sim, stimulus,
        (s, fault) -> Models.fifo(s, Designs.FIFO_DEPTH, fault), "in_ready_o");
    int level = sim.output("level_o");
    assertTrue(count(out, level, Designs.FIFO_DEPTH + 1) > 0, "the FIFO should fill up");
    assertTrue(count(out.subList(10, out.size()), level, 0) > 0, "the FIFO should drain");
  }

  @Test
  void fifoDeliversEveryWordInOrder() {
    Simulation sim = sim("fifo");
    List<long[]> stimulus = sim.randomInputs(SEED + 1, CYCLES,
        Map.of("rst_ni", (c, r) -> c < 2 ? 0 : 1));
    List<long[]> out = sim.run(stimulus);
    List<Long> sent = new ArrayList<>();
    List<Long> received = new ArrayList<>();
    for (int c = 2; c < CYCLES; c++) {
      long[] in = stimulus.get(c);
      long[] o = out.get(c);
      if (in[sim.input("in_valid_i")] == 1 && o[sim.output("in_ready_o")] == 1) {
        sent.add(in[sim.input("in_data_i")]);
      }
      if (o[sim.output("out_valid_o")] == 1 && in[sim.input("out_ready_i")] == 1) {
        received.add(o[sim.output("out_data_o")]);
      }
    }
    Delivery.assertInOrder(sent, received, CYCLES / 4, "fifo");
  }

  @Test
  void skidBufferMatchesItsModel() {
    Simulation sim = sim("skid_buffer");
    List<long[]> stimulus = sim.randomInputs(SEED, CYCLES, Map.of("rst_ni", RESET_N));
    // The faulty model never fills its skid register, so it keeps claiming to be ready.
    compareAndCatchFault(sim, stimulus, Models::skidBuffer, "in_ready_o");
  }

  @Test
  void uartLoopbackMatchesItsModelAndReceivesWhatWasSent() {
    Simulation sim = sim("uart_loopback");
    int cyclesPerBit = UartTiming.of(Designs.UART_CLOCK_HZ, Designs.UART_BAUD).cyclesPerBit();
    List<long[]> stimulus = sim.randomInputs(SEED, CYCLES, Map.of("rst_ni",
        (c, r) -> c < 2 ? 0 : 1, "in_valid_i", (c, r) -> r.nextInt(4) == 0 ? 1 : 0));
    List<long[]> out = compareAndCatchFault(sim, stimulus,
        (s, fault) -> Models.uartLoopback(s, cyclesPerBit, fault), "tx_o");
    List<Long> sent = new ArrayList<>();
    List<Long> received = new ArrayList<>();
    for (int c = 2; c < CYCLES; c++) {
      if (stimulus.get(c)[sim.input("in_valid_i")] == 1
          && out.get(c)[sim.output("in_ready_o")] == 1) {
        sent.add(stimulus.get(c)[sim.input("in_data_i")]);
      }
      if (out.get(c)[sim.output("rx_valid_o")] == 1) {
        received.add(out.get(c)[sim.output("rx_data_o")]);
      }
    }
    assertEquals(0, count(out, sim.output("rx_frame_error_o"), 1));
    Delivery.assertInOrder(sent, received, CYCLES / (10 * cyclesPerBit) / 2, "uart loopback");
  }

  @Test
  void uartReceiverMatchesItsModelOnGlitchesAndBrokenFrames() {
    Simulation sim = sim("uart_rx");
    int cyclesPerBit = UartTiming.of(Designs.UART_CLOCK_HZ, Designs.UART_BAUD).cyclesPerBit();
    Random random = new Random(SEED);
    List<Integer> line = new ArrayList<>(List.of(1, 1));
    List<Long> goodBytesBeforeFirstBadFrame = new ArrayList<>();
    boolean badSeen = false;
    int badFrames = 0;
    while (line.size() < CYCLES) {
      for (int i = random.nextInt(3 * cyclesPerBit); i >= 0; i--) {
        line.add(1);
      }
      if (random.nextInt(10) == 0) {
        // A low pulse shorter than half a bit: the receiver must drop it at the start check.
        for (int i = 1 + random.nextInt(cyclesPerBit / 2 - 2); i > 0; i--) {
          line.add(0);
        }
        continue;
      }
      int data = random.nextInt(256);
      boolean bad = random.nextInt(8) == 0;
      int frame = (bad ? 0 : 1 << 9) | data << 1;
      for (int b = 0; b < 10; b++) {
        for (int i = 0; i < cyclesPerBit; i++) {
          line.add(frame >> b & 1);
        }
      }
      line.addAll(List.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1));
      badFrames += bad ? 1 : 0;
      badSeen |= bad;
      if (!badSeen) {
        goodBytesBeforeFirstBadFrame.add((long) data);
      }
    }
    List<long[]> stimulus = new ArrayList<>();
    for (int c = 0; c < line.size(); c++) {
      long[] row = new long[sim.inputs().size()];
      row[sim.input("rst_ni")] = c < 2 ? 0 : 1;
      row[sim.input("rx_i")] = line.get(c);
      stimulus.add(row);
    }
    List<long[]> out = compareAndCatchFault(sim, stimulus,
        (s, fault) -> Models.uartRx(s, cyclesPerBit, fault), "valid_o");
    List<Long> received = new ArrayList<>();
    for (long[] o : out) {
      if (o[sim.output("valid_o")] == 1) {
        received.add(o[sim.output("data_o")]);
      }
    }
    assertTrue(badFrames > 0 && count(out, sim.output("frame_error_o"), 1) > 0,
        "broken frames should raise frame_error_o");
    // Frames after the first broken one may resynchronize differently; the model covers them.
    int good = goodBytesBeforeFirstBadFrame.size();
    assertTrue(good > 2, "seed " + SEED + " breaks a frame too early to check delivery");
    Delivery.assertInOrder(goodBytesBeforeFirstBadFrame,
        received.subList(0, Math.min(good, received.size())), good, "uart rx");
  }

  @Test
  void memAccumulatorMatchesItsModelIncludingReadDuringWrite() {
    Simulation sim = sim("mem_accumulator");
    // Few addresses, so back-to-back updates of one word exercise the read-first hazard.
    List<long[]> stimulus = sim.randomInputs(SEED, CYCLES, Map.of("rst_ni", RESET_N,
        "addr_i", (c, r) -> r.nextInt(4)));
    compareAndCatchFault(sim, stimulus, Models::memAccumulator, "sum_o");
  }

  @Test
  void signedMacMatchesItsModelAndSaturates() {
    Simulation sim = sim("signed_mac");
    List<long[]> stimulus = sim.randomInputs(SEED, CYCLES, Map.of("rst_ni", RESET_N,
        "clear_i", (c, r) -> r.nextInt(500) == 0 ? 1 : 0,
        "a_i", (c, r) -> (c / 700 % 2 == 0 ? 100 + r.nextInt(28) : r.nextInt(256)),
        "b_i", (c, r) -> (c / 700 % 4 == 0 ? 100 + r.nextInt(28)
            : c / 700 % 4 == 2 ? 128 + r.nextInt(28) : r.nextInt(256))));
    List<long[]> out = compareAndCatchFault(sim, stimulus, Models::signedMac, "acc_o");
    assertTrue(count(out, sim.output("acc_o"), (1L << 19) - 1)
        + count(out, sim.output("acc_o"), 1L << 19) > 0, "the accumulator should saturate");
  }

  @Test
  void arbiterCrcAndResetSyncMatchTheirModel() {
    Simulation sim = sim("lib_misc");
    List<long[]> stimulus = sim.randomInputs(SEED, CYCLES, Map.of("rst_ni", RESET_N,
        "clear_i", (c, r) -> r.nextInt(100) == 0 ? 1 : 0));
    compareAndCatchFault(sim, stimulus,
        (s, fault) -> Models.libMisc(s, Designs.ARBITER_REQUESTERS, fault), "grant_o");
  }

  @Test
  void crcUnitGivesTheCheckValueOfTheStandardString() {
    Simulation sim = sim("lib_misc");
    byte[] text = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    List<long[]> stimulus = new ArrayList<>();
    Random requests = new Random(0);
    for (int c = 0; c < 4 + text.length + 1; c++) {
      long[] row = new long[sim.inputs().size()];
      row[sim.input("rst_ni")] = c < 2 ? 0 : 1;
      int i = c - 4;
      if (i >= 0 && i < text.length) {
        row[sim.input("valid_i")] = 1;
        row[sim.input("data_i")] = text[i];
      }
      row[sim.input("req_i")] = requests.nextInt(32);
      stimulus.add(row);
    }
    List<long[]> out = sim.run(stimulus);
    assertEquals(0x29B1, out.get(out.size() - 1)[sim.output("crc_o")]);
  }
}
