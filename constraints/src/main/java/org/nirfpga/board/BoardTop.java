package org.nirfpga.board;

import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.lit;
import static org.nirfpga.hdl.Hdl.uint;

import java.util.ArrayList;
import java.util.List;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Primitive;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.lib.ResetSync;

/**
 * The top module of a board: the oscillator pin (through the family's PLL or MMCM when the core
 * clock differs from it), the reset button through a reset synchronizer (held while the PLL is
 * unlocked), the UART pins, and status LEDs, around one core.
 *
 * <p>The core interface: a module with {@code clk_i}, {@code rst_ni} (active-low, released
 * synchronously), input {@code uart_rx_i} and output {@code uart_tx_o} (idle-high 8N1 lines
 * seen from the FPGA) and optionally output {@code status_o}, whose low bits light LEDs 2 and up.
 * LED 0 blinks about once a second while the core clock runs; LED 1 is lit when reset is over.
 */
public final class BoardTop {
  /** Top-level port names, as emitted; constraint files refer to these. */
  public static final String CLOCK_PORT = "clk_pin_i";
  public static final String RESET_PORT = "rst_pin_ni";
  public static final String UART_RX_PORT = "uart_rx_i";
  public static final String UART_TX_PORT = "uart_tx_o";

  /** Core port names of the core interface. */
  public static final String CORE_RX = "uart_rx_i";
  public static final String CORE_TX = "uart_tx_o";
  public static final String CORE_STATUS = "status_o";

  private BoardTop() {
  }

  /** Emitted name of LED {@code i}'s port. */
  public static String ledPort(int i) {
    return "led" + i + "_o";
  }

  /** Every top-level port name a constraint file must place, clock first. */
  public static List<String> portNames(Board board) {
    List<String> out = new ArrayList<>(List.of(CLOCK_PORT, RESET_PORT, UART_RX_PORT,
        UART_TX_PORT));
    for (int i = 0; i < board.leds().size(); i++) {
      out.add(ledPort(i));
    }
    return out;
  }

  /**
   * Whether {@code core} has the ports of the core interface. A {@link Primitive} (a core given
   * as Verilog) or a module taking its clock as a port lists {@code clk_i} and {@code rst_ni}
   * as ports too.
   */
  public static boolean fitsInterface(Module core) {
    int clocking = 0;
    if (explicitClock(core)) {
      if (find(core, "clk_i", Signal.Kind.INPUT) == null
          || find(core, "rst_ni", Signal.Kind.INPUT) == null) {
        return false;
      }
      clocking = 2;
    }
    return find(core, CORE_RX, Signal.Kind.INPUT) != null
        && find(core, CORE_TX, Signal.Kind.OUTPUT) != null
        && core.ports().size() == clocking
            + (find(core, CORE_STATUS, Signal.Kind.OUTPUT) == null ? 2 : 3);
  }

  /**
   * A stand-in for a core given as Verilog: module {@code name} with the interface ports, and a
   * {@code status_o} of {@code statusWidth} bits when positive.
   */
  public static Primitive verilogCore(String name, int statusWidth) {
    Primitive p = new Primitive(name);
    p.input("clk_i", bool());
    p.input("rst_ni", bool());
    p.input(CORE_RX, bool());
    p.output(CORE_TX, bool());
    if (statusWidth > 0) {
      p.output(CORE_STATUS, uint(statusWidth));
    }
    p.build();
    return p;
  }

  /** The board top around {@code core}, which must be built for {@code plan.coreHz()}. */
  public static Module build(Board board, ClockPlan plan, Module core) {
    if (!fitsInterface(core)) {
      throw new IllegalArgumentException("core '" + core.name() + "' does not have the board "
          + "core interface: ports uart_rx_i (in), uart_tx_o (out) and optionally status_o "
          + "(out); it has " + core.ports());
    }
    if (plan.board() != board) {
      throw new IllegalArgumentException("clock plan is for " + plan.board().name()
          + ", not " + board.name());
    }
    Module top = new Module(board.name().replace('-', '_') + "_top");
    Signal clkPin = top.input(CLOCK_PORT, bool());
    Signal rstPin = top.input(RESET_PORT, bool());
    Signal rxPin = top.input(UART_RX_PORT, bool());
    Signal txPin = top.output(UART_TX_PORT, bool());
    List<Signal> leds = new ArrayList<>();
    for (int i = 0; i < board.leds().size(); i++) {
      leds.add(top.output(ledPort(i), bool()));
    }

    Expr clk;
    Expr locked;
    Pll pll = plan.pll();
    if (pll instanceof Ice40Pll) {
      Instance u = top.instance("pll", ice40Cell((Ice40Pll) pll));
      u.connect("PACKAGEPIN", clkPin);
      u.connect("RESETB", lit(1, bool()));
      u.connect("BYPASS", lit(0, bool()));
      clk = u.port("PLLOUTGLOBAL");
      locked = u.port("LOCK");
    } else if (pll instanceof Ecp5Pll) {
      Instance u = top.instance("pll", ecp5Cell((Ecp5Pll) pll));
      u.connect("CLKI", clkPin);
      // FEEDBK_PATH="CLKOP": the output itself closes the loop, so it is phase-aligned.
      u.connect("CLKFB", u.port("CLKOP"));
      for (String low : ECP5_LOW) {
        u.connect(low, lit(0, bool()));
      }
      for (String high : ECP5_HIGH) {
        u.connect(high, lit(1, bool()));
      }
      clk = u.port("CLKOP");
      locked = u.port("LOCK");
    } else if (pll instanceof Xilinx7Mmcm) {
      Instance u = top.instance("mmcm", xilinxCell((Xilinx7Mmcm) pll));
      u.connect("CLKIN1", clkPin);
      // Internal feedback: no deskew against the pin is needed for a core clock.
      u.connect("CLKFBIN", u.port("CLKFBOUT"));
      u.connect("RST", lit(0, bool()));
      u.connect("PWRDWN", lit(0, bool()));
      Instance buf = top.instance("clk_bufg", bufg());
      buf.connect("I", u.port("CLKOUT0"));
      clk = buf.port("O");
      locked = u.port("LOCKED");
    } else {
      clk = clkPin;
      locked = lit(1, bool());
    }

    // Reset holds until the button is released and the PLL has locked; release is synchronous.
    Instance sync = top.instance("reset_sync", new ResetSync("reset_sync", 2));
    sync.connectClock(clk).connectReset(rstPin.and(locked));
    Signal running = top.wire("running", sync.port("sync_rst_no"));

    Instance u = top.instance("core", core);
    if (explicitClock(core)) {
      u.connect("clk_i", clk);
      u.connect("rst_ni", running);
    } else {
      u.connectClock(clk).connectReset(running);
    }
    u.connect(CORE_RX, rxPin);
    txPin.set(u.port(CORE_TX));

    Instance beat = top.instance("heartbeat", heartbeat(plan.coreHz()));
    beat.connectClock(clk).connectReset(running);

    List<Expr> on = new ArrayList<>();
    on.add(beat.port("beat"));
    on.add(running);
    Signal status = find(core, CORE_STATUS, Signal.Kind.OUTPUT);
    for (int i = 2; i < leds.size(); i++) {
      on.add(status != null && i - 2 < status.width() ? u.port(CORE_STATUS).bit(i - 2)
          : lit(0, bool()));
    }
    for (int i = 0; i < leds.size(); i++) {
      leds.get(i).set(board.leds().get(i).activeLow() ? on.get(i).not() : on.get(i));
    }
    top.build();
    return top;
  }

  /** EHXPLLL inputs tied low and high, as Project Trellis' ecppll ties them. */
  private static final List<String> ECP5_LOW = List.of("RST", "STDBY", "PHASESEL0",
      "PHASESEL1", "PLLWAKESYNC", "ENCLKOP");
  private static final List<String> ECP5_HIGH = List.of("PHASEDIR", "PHASESTEP",
      "PHASELOADREG");

  private static Primitive ice40Cell(Ice40Pll p) {
    Primitive cell = new Primitive(p.cell())
        .parameter("FEEDBACK_PATH", "SIMPLE")
        .parameter("DIVR", lit(p.divr(), uint(4)))
        .parameter("DIVF", lit(p.divf(), uint(7)))
        .parameter("DIVQ", lit(p.divq(), uint(3)))
        .parameter("FILTER_RANGE", lit(p.filterRange(), uint(3)));
    cell.input("PACKAGEPIN", bool());
    cell.input("RESETB", bool());
    cell.input("BYPASS", bool());
    cell.output("PLLOUTGLOBAL", bool());
    cell.output("LOCK", bool());
    cell.build();
    return cell;
  }

  private static Primitive ecp5Cell(Ecp5Pll p) {
    // The loop-filter attributes are the ones ecppll writes; nextpnr-ecp5 reads them from the
    // cell's attributes and would otherwise leave the filter unset.
    Primitive cell = new Primitive(p.cell())
        .attribute("ICP_CURRENT", "12")
        .attribute("LPF_RESISTOR", "8")
        .attribute("MFG_ENABLE_FILTEROPAMP", "1")
        .attribute("MFG_GMCREF_SEL", "2")
        .parameter("PLLRST_ENA", "DISABLED")
        .parameter("INTFB_WAKE", "DISABLED")
        .parameter("STDBY_ENABLE", "DISABLED")
        .parameter("DPHASE_SOURCE", "DISABLED")
        .parameter("OUTDIVIDER_MUXA", "DIVA")
        .parameter("CLKOP_ENABLE", "ENABLED")
        .parameter("CLKOP_DIV", lit(p.clkopDiv(), uint(8)))
        .parameter("CLKOP_CPHASE", lit(p.clkopCphase(), uint(7)))
        .parameter("CLKOP_FPHASE", lit(p.clkopFphase(), uint(3)))
        .parameter("CLKFB_DIV", lit(p.clkfbDiv(), uint(8)))
        .parameter("CLKI_DIV", lit(p.clkiDiv(), uint(8)))
        .parameter("FEEDBK_PATH", "CLKOP");
    cell.input("CLKI", bool());
    cell.input("CLKFB", bool());
    for (String in : ECP5_LOW) {
      cell.input(in, bool());
    }
    for (String in : ECP5_HIGH) {
      cell.input(in, bool());
    }
    cell.output("CLKOP", bool());
    cell.output("LOCK", bool());
    cell.build();
    return cell;
  }

  private static Primitive xilinxCell(Xilinx7Mmcm p) {
    Primitive cell = new Primitive(p.cell())
        .parameter("BANDWIDTH", "OPTIMIZED")
        .parameter("CLKIN1_PERIOD", 1000.0 / p.inputMhz())
        .parameter("DIVCLK_DIVIDE", lit(p.divclkDivide(), uint(7)))
        .parameter("CLKFBOUT_MULT_F", p.clkfboutMultF())
        .parameter("CLKFBOUT_PHASE", 0.0)
        .parameter("CLKOUT0_DIVIDE_F", p.clkout0DivideF())
        .parameter("CLKOUT0_DUTY_CYCLE", 0.5)
        .parameter("CLKOUT0_PHASE", 0.0)
        .parameter("STARTUP_WAIT", "FALSE");
    cell.input("CLKIN1", bool());
    cell.input("CLKFBIN", bool());
    cell.input("RST", bool());
    cell.input("PWRDWN", bool());
    cell.output("CLKOUT0", bool());
    cell.output("CLKFBOUT", bool());
    cell.output("LOCKED", bool());
    cell.build();
    return cell;
  }

  private static Primitive bufg() {
    Primitive cell = new Primitive("BUFG");
    cell.input("I", bool());
    cell.output("O", bool());
    cell.build();
    return cell;
  }

  /** A counter whose top bit toggles about every half second at {@code hz}. */
  static Module heartbeat(long hz) {
    int width = Math.max(2, 64 - Long.numberOfLeadingZeros(Math.max(1, hz / 2)));
    Module m = new Module("heartbeat");
    Signal count = m.reg("count", uint(width), 0);
    count.set(count.add(1).truncate(width));
    m.output("beat", bool()).set(count.msb());
    m.build();
    return m;
  }

  /** A Verilog core, or a module that takes its clock and reset as ordinary input ports. */
  private static boolean explicitClock(Module core) {
    return core instanceof Primitive || (find(core, "clk_i", Signal.Kind.INPUT) != null
        && find(core, "rst_ni", Signal.Kind.INPUT) != null);
  }

  private static Signal find(Module m, String port, Signal.Kind kind) {
    for (Signal p : m.ports()) {
      String bare = port.substring(0, port.lastIndexOf('_'));
      if (p.kind() == kind && (p.name().equals(port) || p.name().equals(bare))) {
        return p;
      }
    }
    return null;
  }
}
