package org.nirfpga.board;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a board's constraint file against the board definition and the ports of its board top:
 * every top port placed on the board's site for it, nothing placed that the top lacks, no site
 * used twice, and the clock constrained to exactly the oscillator frequency.
 */
public final class ConstraintCheck {
  private ConstraintCheck() {
  }

  /** The site the board definition gives each board-top port. */
  public static Map<String, String> expectedSites(Board board) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(BoardTop.CLOCK_PORT, board.clockSite());
    out.put(BoardTop.RESET_PORT, board.resetSite());
    out.put(BoardTop.UART_RX_PORT, board.uartRxSite());
    out.put(BoardTop.UART_TX_PORT, board.uartTxSite());
    for (int i = 0; i < board.leds().size(); i++) {
      out.put(BoardTop.ledPort(i), board.leds().get(i).site());
    }
    return out;
  }

  /** Every disagreement, each naming the file, the port and the fix; empty when all agree. */
  public static List<String> check(Board board, PinConstraints pins, List<String> topPorts) {
    List<String> errors = new ArrayList<>(pins.unread().stream()
        .map(u -> u + " (not a statement this checker reads)").toList());
    String f = pins.file();
    Map<String, String> expected = expectedSites(board);
    Map<String, String> bySite = new HashMap<>();
    for (Map.Entry<String, String> e : pins.sites().entrySet()) {
      String port = e.getKey();
      String site = e.getValue();
      if (!topPorts.contains(port)) {
        errors.add(f + ": port " + port + " is not a port of the board top; its ports are "
            + topPorts);
      } else if (expected.containsKey(port) && !expected.get(port).equals(site)) {
        errors.add(f + ": port " + port + " on site " + site + " but board " + board.name()
            + " has it on " + expected.get(port));
      }
      String other = bySite.put(site, port);
      if (other != null) {
        errors.add(f + ": site " + site + " holds both " + other + " and " + port);
      }
    }
    for (String port : topPorts) {
      if (!pins.sites().containsKey(port)) {
        errors.add(f + ": board top port " + port + " is not placed; add it on site "
            + expected.getOrDefault(port, "?"));
      }
    }
    Double mhz = pins.clockMhz().get(BoardTop.CLOCK_PORT);
    if (mhz == null) {
      errors.add(f + ": no clock constraint on " + BoardTop.CLOCK_PORT + "; constrain it to "
          + board.clockMhz() + " MHz");
    } else if (Math.abs(mhz - board.clockMhz()) > 1e-6 * board.clockMhz()) {
      errors.add(f + ": clock " + BoardTop.CLOCK_PORT + " constrained to " + mhz + " MHz but "
          + "board " + board.name() + " has a " + board.clockMhz() + " MHz oscillator");
    }
    for (String port : pins.clockMhz().keySet()) {
      if (!port.equals(BoardTop.CLOCK_PORT)) {
        errors.add(f + ": clock constraint on " + port + ", which is not the oscillator pin "
            + BoardTop.CLOCK_PORT);
      }
    }
    return errors;
  }
}
