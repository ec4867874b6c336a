package org.nirfpga.hdl.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nirfpga.hdl.Hdl.uint;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.emit.EmittedDesign;
import org.nirfpga.hdl.emit.VerilogEmitter;

class LibraryTest {
  private static final Map<String, Supplier<Module>> COMPONENTS = Map.of(
      "fifo", () -> new SyncFifo("fifo", uint(12), 64),
      "skid", () -> new SkidBuffer("skid", uint(3)),
      "tx", () -> new UartTx("tx", 12_000_000, 115_200),
      "rx", () -> new UartRx("rx", 12_000_000, 115_200),
      "rsync", () -> new ResetSync("rsync", 3),
      "arbiter", () -> new RoundRobinArbiter("arbiter", 3),
      "crc", () -> new Crc16("crc"),
      "loopback", Designs::uartLoopback,
      "misc", Designs::libMisc);

  private static List<String> portNames(Module m) {
    return m.ports().stream().map(Signal::name).toList();
  }

  @Test
  void everyComponentBuildsAndEmitsTheSameTextTwice() {
    for (Map.Entry<String, Supplier<Module>> e : COMPONENTS.entrySet()) {
      Module m = e.getValue().get();
      assertTrue(m.isBuilt(), e.getKey());
      EmittedDesign first = new VerilogEmitter("test", e.getKey()).emit(m);
      EmittedDesign second = new VerilogEmitter("test", e.getKey()).emit(e.getValue().get());
      assertEquals(first.files(), second.files(), e.getKey());
    }
  }

  @Test
  void fifoHasStreamPortsAndALevel() {
    SyncFifo fifo = new SyncFifo("fifo", uint(12), 64);
    assertEquals(List.of("in_valid_i", "in_ready_o", "in_data_i", "out_valid_o", "out_ready_i",
        "out_data_o", "level_o"), portNames(fifo));
    assertEquals(65, fifo.capacity());
    assertEquals(1, fifo.memories().size());
    assertEquals(64, fifo.memories().get(0).depth());
  }

  @Test
  void fifoDepthMustBeAPowerOfTwo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SyncFifo("queue", uint(8), 48));
    assertEquals("FIFO 'queue' depth 48 must be a power of two of at least 2", e.getMessage());
  }

  @Test
  void uartTimingRoundsToTheNearestCycle() {
    UartTiming t = UartTiming.of(12_000_000, 115_200);
    assertEquals(104, t.cyclesPerBit());
    assertTrue(Math.abs(t.baudError()) < 0.002, "error " + t.baudError());
    assertEquals(8, UartTiming.of(1_000_000, 125_000).cyclesPerBit());
  }

  @Test
  void uartTooFastForTheClockIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new UartRx("rx", 1_000_000, 500_000));
    assertEquals("UART clock 1000000 Hz gives 2 cycles per bit at 500000 baud; the receiver "
        + "needs at least 4", e.getMessage());
  }

  @Test
  void arbiterAndResetSyncRejectDegenerateSizes() {
    assertEquals("arbiter 'arb' needs 2 to 32 requesters, got 1",
        assertThrows(IllegalArgumentException.class,
            () -> new RoundRobinArbiter("arb", 1)).getMessage());
    assertEquals("reset synchronizer 'rs' needs at least 2 stages, got 1",
        assertThrows(IllegalArgumentException.class, () -> new ResetSync("rs", 1)).getMessage());
  }

  @Test
  void arbiterBuildsForPowerOfTwoAndOtherSizes() {
    for (int n : new int[] {2, 3, 4, 7, 32}) {
      RoundRobinArbiter arbiter = new RoundRobinArbiter("arbiter", n);
      assertEquals(n, arbiter.requesters());
      assertEquals(n, arbiter.ports().get(0).width());
    }
  }

  @Test
  void uartPortsAreTheDocumentedOnes() {
    assertEquals(List.of("in_valid_i", "in_ready_o", "in_data_i", "tx_o"),
        portNames(new UartTx("tx", 12_000_000, 115_200)));
    assertEquals(List.of("rx_i", "valid_o", "data_o", "frame_error_o"),
        portNames(new UartRx("rx", 12_000_000, 115_200)));
  }
}
