/** Byte pipes to a device: TCP, the simulated device in this process, seeded line faults. */
package org.nirfpga.host.transport;
