/**
 * Virtual boards: a generated link top (in Verilator or the cycle simulator) behind a TCP port,
 * optionally linked to a pseudo-terminal.
 */
package org.nirfpga.host.board;
