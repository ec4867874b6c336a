/** Virtual boards: the generated link top in the cycle simulator behind a TCP port. */
package org.nirfpga.host.board;
