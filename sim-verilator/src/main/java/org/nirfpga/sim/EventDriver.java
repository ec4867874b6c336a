package org.nirfpga.sim;

import org.nirfpga.fixed.FixedFormat;
import org.nirfpga.fixed.Rounding;
import org.nirfpga.nir.NirfpgaException;

/**
 * Turns one time step of input into the input stream's payloads: one event per non-zero
 * element, in address order, then the end-of-step marker. Plain spike streams take 0/1 only;
 * streams with a value field carry the element's code: the value itself for whole-number
 * events, else value * 2^fracBits rounded half to even, as the golden model converts it.
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
      double code = in.fracBits() == 0 ? x
          : new FixedFormat(48, in.fracBits()).encodeUnclamped(x, Rounding.HALF_EVEN);
      if (in.valueBits() > 0 && code != Math.rint(code)) {
        throw new NirfpgaException("input step " + t + ", element " + j + " is " + x
            + "; the RTL's input '" + in.node() + "' takes whole-number events (its"
            + " quantization has no fractional bits for it)");
      }
      long value = in.valueBits() == 0 ? 0 : ((long) code) & valueMask;
      words[k++] = ((long) j << in.valueBits()) | value;
    }
    words[k] = in.eot();
    return words;
  }
}
