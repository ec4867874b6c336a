package org.nirfpga.hdl.lib;

/**
 * Bit timing of an 8N1 UART: the clock cycles per bit, rounded to the nearest whole cycle from the
 * clock frequency and the baud rate.
 */
public record UartTiming(long clockHz, long baud, int cyclesPerBit) {
  public UartTiming {
    if (clockHz <= 0 || baud <= 0) {
      throw new IllegalArgumentException("UART clock " + clockHz + " Hz and baud " + baud
          + " must be positive");
    }
    if (cyclesPerBit < 4) {
      throw new IllegalArgumentException("UART clock " + clockHz + " Hz gives " + cyclesPerBit
          + " cycles per bit at " + baud + " baud; the receiver needs at least 4");
    }
  }

  /** The timing for a clock of {@code clockHz} and a line of {@code baud}. */
  public static UartTiming of(long clockHz, long baud) {
    long cycles = baud <= 0 ? 0 : (clockHz + baud / 2) / baud;
    return new UartTiming(clockHz, baud, (int) Math.min(Integer.MAX_VALUE, cycles));
  }

  /** Relative error of the actual baud rate (+ is fast); keep within about 2% for 8N1. */
  public double baudError() {
    return (double) clockHz / cyclesPerBit / baud - 1.0;
  }

  /** Width of a counter that holds {@code cyclesPerBit - 1}. */
  int counterWidth() {
    return Math.max(1, 32 - Integer.numberOfLeadingZeros(cyclesPerBit - 1));
  }
}
