/**
 * Devices at the UART pin level: the link top in the HDL's cycle simulator or in Verilator, and
 * the RTL folder a Verilated device is built from.
 */
package org.nirfpga.host.device;
