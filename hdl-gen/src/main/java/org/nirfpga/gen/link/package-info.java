/**
 * The device side of the wire protocol (docs/protocol.md): the protocol bridge between a UART and
 * a generated accelerator, the link top that joins them, and a pin-level simulation of it.
 */
package org.nirfpga.gen.link;
