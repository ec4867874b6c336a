package org.nirfpga.gen.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.LayerInfo;
import org.nirfpga.gen.WeightImage;

/**
 * What the protocol bridge must know of the accelerator behind it: port widths, address ranges
 * and the identity it reports in its pong (all from the generator's manifest facts).
 *
 * @param inputSize input addresses; events at or above are refused
 * @param inputAddressBits address bits of the accelerator's input stream
 * @param outputSize output addresses
 * @param outputAddressBits address bits of the output stream
 * @param outputValueBits value bits of the output stream (0 for spikes)
 * @param layerSizes neurons per layer, in pipeline order (debug-port layer select)
 * @param layerBits width of the debug layer select
 * @param debugAddressBits width of the debug address
 * @param debugVBits width of the debug v output (signed)
 * @param counterBits width of the status counters (timestep, saturation)
 * @param identity u32 identity ({@link LinkSpec#identity(String)} of the manifest)
 * @param resetCycles clock cycles the accelerator needs after its reset before its state
 *     memories hold their initial values (the cycle model's {@code reset_cycles})
 * @param weightWords words of the accelerator's weight image (0: its weights are initialised
 *     by the bitstream and it has no {@code wl} stream)
 * @param weightAddressBits width of the {@code wl} stream's address field
 * @param weightDataBits width of its data field
 */
public record LinkFacts(int inputSize, int inputAddressBits, int outputSize,
    int outputAddressBits, int outputValueBits, List<Integer> layerSizes, int layerBits,
    int debugAddressBits, int debugVBits, int counterBits, long identity, long resetCycles,
    int weightWords, int weightAddressBits, int weightDataBits) {
  /** Facts of an accelerator without a weight image. */
  public LinkFacts(int inputSize, int inputAddressBits, int outputSize, int outputAddressBits,
      int outputValueBits, List<Integer> layerSizes, int layerBits, int debugAddressBits,
      int debugVBits, int counterBits, long identity, long resetCycles) {
    this(inputSize, inputAddressBits, outputSize, outputAddressBits, outputValueBits,
        layerSizes, layerBits, debugAddressBits, debugVBits, counterBits, identity, resetCycles,
        0, 0, 0);
  }

  public LinkFacts {
    if (weightWords < 0 || weightWords > (1 << 24) || weightDataBits > 32
        || (weightWords > 0 && (weightAddressBits < 1 || weightAddressBits > 24))) {
      throw new IllegalArgumentException(weightWords + " weight words of " + weightDataBits
          + " bits at " + weightAddressBits + " address bits; the link writes up to 2^24 words"
          + " of at most 32 bits");
    }
    layerSizes = List.copyOf(layerSizes);
    if (resetCycles < 0 || resetCycles > 0xffffffffL) {
      throw new IllegalArgumentException("reset cycles " + resetCycles + " must be 0..2^32-1");
    }
    if (inputSize < 1 || inputSize > (1 << 24) || outputSize < 1 || outputSize > (1 << 24)) {
      throw new IllegalArgumentException("input size " + inputSize + " and output size "
          + outputSize + " must be 1..2^24");
    }
    if (layerSizes.isEmpty() || layerSizes.size() > 255) {
      throw new IllegalArgumentException(layerSizes.size() + " layers; the link reads 1..255");
    }
    if (outputValueBits > 32 || debugVBits > 32 || counterBits > 32) {
      throw new IllegalArgumentException("value, v and counter widths must be at most 32");
    }
  }

  /** The facts of a generated pipeline. */
  public static LinkFacts of(GeneratedPipeline p) {
    List<LayerInfo> ls = p.layers();
    LayerInfo last = ls.get(ls.size() - 1);
    WeightImage w = p.weights();
    return new LinkFacts(ls.get(0).sourceSize(), p.in().payload().width() - 1, last.size(),
        last.addressBits(), last.valueBits(), ls.stream().map(LayerInfo::size).toList(),
        p.dbgLayer().width(), p.dbgAddr().width(), p.dbgV().width(), p.timestep().width(),
        LinkSpec.identity(p.manifestJson()), resetCycles(p.manifestJson()),
        w == null ? 0 : w.size(), w == null ? 0 : w.addressBits(),
        w == null ? 0 : w.dataBits());
  }

  /** The cycle model's {@code reset_cycles} in a manifest. */
  static long resetCycles(String manifestJson) {
    try {
      JsonNode n = new ObjectMapper().readTree(manifestJson).path("cycle_model")
          .path("reset_cycles");
      if (!n.canConvertToLong()) {
        throw new IllegalArgumentException("the manifest's cycle_model has no reset_cycles");
      }
      return n.asLong();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the manifest is not JSON: " + e.getMessage(), e);
    }
  }

  /** Bytes of one output event in a STEP_OUTPUT: u24 address [+ s32 value]. */
  public int outputEventBytes() {
    return outputValueBits == 0 ? 3 : 7;
  }
}
