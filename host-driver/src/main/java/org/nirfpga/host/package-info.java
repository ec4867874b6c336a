/** Host driver: wire protocol, transports and the virtual board. */
package org.nirfpga.host;
