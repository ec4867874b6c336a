package org.nirfpga.gen;

import java.util.List;
import org.nirfpga.fixed.LayerConstants;

/**
 * The compressed-sparse-row images of a layer's synapse chains: per source address a row word
 * {@code {count, base}} and per nonzero weight a word {@code {target, weight}}; the chains' rows
 * and words are concatenated in chain order.
 *
 * @param rowInit row words, chain 0's source addresses first
 * @param wordInit weight words
 * @param rowOffset per chain, the index of its first row word
 * @param baseBits bits of a row's base field
 * @param countBits bits of a row's count field
 */
record SynapseTables(long[] rowInit, long[] wordInit, int[] rowOffset, int baseBits,
    int countBits) {

  /** The tables of {@code c}'s chains; {@code inputs} gives each chain's source size. */
  static SynapseTables of(LayerConstants c, List<ChainInput> inputs) {
    int bw = c.quant().weight().totalBits();
    int rowsTotal = 0;
    int words = 0;
    int maxRow = 0;
    int[] rowOffset = new int[inputs.size()];
    for (int k = 0; k < inputs.size(); k++) {
      LayerConstants.Chain ch = c.chains().get(k);
      if (ch.weights().length != inputs.get(k).sourceSize()) {
        throw new IllegalStateException("chain " + k + " of " + c.path() + " has "
            + ch.weights().length + " rows for a source of " + inputs.get(k).sourceSize());
      }
      rowOffset[k] = rowsTotal;
      rowsTotal += ch.weights().length;
      for (long[] row : ch.weights()) {
        words += row.length;
        maxRow = Math.max(maxRow, row.length);
      }
    }
    int baseBits = LayerEngine.addressBits(words);
    int countBits = Math.max(1, 64 - Long.numberOfLeadingZeros(maxRow));
    long[] rowInit = new long[rowsTotal];
    long[] wInit = new long[Math.max(1, words)];
    int at = 0;
    int r = 0;
    for (int k = 0; k < inputs.size(); k++) {
      LayerConstants.Chain ch = c.chains().get(k);
      for (int j = 0; j < ch.weights().length; j++) {
        rowInit[r++] = ((long) ch.weights()[j].length << baseBits) | at;
        for (int e = 0; e < ch.weights()[j].length; e++) {
          long w = ch.weights()[j][e] & ((1L << bw) - 1);
          wInit[at++] = ((long) ch.targets()[j][e] << bw) | w;
        }
      }
    }
    return new SynapseTables(rowInit, wInit, rowOffset, baseBits, countBits);
  }

  /** Weight words stored (zero weights are left out). */
  int words() {
    int n = 0;
    for (long r : rowInit) {
      n += (int) (r >>> baseBits);
    }
    return n;
  }
}
