package org.nirfpga.fixed;

/**
 * One neuron layer's run through the golden model: per step the events it emitted and its state
 * after the step (after any reset), as integer codes.
 *
 * @param path NIR node path
 * @param type NIR node type
 * @param spiking whether the layer emits spike events (else its output is v)
 * @param vFormat format of {@code v} (for Threshold: the accumulator, i.e. its input)
 * @param currentFormat format of {@code current}, null unless CubaLI/CubaLIF
 * @param currentScale per neuron, the factor the stored current carries (see docs/fixed-point.md)
 * @param threshold per neuron v_threshold in NIR units (empty for non-spiking layers)
 * @param spikes [step][neuron] events emitted (0/1, or counts for multi-spike IF); null if none
 * @param v [step][neuron] membrane codes
 * @param current [step][neuron] scaled current codes, null unless Cuba
 */
public record LayerTrace(String path, String type, boolean spiking, FixedFormat vFormat,
    FixedFormat currentFormat, double[] currentScale, double[] threshold, int[][] spikes,
    long[][] v, long[][] current) {

  /** v per step in NIR units. */
  public double[][] vDecoded() {
    double[][] out = new double[v.length][];
    for (int t = 0; t < v.length; t++) {
      out[t] = new double[v[t].length];
      for (int i = 0; i < v[t].length; i++) {
        out[t][i] = vFormat.decode(v[t][i]);
      }
    }
    return out;
  }

  /** The synaptic current per step in NIR units (null unless Cuba). */
  public double[][] currentDecoded() {
    if (current == null) {
      return null;
    }
    double[][] out = new double[current.length][];
    for (int t = 0; t < current.length; t++) {
      out[t] = new double[current[t].length];
      for (int i = 0; i < current[t].length; i++) {
        out[t][i] = currentFormat.decode(current[t][i]) / currentScale[i];
      }
    }
    return out;
  }

  /** Total events emitted. */
  public long spikeCount() {
    long n = 0;
    if (spikes != null) {
      for (int[] row : spikes) {
        for (int s : row) {
          n += s;
        }
      }
    }
    return n;
  }
}
