/** Verilator co-simulation: build, native bridge, Java testbench. */
package org.nirfpga.sim;
