/**
 * A standard library written in the HDL itself: FIFO, skid buffer, UART, reset synchronizer,
 * round-robin arbiter and CRC-16. Each component is a {@link org.nirfpga.hdl.Module} subclass,
 * built on construction, to be placed with {@link org.nirfpga.hdl.Module#instance}.
 */
package org.nirfpga.hdl.lib;
