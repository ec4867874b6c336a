package org.nirfpga.fixed;

import org.nirfpga.nir.ref.Contract;

import java.util.Objects;

/**
 * What {@link Quantizer} aims for: widths of weights and state, the decay encoding, rounding and
 * overflow behaviour, and the event range of the graph's inputs.
 *
 * @param contract the discrete-time conventions (preset) the model follows
 * @param weightBits width of every weight word
 * @param stateBits width of v and of the synaptic current
 * @param decay multiplier constant or multiplier-free shift
 * @param decayFracBits fractional bits of the alpha constant
 * @param rounding rounding of every right shift
 * @param overflow saturate (and count) or wrap
 * @param inputEvents the integer values input events may carry
 * @param accumulatorBits accumulator width, or 0 to size it by interval analysis
 * @param thresholdHeadroom spiking layers' v and current span this many thresholds each way (or
 *     less when the interval analysis proves less is enough); beyond it they saturate and count
 */
public record QuantOptions(Contract contract, int weightBits, int stateBits, DecayEncoding decay,
    int decayFracBits, Rounding rounding, Overflow overflow, EventRange inputEvents,
    int accumulatorBits, double thresholdHeadroom) {
  /** Default {@link #thresholdHeadroom}: 6 bits above the threshold. */
  public static final double DEFAULT_HEADROOM = 64;

  public QuantOptions {
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(decay, "decay");
    Objects.requireNonNull(rounding, "rounding");
    Objects.requireNonNull(overflow, "overflow");
    Objects.requireNonNull(inputEvents, "inputEvents");
    if (weightBits < 2 || weightBits > 32) {
      throw new IllegalArgumentException("weight bits " + weightBits + " outside 2..32");
    }
    if (stateBits < 4 || stateBits > FixedFormat.MAX_BITS) {
      throw new IllegalArgumentException("state bits " + stateBits + " outside 4.."
          + FixedFormat.MAX_BITS);
    }
    if (decayFracBits < 1 || decayFracBits > LayerQuant.MAX_DECAY_FRAC
        || stateBits + decayFracBits > 62) {
      throw new IllegalArgumentException("decay fractional bits " + decayFracBits
          + " outside 1.." + Math.min(LayerQuant.MAX_DECAY_FRAC, 62 - stateBits));
    }
    if (!(thresholdHeadroom >= 1) || thresholdHeadroom > 0x1p40) {
      throw new IllegalArgumentException("threshold headroom " + thresholdHeadroom
          + " outside 1..2^40");
    }
    if (accumulatorBits != 0 && (accumulatorBits < weightBits
        || accumulatorBits > FixedFormat.MAX_BITS)) {
      throw new IllegalArgumentException("accumulator bits " + accumulatorBits + " outside "
          + weightBits + ".." + FixedFormat.MAX_BITS);
    }
  }

  /**
   * 8-bit weights, 16-bit state, alpha to 12 fractional bits, half-even, saturating, binary input
   * spikes, accumulators sized by interval analysis, 64 thresholds of headroom.
   */
  public static QuantOptions defaults(Contract contract) {
    return new QuantOptions(contract, 8, 16, DecayEncoding.MULTIPLY, 12, Rounding.HALF_EVEN,
        Overflow.SATURATE, EventRange.SPIKES, 0, DEFAULT_HEADROOM);
  }

  /** A copy with other weight and state widths. */
  public QuantOptions withBits(int weight, int state) {
    return new QuantOptions(contract, weight, state, decay, Math.min(decayFracBits, 62 - state),
        rounding, overflow, inputEvents, accumulatorBits, thresholdHeadroom);
  }

  /** A copy with another decay encoding and alpha precision. */
  public QuantOptions withDecay(DecayEncoding encoding, int fracBits) {
    return new QuantOptions(contract, weightBits, stateBits, encoding, fracBits, rounding, overflow,
        inputEvents, accumulatorBits, thresholdHeadroom);
  }

  /** A copy with another input event range. */
  public QuantOptions withInputEvents(EventRange range) {
    return new QuantOptions(contract, weightBits, stateBits, decay, decayFracBits, rounding,
        overflow, range, accumulatorBits, thresholdHeadroom);
  }

  /** A copy with a fixed accumulator width (0: interval analysis). */
  public QuantOptions withAccumulatorBits(int bits) {
    return new QuantOptions(contract, weightBits, stateBits, decay, decayFracBits, rounding,
        overflow, inputEvents, bits, thresholdHeadroom);
  }

  /** A copy with another contract (preset). */
  public QuantOptions withContract(Contract c) {
    return new QuantOptions(c, weightBits, stateBits, decay, decayFracBits, rounding, overflow,
        inputEvents, accumulatorBits, thresholdHeadroom);
  }

  /** A copy with another threshold headroom. */
  public QuantOptions withHeadroom(double thresholds) {
    return new QuantOptions(contract, weightBits, stateBits, decay, decayFracBits, rounding,
        overflow, inputEvents, accumulatorBits, thresholds);
  }

  /** A copy with another rounding. */
  public QuantOptions withRounding(Rounding r) {
    return new QuantOptions(contract, weightBits, stateBits, decay, decayFracBits, r, overflow,
        inputEvents, accumulatorBits, thresholdHeadroom);
  }
}
