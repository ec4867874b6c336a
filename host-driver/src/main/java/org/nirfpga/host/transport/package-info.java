/**
 * Byte pipes to a device: a serial port, TCP, the simulated device in this process, seeded line
 * faults.
 */
package org.nirfpga.host.transport;
