package org.nirfpga.board;

/** The FPGA families the flow knows, with the yosys synthesis command each needs. */
public enum Family {
  ICE40("synth_ice40", "pcf"),
  ECP5("synth_ecp5", "lpf"),
  XILINX7("synth_xilinx", "xdc");

  private final String yosysCommand;
  private final String constraintExtension;

  Family(String yosysCommand, String constraintExtension) {
    this.yosysCommand = yosysCommand;
    this.constraintExtension = constraintExtension;
  }

  /** The yosys script command that maps to this family's cells. */
  public String yosysCommand() {
    return yosysCommand;
  }

  /** File extension of this family's pin constraint format. */
  public String constraintExtension() {
    return constraintExtension;
  }
}
