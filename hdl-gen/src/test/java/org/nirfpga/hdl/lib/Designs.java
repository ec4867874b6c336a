package org.nirfpga.hdl.lib;

import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.uint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.nirfpga.hdl.Examples;
import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.emit.VerilogEmitter;

/** The example designs the integration tests lint, synthesize and simulate. */
final class Designs {
  private Designs() {}

  /** UART clock and baud of the loopback: 8 cycles per bit keeps frames short in simulation. */
  static final long UART_CLOCK_HZ = 1_000_000;
  static final long UART_BAUD = 125_000;
  static final int FIFO_DEPTH = 512;
  static final int ARBITER_REQUESTERS = 5;

  /** Every design by top-module name. */
  static Map<String, Supplier<Module>> all() {
    Map<String, Supplier<Module>> m = new LinkedHashMap<>();
    m.put("counter", Examples::counter);
    m.put("fifo", () -> new SyncFifo("fifo", uint(8), FIFO_DEPTH));
    m.put("skid_buffer", () -> new SkidBuffer("skid_buffer", uint(16)));
    m.put("uart_loopback", Designs::uartLoopback);
    m.put("uart_rx", () -> new UartRx("uart_rx", UART_CLOCK_HZ, UART_BAUD));
    m.put("mem_accumulator", Examples::memAccumulator);
    m.put("signed_mac", Examples::signedMac);
    m.put("lib_misc", Designs::libMisc);
    return m;
  }

  /** Designs holding a memory that must land in block RAM. */
  static boolean hasMemory(String name) {
    return name.equals("fifo") || name.equals("mem_accumulator");
  }

  /** A UART transmitter whose line feeds a UART receiver. */
  static Module uartLoopback() {
    Module m = new Module("uart_loopback");
    Instance tx = m.instance("tx", new UartTx("uart_tx", UART_CLOCK_HZ, UART_BAUD));
    Instance rx = m.instance("rx", new UartRx("uart_rx", UART_CLOCK_HZ, UART_BAUD));
    m.connect(m.streamIn("in", uint(8)), tx.stream("in"));
    rx.connect("rx", tx.port("tx"));
    m.output("tx_o", bool()).set(tx.port("tx"));
    m.output("rx_valid_o", bool()).set(rx.port("valid"));
    m.output("rx_data_o", uint(8)).set(rx.port("data"));
    m.output("rx_frame_error_o", bool()).set(rx.port("frame_error"));
    return m.build();
  }

  /** An arbiter, and a CRC unit whose reset passes through a reset synchronizer. */
  static Module libMisc() {
    Module m = new Module("lib_misc");
    Signal req = m.input("req_i", uint(ARBITER_REQUESTERS));
    Signal data = m.input("data_i", uint(8));
    Signal valid = m.input("valid_i", bool());
    Signal clear = m.input("clear_i", bool());
    Instance arbiter = m.instance("arbiter",
        new RoundRobinArbiter("rr_arbiter", ARBITER_REQUESTERS));
    arbiter.connect("req", req);
    Instance sync = m.instance("reset_sync", new ResetSync("reset_sync", 2));
    Instance crc = m.instance("crc", new Crc16("crc16"));
    crc.connectReset(sync.port("sync_rst_no"));
    crc.connect("data", data).connect("valid", valid).connect("clear", clear);
    m.output("grant_o", uint(ARBITER_REQUESTERS)).set(arbiter.port("grant"));
    m.output("busy_o", bool()).set(arbiter.port("busy"));
    m.output("crc_o", uint(16)).set(crc.port("crc"));
    m.output("crc_rst_no", bool()).set(sync.port("sync_rst_no"));
    return m.build();
  }

  /** Emits design {@code name} into a fresh folder under the build directory. */
  static Path emit(String name) {
    return emit(name, all().get(name));
  }

  /** Emits the design {@code design} builds into a fresh folder named {@code name}. */
  static Path emit(String name, Supplier<Module> design) {
    Path dir = Path.of(System.getProperty("nirfpga.build.dir", "target"), "hdl-it", name)
        .toAbsolutePath();
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      new VerilogEmitter("test", name).emit(design.get()).writeTo(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
