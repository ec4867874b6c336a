package org.nirfpga.board;

import org.nirfpga.nir.NirfpgaException;

/**
 * The core clock of a board top: the board oscillator itself, or the output of the family's
 * clock generator (iCE40 PLL, ECP5 EHXPLLL, 7-series MMCM) when another frequency is asked for.
 * {@code pll} is null when none is used; {@code coreMhz} is what the generator achieves.
 */
public record ClockPlan(Board board, double coreMhz, Pll pll) {
  /** The core clock in hertz, as achieved (not as requested). */
  public long coreHz() {
    return Math.round(coreMhz * 1e6);
  }

  /**
   * The plan for {@code requestedMhz} on {@code board} (0 or the board clock: no PLL), with the
   * closest frequency the family's clock generator can make. The iCE40 top only multiplies;
   * ECP5 and 7-series tops also divide.
   */
  public static ClockPlan of(Board board, double requestedMhz) throws NirfpgaException {
    if (requestedMhz <= 0 || Math.abs(requestedMhz - board.clockMhz()) < 1e-9) {
      return new ClockPlan(board, board.clockMhz(), null);
    }
    if (board.family() == Family.ICE40 && requestedMhz < board.clockMhz()) {
      throw new NirfpgaException(String.format("--freq %.3f: below the %s oscillator (%.3f MHz);"
          + " the board top only multiplies the clock, give --freq %.3f or more",
          requestedMhz, board.name(), board.clockMhz(), board.clockMhz()));
    }
    try {
      Pll pll;
      switch (board.family()) {
        case ICE40:
          pll = Ice40Pll.solve(board.clockMhz(), requestedMhz);
          break;
        case ECP5:
          pll = Ecp5Pll.solve(board.clockMhz(), requestedMhz);
          break;
        default:
          pll = Xilinx7Mmcm.solve(board.clockMhz(), requestedMhz);
          break;
      }
      return new ClockPlan(board, pll.achievedMhz(), pll);
    } catch (IllegalArgumentException e) {
      throw new NirfpgaException("--freq " + requestedMhz + ": " + e.getMessage());
    }
  }
}
