package org.nirfpga.fixed;

import java.util.List;
import java.util.Objects;

/**
 * Fixed-point formats of one neuron layer (a NIR neuron node and the synapse nodes feeding it).
 *
 * @param type the NIR type of the neuron node, checked against the graph
 * @param synapses paths of the synapse nodes whose weights feed this layer, checked too
 * @param weight format of every weight word; its scale is {@code 2^-weight.fracBits()}
 * @param accumulator format of the per-neuron input accumulator; same fractional bits as weight
 * @param v membrane format (for Threshold: unused, equal to the accumulator's)
 * @param current synaptic current format for CubaLI/CubaLIF, else null
 * @param decay how alpha is built
 * @param decayFracBits fractional bits of the alpha constant (MULTIPLY); ignored for SHIFT
 * @param rounding rounding of every right shift in the layer
 * @param overflow what a too-large result does
 * @param maxSpikes most spikes one neuron emits per step (1 unless multi-spike IF)
 */
public record LayerQuant(String type, List<String> synapses, FixedFormat weight,
    FixedFormat accumulator, FixedFormat v, FixedFormat current, DecayEncoding decay,
    int decayFracBits, Rounding rounding, Overflow overflow, int maxSpikes) {
  /** Largest alpha fractional width; also {@code v.totalBits() + decayFracBits <= 62}. */
  public static final int MAX_DECAY_FRAC = 30;

  public LayerQuant {
    Objects.requireNonNull(type, "type");
    synapses = List.copyOf(synapses);
    Objects.requireNonNull(weight, "weight");
    Objects.requireNonNull(accumulator, "accumulator");
    Objects.requireNonNull(v, "v");
    Objects.requireNonNull(decay, "decay");
    Objects.requireNonNull(rounding, "rounding");
    Objects.requireNonNull(overflow, "overflow");
  }

  /** A copy with another membrane format. */
  public LayerQuant withV(FixedFormat f) {
    return new LayerQuant(type, synapses, weight, accumulator, f, current, decay, decayFracBits,
        rounding, overflow, maxSpikes);
  }

  /** A copy with another accumulator format. */
  public LayerQuant withAccumulator(FixedFormat f) {
    return new LayerQuant(type, synapses, weight, f, v, current, decay, decayFracBits, rounding,
        overflow, maxSpikes);
  }
}
