/** Virtual boards: a generated link top (in Verilator or the cycle simulator) behind a TCP port. */
package org.nirfpga.host.board;
