/**
 * The wire protocol on the host side (docs/protocol.md): frames with CRC-16, the packets they
 * carry, and a stream decoder that resynchronizes after garbage. Works on in-memory buffers.
 */
package org.nirfpga.host.protocol;
