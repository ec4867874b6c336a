package org.nirfpga.gen;

import org.nirfpga.hdl.Stream;

/**
 * One event stream of the top module as the host sees it: which graph node it belongs to, its
 * Verilog port prefix and its word layout {@code {eot, address[, value]}}.
 *
 * @param node the Input or Output node's path
 * @param prefix the port prefix ({@code in}, {@code out}, or {@code in_<k>} / {@code out_<k>}
 *     when the graph has several)
 * @param stream the top's stream
 * @param size number of addresses
 * @param addressBits address bits
 * @param valueBits bits of the signed value field (0: spikes, no value field)
 * @param fracBits fractional bits of an input's value codes (value = code / 2^fracBits)
 * @param source for an output, the layer it copies; for an input, the input itself
 * @param spiking whether the events are spikes (else values: graded input, readout v)
 */
public record EventPort(String node, String prefix, Stream stream, int size, int addressBits,
    int valueBits, int fracBits, String source, boolean spiking) {

  /** The word that ends a time step on this stream. */
  public long eotWord() {
    return 1L << (addressBits + valueBits);
  }
}
