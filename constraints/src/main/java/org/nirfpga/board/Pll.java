package org.nirfpga.board;

import java.util.List;
import java.util.Map;

/**
 * The settings of one vendor clock generator that turns the board oscillator into the core
 * clock: which cell, its dividers, and the frequencies they give.
 */
public sealed interface Pll permits Ice40Pll, Ecp5Pll, Xilinx7Mmcm {
  /** The library cell instantiated in the board top, e.g. {@code EHXPLLL}. */
  String cell();

  /** The reference (oscillator) frequency in MHz. */
  double inputMhz();

  /** The core clock asked for, in MHz. */
  double requestedMhz();

  /** The core clock these settings give, in MHz; the core is built for this one. */
  double achievedMhz();

  /** The phase-detector frequency in MHz (reference after the input divider). */
  double pfdMhz();

  /** The oscillator (VCO) frequency in MHz. */
  double vcoMhz();

  /** The divider settings by lower-case cell parameter name, in the cell's order. */
  Map<String, Object> settings();

  /**
   * Every rule of the device's data sheet the settings break, one line each naming the value
   * and the legal range; empty when the settings are legal. The solvers re-check their result
   * with this, and it catches settings written by hand.
   */
  List<String> problems();
}
