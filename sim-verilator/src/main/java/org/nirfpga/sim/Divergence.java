package org.nirfpga.sim;

import java.util.Locale;

/**
 * The first place the RTL and the golden model disagree.
 *
 * @param timestep the time step (0-based)
 * @param layer the NIR node of the layer
 * @param neuron the neuron index, or -1 for a layer-wide value (a counter)
 * @param variable what differs: {@code v} (state read through the debug port), {@code spikes}
 *     or {@code value} (output events), {@code timestep} or {@code sat_acc}/{@code sat_v}
 *     (status counters), or {@code err_o ...} (the sticky error bits, expected 0)
 * @param expected the golden model's value
 * @param actual the RTL's value
 * @param cycle the clock cycle (since the model was opened) at which the step ended
 */
public record Divergence(int timestep, String layer, int neuron, String variable, long expected,
    long actual, long cycle) {

  /** One line: where, what, both values. */
  public String describe() {
    return String.format(Locale.ROOT, "timestep %d, layer '%s'%s, %s: expected %d (golden model),"
        + " actual %d (RTL), at cycle %d", timestep, layer,
        neuron >= 0 ? ", neuron " + neuron : "", variable, expected, actual, cycle);
  }
}
