package org.nirfpga.gen;

/**
 * What one incoming synapse chain of a layer receives: events of a source with
 * {@code sourceSize} addresses, each carrying a signed value of {@code valueBits} bits (0: a
 * spike, worth 1).
 *
 * @param source the input or layer whose events the chain carries
 * @param sourceSize number of source addresses
 * @param valueBits width of the events' value field (0 for spikes)
 * @param lag steps the chain holds events back (1 over a recurrent edge)
 */
record ChainInput(String source, int sourceSize, int valueBits, int lag) {
  ChainInput {
    if (sourceSize < 1 || valueBits < 0 || lag < 0) {
      throw new IllegalArgumentException("chain input " + source + ": size " + sourceSize
          + ", value bits " + valueBits + ", lag " + lag);
    }
  }
}
