package org.nirfpga.gen;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nirfpga.fixed.LayerConstants;

/**
 * The compressed-sparse-row images of a layer's synapse chains: per source address a row word
 * {@code {count, base[, offset]}} and per stored weight a word {@code {target, weight}}; the
 * chains' rows are concatenated in chain order, and rows with equal word lists share one copy.
 *
 * <p>Two encodings, the one with fewer memory bits wins. Absolute: no offset field, a word holds
 * the target neuron, rows with equal (target, weight) lists share. Relative: each row's offset is
 * its first target, a word holds (target - offset) mod 2^addressBits, so the rows of a
 * convolution that differ only by a shift of the input share too; the engine adds the offset
 * back. Shared lists are stored in the order they first occur; without any equal rows the
 * absolute encoding is the plain concatenation of every row.
 *
 * @param rowInit row words, chain 0's source addresses first
 * @param wordInit weight words
 * @param rowOffset per chain, the index of its first row word
 * @param baseBits bits of a row's base field
 * @param countBits bits of a row's count field
 * @param offsetBits bits of a row's offset field: 0 (absolute) or the layer's address bits
 */
record SynapseTables(long[] rowInit, long[] wordInit, int[] rowOffset, int baseBits,
    int countBits, int offsetBits) {

  /**
   * Test only: a system property naming one layer (NIR node path) whose stored row offsets are
   * one too high, a planted fault the golden-vs-RTL comparisons must catch. Absent by default.
   */
  static final String TEST_FAULT_ROW_OFFSET = "nirfpga.test.fault.row-offset";

  /** The tables of {@code c}'s chains; {@code inputs} gives each chain's source size. */
  static SynapseTables of(LayerConstants c, List<ChainInput> inputs) {
    int rowsTotal = 0;
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
        maxRow = Math.max(maxRow, row.length);
      }
      // The layer engine's synapse pipeline reads a word's accumulator before the word ahead of
      // it has written its own: the words of a row must not share a target.
      for (int j = 0; j < ch.targets().length; j++) {
        BitSet seen = new BitSet();
        for (int t : ch.targets()[j]) {
          if (seen.get(t)) {
            throw new IllegalStateException("row " + j + " of chain " + k + " of " + c.path()
                + " adds to neuron " + t + " twice; the synapse pipeline needs distinct targets");
          }
          seen.set(t);
        }
      }
    }
    int countBits = Math.max(1, 64 - Long.numberOfLeadingZeros(maxRow));
    SynapseTables absolute = build(c, inputs, rowOffset, rowsTotal, countBits, false);
    SynapseTables relative = build(c, inputs, rowOffset, rowsTotal, countBits, true);
    int targetBits = LayerEngine.addressBits(c.threshold().length);
    int wordBits = targetBits + c.quant().weight().totalBits();
    boolean fault = c.path().equals(System.getProperty(TEST_FAULT_ROW_OFFSET));
    return relative.memoryBits(wordBits) < absolute.memoryBits(wordBits) || fault
        ? relative : absolute;
  }

  private static SynapseTables build(LayerConstants c, List<ChainInput> inputs, int[] rowOffset,
      int rowsTotal, int countBits, boolean relative) {
    int bw = c.quant().weight().totalBits();
    int targetBits = LayerEngine.addressBits(c.threshold().length);
    long targetMask = (1L << targetBits) - 1;
    long weightMask = (1L << bw) - 1;
    // First pass: one stored list per distinct row, in order of first occurrence.
    Map<Key, Integer> bases = new HashMap<>();
    long[] words = new long[16];
    int stored = 0;
    int[] base = new int[rowsTotal];
    long[] offset = new long[rowsTotal];
    int[] count = new int[rowsTotal];
    int r = 0;
    for (int k = 0; k < inputs.size(); k++) {
      LayerConstants.Chain ch = c.chains().get(k);
      for (int j = 0; j < ch.weights().length; j++, r++) {
        int[] t = ch.targets()[j];
        long[] w = ch.weights()[j];
        count[r] = w.length;
        offset[r] = relative && w.length > 0 ? t[0] : 0;
        long[] row = new long[w.length];
        for (int e = 0; e < w.length; e++) {
          long target = (t[e] - offset[r]) & targetMask;
          row[e] = (target << bw) | (w[e] & weightMask);
        }
        Integer at = w.length == 0 ? null : bases.get(new Key(row));
        if (at == null) {
          // An empty row points where the next list would go, as the plain concatenation did.
          at = stored;
          if (w.length > 0) {
            bases.put(new Key(row), stored);
          }
          if (stored + row.length > words.length) {
            words = Arrays.copyOf(words, Math.max(2 * words.length, stored + row.length));
          }
          System.arraycopy(row, 0, words, stored, row.length);
          stored += row.length;
        }
        base[r] = at;
      }
    }
    int baseBits = LayerEngine.addressBits(stored);
    int offsetBits = relative ? targetBits : 0;
    long planted = relative && c.path().equals(System.getProperty(TEST_FAULT_ROW_OFFSET)) ? 1 : 0;
    long[] rowInit = new long[rowsTotal];
    for (int i = 0; i < rowsTotal; i++) {
      long off = count[i] == 0 ? 0 : (offset[i] + planted) & targetMask;
      rowInit[i] = ((long) count[i] << (baseBits + offsetBits))
          | ((long) base[i] << offsetBits) | off;
    }
    return new SynapseTables(rowInit, Arrays.copyOf(words, Math.max(1, stored)), rowOffset,
        baseBits, countBits, offsetBits);
  }

  /** Bits of the row and weight memories, with weight words of {@code wordBits}. */
  long memoryBits(int wordBits) {
    return (long) rowInit.length * rowBits() + (long) wordInit.length * wordBits;
  }

  /** Width of a row word. */
  int rowBits() {
    return countBits + baseBits + offsetBits;
  }

  /** Weight words read over every source address once (zero weights are left out). */
  int words() {
    int n = 0;
    for (long r : rowInit) {
      n += (int) (r >>> (baseBits + offsetBits));
    }
    return n;
  }

  /** A row's stored words as a map key. */
  private record Key(long[] words) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key && Arrays.equals(words, ((Key) o).words);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
      return Arrays.toString(words);
    }
  }
}
