package org.nirfpga.host.transport;

import org.nirfpga.nir.NirfpgaException;

/**
 * A parsed {@code serial:PATH[?baud=N]} URI: the port's device path (or a Windows COM name) and
 * the line's baud rate.
 *
 * @param path the device, e.g. /dev/ttyUSB1, a pseudo-terminal link, or COM3
 * @param baud the baud rate, {@value #DEFAULT_BAUD} when the URI gives none
 */
public record SerialAddress(String path, int baud) {
  /** The baud rate the generated UART bridge uses unless told otherwise. */
  public static final int DEFAULT_BAUD = 115_200;
  /** The fastest rate accepted; FTDI-class adapters top out at 12 Mbaud. */
  public static final int MAX_BAUD = 12_000_000;
  /** The slowest rate accepted. */
  public static final int MIN_BAUD = 300;

  /** Parses {@code uri}; the message of a refusal names the URI and what to write instead. */
  public static SerialAddress parse(String uri) throws NirfpgaException {
    if (!uri.startsWith("serial:")) {
      throw new NirfpgaException(uri + ": not a serial URI; write serial:/dev/ttyUSB1?baud="
          + DEFAULT_BAUD);
    }
    String rest = uri.substring("serial:".length());
    int q = rest.indexOf('?');
    String path = q < 0 ? rest : rest.substring(0, q);
    if (path.startsWith("//")) {
      // serial:///dev/ttyUSB1 is the same port as serial:/dev/ttyUSB1.
      path = path.substring(2);
    }
    if (path.isEmpty()) {
      throw new NirfpgaException(uri + ": a serial URI needs the port's device path, e.g."
          + " serial:/dev/ttyUSB1?baud=3000000");
    }
    int baud = DEFAULT_BAUD;
    if (q >= 0) {
      for (String param : rest.substring(q + 1).split("&", -1)) {
        int eq = param.indexOf('=');
        String key = eq < 0 ? param : param.substring(0, eq);
        if (!key.equals("baud")) {
          throw new NirfpgaException(uri + ": unknown parameter '" + key + "'; a serial URI"
              + " takes only baud, e.g. serial:" + path + "?baud=3000000");
        }
        String value = eq < 0 ? "" : param.substring(eq + 1);
        try {
          baud = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          baud = -1;
        }
        if (baud < MIN_BAUD || baud > MAX_BAUD) {
          throw new NirfpgaException(uri + ": bad baud '" + value + "'; give a whole number of"
              + " bits per second from " + MIN_BAUD + " to " + MAX_BAUD + ", e.g. baud=3000000");
        }
      }
    }
    return new SerialAddress(path, baud);
  }

  /** The URI naming this port and rate. */
  public String uri() {
    return "serial:" + path + "?baud=" + baud;
  }
}
