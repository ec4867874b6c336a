package org.nirfpga.sim;

import org.nirfpga.nir.NirfpgaException;

/**
 * Turns one time step of input into the input stream's payloads: one event per non-zero
 * element, in address order, then the end-of-step marker. Plain spike streams take 0/1 only;
 * streams with a value field carry the element's integer code.
 */
public final class EventDriver {
  private final Manifest.Events in;

  /** A driver for the input stream {@code in}. */
  public EventDriver(Manifest.Events in) {
    this.in = in;
  }

  /** The payloads of step {@code t} with input {@code row} (one value per input element). */
  public long[] events(int t, double[] row) throws NirfpgaException {
    if (row.length != in.size()) {
      throw new NirfpgaException("input step " + t + " has " + row.length + " elements but"
          + " input node '" + in.node() + "' takes " + in.size());
    }
    int n = 0;
    for (double x : row) {
      if (x != 0) {
        n++;
      }
    }
    long[] words = new long[n + 1];
    int k = 0;
    long valueMask = (1L << in.valueBits()) - 1;
    for (int j = 0; j < row.length; j++) {
      double x = row[j];
      if (x == 0) {
        continue;
      }
      if (in.valueBits() == 0 && x != 1) {
        throw new NirfpgaException("input step " + t + ", element " + j + " is " + x
            + "; the RTL's input '" + in.node() + "' takes binary spikes (0 or 1)");
      }
      if (in.valueBits() > 0 && x != Math.rint(x)) {
        throw new NirfpgaException("input step " + t + ", element " + j + " is " + x
            + "; graded events must be integer codes");
      }
      long value = in.valueBits() == 0 ? 0 : ((long) x) & valueMask;
      words[k++] = ((long) j << in.valueBits()) | value;
    }
    words[k] = in.eot();
    return words;
  }
}
