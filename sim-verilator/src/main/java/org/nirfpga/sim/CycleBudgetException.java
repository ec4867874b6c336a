package org.nirfpga.sim;

import org.nirfpga.nir.NirfpgaException;

/** A design that stopped answering: no end-of-step marker within the cycle budget. */
public final class CycleBudgetException extends NirfpgaException {
  private static final long serialVersionUID = 1L;
  private final long cycles;
  private final int inputsTaken;
  private final int outputsSeen;

  CycleBudgetException(String message, long cycles, int inputsTaken, int outputsSeen) {
    super(message);
    this.cycles = cycles;
    this.inputsTaken = inputsTaken;
    this.outputsSeen = outputsSeen;
  }

  /** Cycles run before giving up. */
  public long cycles() {
    return cycles;
  }

  /** Input events the design took. */
  public int inputsTaken() {
    return inputsTaken;
  }

  /** Output events seen before giving up. */
  public int outputsSeen() {
    return outputsSeen;
  }
}
