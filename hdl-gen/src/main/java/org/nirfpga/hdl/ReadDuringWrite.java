package org.nirfpga.hdl;

/** What a synchronous read returns when the same address is written in the same cycle. */
public enum ReadDuringWrite {
  /** The old word (the natural block RAM behaviour on ice40, ecp5 and xilinx). */
  READ_FIRST,
  /** The word being written (transparent read; the address is registered instead). */
  WRITE_FIRST,
  /**
   * The read data keeps its previous value while a write happens; one shared address. This is
   * the single-port behaviour of ice40 SPRAM.
   */
  NO_CHANGE
}
