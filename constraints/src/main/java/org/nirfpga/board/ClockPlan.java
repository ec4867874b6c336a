package org.nirfpga.board;

import org.nirfpga.nir.NirfpgaException;

/**
 * The core clock of a board top: the board oscillator itself, or an iCE40 PLL output when a
 * higher frequency is asked for. {@code pll} is null when no PLL is used.
 */
public record ClockPlan(Board board, double coreMhz, Ice40Pll pll) {
  /** The core clock in hertz, as achieved (not as requested). */
  public long coreHz() {
    return Math.round(coreMhz * 1e6);
  }

  /**
   * The plan for {@code requestedMhz} on {@code board} (0 or the board clock: no PLL). Only the
   * iCE40 PLL is generated; other boards run at their oscillator.
   */
  public static ClockPlan of(Board board, double requestedMhz) throws NirfpgaException {
    if (requestedMhz <= 0 || Math.abs(requestedMhz - board.clockMhz()) < 1e-9) {
      return new ClockPlan(board, board.clockMhz(), null);
    }
    if (requestedMhz < board.clockMhz()) {
      throw new NirfpgaException(String.format("--freq %.3f: below the %s oscillator (%.3f MHz);"
          + " the board top only multiplies the clock, give --freq %.3f or more",
          requestedMhz, board.name(), board.clockMhz(), board.clockMhz()));
    }
    if (board.family() != Family.ICE40) {
      throw new NirfpgaException(String.format("--freq %.3f: the %s top runs at its %.3f MHz "
          + "oscillator (only the iCE40 PLL is generated); leave --freq out", requestedMhz,
          board.name(), board.clockMhz()));
    }
    try {
      Ice40Pll pll = Ice40Pll.solve(board.clockMhz(), requestedMhz);
      return new ClockPlan(board, pll.achievedMhz(), pll);
    } catch (IllegalArgumentException e) {
      throw new NirfpgaException("--freq " + requestedMhz + ": " + e.getMessage());
    }
  }
}
