package org.nirfpga.board;

import java.util.List;

/**
 * A development board: its FPGA (family, device, package and the place-and-route names for
 * them), the oscillator pin and frequency, the FTDI UART pins seen from the FPGA ({@code
 * uartRxSite} is the FPGA's input), the LEDs, the active-low reset button, what the device offers
 * and the classpath name of its pin constraint file.
 */
public record Board(String name, String description, Family family, String device,
    String packageName, String pnrDevice, String pnrPackage, String clockSite, double clockMhz,
    String uartRxSite, String uartTxSite, List<Led> leds, String resetSite,
    DeviceResources resources, String constraintResource) {
  public Board {
    if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException("board name '" + name + "' must be lower-case letters,"
          + " digits and dashes");
    }
    if (!(clockMhz > 0)) {
      throw new IllegalArgumentException("board " + name + ": clock " + clockMhz
          + " MHz must be positive");
    }
    if (leds.size() < 2) {
      throw new IllegalArgumentException("board " + name + ": the board top needs two LEDs "
          + "(heartbeat, running), got " + leds.size());
    }
    if (!constraintResource.endsWith("." + family.constraintExtension())) {
      throw new IllegalArgumentException("board " + name + ": constraint file "
          + constraintResource + " must be a ." + family.constraintExtension() + " file");
    }
    leds = List.copyOf(leds);
  }

  /** The board oscillator frequency in hertz. */
  public long clockHz() {
    return Math.round(clockMhz * 1e6);
  }

  /** Whether the flow can place, route and pack a bitstream here (open tools on this machine). */
  public boolean bitstreamHere() {
    return family == Family.ICE40;
  }
}
