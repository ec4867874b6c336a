package org.nirfpga.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.fixed.LayerTrace;

/**
 * The manifest's cycle model applied to the events of each step: least and most clock cycles a
 * step may take, from the layer engine's costs ({@code cycle_model.constants}, or the engine's
 * own when the manifest has none) and the golden model's events. Layer k's work in a step is
 * {@code per_input_event*E + per_weight_word*W + per_neuron*N + per_output_event*S + per_step};
 * the lower bound lets layers overlap fully, the upper bound lets every later layer stall its
 * producer for its whole scatter work.
 */
public final class CyclePrediction {
  private final long perEvent;
  private final long perWord;
  private final long perNeuron;
  private final long perOut;
  private final long perStep;
  private final List<Manifest.Layer> layers;
  private final int[][] rowWords;

  /**
   * The prediction for the RTL folder of {@code manifest}, whose layers have the golden model's
   * {@code constants} (one synapse chain each, fed by the previous layer).
   */
  public CyclePrediction(Manifest manifest, List<LayerConstants> constants) {
    JsonNode k = manifest.json().path("cycle_model").path("constants");
    this.perEvent = k.path("per_input_event").asLong(2);
    this.perWord = k.path("per_weight_word").asLong(3);
    this.perNeuron = k.path("per_neuron").asLong(2);
    this.perOut = k.path("per_output_event").asLong(1);
    this.perStep = k.path("per_step").asLong(2);
    this.layers = manifest.layers();
    if (constants.size() != layers.size()) {
      throw new IllegalArgumentException(constants.size() + " layers of constants for "
          + layers.size() + " layers of RTL");
    }
    this.rowWords = new int[constants.size()][];
    for (int i = 0; i < constants.size(); i++) {
      long[][] rows = constants.get(i).chains().get(0).weights();
      rowWords[i] = new int[rows.length];
      for (int j = 0; j < rows.length; j++) {
        rowWords[i][j] = rows[j].length;
      }
    }
  }

  /**
   * {lower, upper} cycles of step {@code t} (not the first after reset) with input row
   * {@code input} and the golden run {@code golden} of the same input.
   */
  public long[] bounds(int t, double[] input, GoldenResult golden) {
    long lower = 1;
    long extra = 0;
    double[] in = input;
    for (int k = 0; k < layers.size(); k++) {
      long events = 0;
      long words = 0;
      for (int j = 0; j < in.length; j++) {
        if (in[j] != 0) {
          events++;
          words += rowWords[k][j];
        }
      }
      LayerTrace tr = golden.layers().get(layers.get(k).node());
      long neurons = layers.get(k).neurons();
      long out = 0;
      double[] emitted = new double[(int) neurons];
      if (tr.spiking()) {
        for (int n = 0; n < neurons; n++) {
          out += tr.spikes()[t][n];
          emitted[n] = tr.spikes()[t][n];
        }
      } else {
        out = neurons;
      }
      if (k == 0) {
        lower += perEvent * events + perWord * words;
      } else {
        extra += (perEvent - 1) * events + perWord * words;
      }
      lower += perStep - 1 + perNeuron * neurons + perOut * out;
      in = emitted;
    }
    return new long[] {lower, lower + extra};
  }
}
