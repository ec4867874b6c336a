package org.nirfpga.sim;

/**
 * Decodes the output stream's payloads of one step into per-neuron results: spike counts for a
 * spiking output, the last value per neuron for a readout's value events.
 */
public final class EventMonitor {
  private final Manifest.Events out;

  /** A monitor of the output stream {@code out}. */
  public EventMonitor(Manifest.Events out) {
    this.out = out;
  }

  /**
   * Per address, the step's events. The array covers every address the field can carry, so an
   * event for an address beyond the layer shows up as a count there (the golden model has 0).
   */
  public long[] decode(long[] payloads) {
    long[] result = new long[Math.max(out.size(), 1 << out.addressBits())];
    int vb = out.valueBits();
    for (long d : payloads) {
      int address = (int) (d >>> vb) & ((1 << out.addressBits()) - 1);
      if (out.spikes()) {
        // A multi-spike IF's event carries its count (unsigned) in the value field.
        result[address] += vb == 0 ? 1 : d & ((1L << vb) - 1);
      } else {
        result[address] = vb == 0 ? 0 : (d << (64 - vb)) >> (64 - vb);
      }
    }
    return result;
  }

  /**
   * The first event of a step whose address is not above the one before it, as
   * {@code {address before, address}}, or null when the addresses ascend: a layer emits in
   * address order, the order the layers it feeds accumulate in.
   */
  public long[] outOfOrder(long[] payloads) {
    int vb = out.valueBits();
    long last = -1;
    for (long d : payloads) {
      long address = (d >>> vb) & ((1L << out.addressBits()) - 1);
      if (address <= last) {
        return new long[] {last, address};
      }
      last = address;
    }
    return null;
  }
}
