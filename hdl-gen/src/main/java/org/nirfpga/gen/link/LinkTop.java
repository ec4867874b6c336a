package org.nirfpga.gen.link;

import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.cat;
import static org.nirfpga.hdl.Hdl.lit;
import static org.nirfpga.hdl.Hdl.uint;

import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.Stream;
import org.nirfpga.hdl.emit.EmittedDesign;
import org.nirfpga.hdl.emit.VerilogEmitter;
import org.nirfpga.hdl.lib.SkidBuffer;
import org.nirfpga.hdl.lib.UartRx;
import org.nirfpga.hdl.lib.UartTiming;
import org.nirfpga.hdl.lib.UartTx;

/**
 * A UART receiver and transmitter, the protocol bridge and the accelerator in one module with
 * the board core interface: ports {@code uart_rx_i}, {@code uart_tx_o} and a 2-bit
 * {@code status_o} (bit 0: activity, toggles per accepted frame; bit 1: error, set by any refused
 * frame until RESET), what a board top instantiates between its pins (clock, reset synchronizer
 * and LEDs stay with the board; its LEDs 2 and 3 show status bits 0 and 1).
 *
 * @param top the built module
 * @param uartRx the serial input (idle high)
 * @param uartTx the serial output (idle high)
 * @param status the LED bits: {@link #STATUS_ACTIVITY} and {@link #STATUS_ERROR}
 * @param bridge the protocol bridge inside
 * @param timing the UART bit timing
 */
public record LinkTop(Module top, Signal uartRx, Signal uartTx, Signal status,
    LinkBridge bridge, UartTiming timing) {
  /** The port of the LED bits. */
  public static final String STATUS_PORT = "status_o";
  /** Bit of {@code status_o} that toggles with every accepted frame. */
  public static final int STATUS_ACTIVITY = 0;
  /** Bit of {@code status_o} that is set by a refused frame and cleared by RESET. */
  public static final int STATUS_ERROR = 1;

  /**
   * Wraps {@code pipeline}'s accelerator for a clock of {@code clockHz} and a line of
   * {@code baud} with the default link sizes.
   */
  public static LinkTop build(GeneratedPipeline pipeline, long clockHz, long baud) {
    UartTiming t = UartTiming.of(clockHz, baud);
    return build(pipeline, clockHz, baud, LinkConfig.forUart(t.cyclesPerBit()));
  }

  /** As {@link #build(GeneratedPipeline, long, long)} with the given link sizes. */
  public static LinkTop build(GeneratedPipeline pipeline, long clockHz, long baud,
      LinkConfig config) {
    String name = pipeline.top().name() + "_link";
    Module m = new Module(name);
    Signal rxPin = m.input("uart_rx_i", bool());
    Signal txPin = m.output("uart_tx_o", bool());
    Signal status = m.output(STATUS_PORT, uint(2));
    UartRx rxModule = new UartRx(name + "_uart_rx", clockHz, baud);
    UartTx txModule = new UartTx(name + "_uart_tx", clockHz, baud);
    LinkBridge bridge = new LinkBridge(name + "_bridge", LinkFacts.of(pipeline), config);
    Instance rx = m.instance("uart_rx", rxModule);
    Instance tx = m.instance("uart_tx", txModule);
    Instance b = m.instance("bridge", bridge);
    Instance acc = m.instance("accelerator", pipeline.top());
    // RESET clears the network's state by restarting the accelerator from the bridge.
    acc.connectReset(b.port("core_rst_no"));
    rx.connect("rx_i", rxPin);
    b.connect("rx_valid_i", rx.port("valid_o"));
    b.connect("rx_data_i", rx.port("data_o"));
    m.connect(b.stream("tx"), tx.stream("in"));
    txPin.set(tx.port("tx_o"));
    // A skid buffer between the bridge's events and the accelerator's input: no combinational
    // path runs from the bridge's state through the accelerator's input handshake and back (on
    // a full UP5K that path failed 39.75 MHz). The line rate leaves its cycle unseen. Outputs
    // go straight to the bridge, which reads timestep_o as their end-of-step marker arrives.
    Stream ev = b.stream("ev");
    Instance evSkid = m.instance("ev_skid",
        new SkidBuffer(name + "_ev_skid", ev.payload().shape()));
    // It restarts with the accelerator, so that a RESET leaves no event of the old run in it.
    evSkid.connectReset(b.port("core_rst_no"));
    m.connect(ev, evSkid.stream("in"));
    m.connect(evSkid.stream("out"), acc.stream("in"));
    m.connect(acc.stream("out"), b.stream("res"));
    acc.connect("dbg_layer_i", b.port("dbg_layer_o"));
    acc.connect("dbg_addr_i", b.port("dbg_addr_o"));
    b.connect("dbg_v_i", acc.port("dbg_v_o"));
    if (pipeline.top().ports().stream().anyMatch(p -> p.name().equals("dbg_var_i"))) {
      // The protocol's READ_STATE returns membrane codes only; the current stays unselected.
      acc.connect("dbg_var_i", lit(0, bool()));
    }
    b.connect("sat_acc_i", acc.port("sat_acc_o"));
    b.connect("sat_v_i", acc.port("sat_v_o"));
    b.connect("timestep_i", acc.port("timestep_o"));
    b.connect("err_i", acc.port("err_o"));
    if (pipeline.weights() != null) {
      // WRITE_WEIGHTS frames write the weight image; the link's power-on reset (high through
      // the reset and the clock after it) makes the accelerator wait for it, a RESET frame
      // (the accelerator's own reset) does not.
      m.connect(b.stream("wl"), acc.stream("wl"));
      Signal powerOn = m.reg("power_on", bool(), 1);
      powerOn.set(0);
      acc.connect("wl_clear_i", powerOn);
    }
    // Most significant first: bit 1 error, bit 0 activity.
    status.set(cat(b.port("error_o"), b.port("activity_o")));
    m.build();
    return new LinkTop(m, rxPin, txPin, status, bridge, rxModule.timing());
  }

  /** The Verilog of the whole link top, with {@code source} in the file headers. */
  public EmittedDesign emit(String source) {
    return new VerilogEmitter(PipelineGenerator.VERSION, source).emit(top);
  }
}
