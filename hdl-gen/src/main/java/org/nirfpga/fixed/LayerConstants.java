package org.nirfpga.fixed;

import java.util.List;

/**
 * Every integer constant of one layer as the golden model uses it: the contents of the hardware's
 * weight, preload and parameter memories (docs/fixed-point.md section 3). Arrays are per neuron
 * unless noted; callers must not modify them.
 *
 * @param path the neuron node's path
 * @param type its NIR type
 * @param quant the layer's formats
 * @param chains incoming synapse chains in accumulation order
 * @param preloadFrom steps from which each preload applies (ascending, first is 0)
 * @param preload accumulator preload codes, one array per entry of {@code preloadFrom}
 * @param alphaV decay constant codes of v (MULTIPLY: alpha * 2^decayFrac)
 * @param shiftV decay shifts of v (SHIFT: alpha = 1 - 2^-k; -1 = no decay)
 * @param alphaI decay constant codes of the current (Cuba only)
 * @param shiftI decay shifts of the current (Cuba only)
 * @param leak v_leak term codes added to v each step
 * @param threshold threshold codes (v format; accumulator format for Threshold)
 * @param reset v_reset codes
 * @param currentDrivesV per neuron, whether the current is added to v (Cuba)
 * @param multiSpike whether the layer is a multi-spike IF
 */
public record LayerConstants(String path, String type, LayerQuant quant, List<Chain> chains,
    int[] preloadFrom, long[][] preload, long[] alphaV, int[] shiftV, long[] alphaI, int[] shiftI,
    long[] leak, long[] threshold, long[] reset, boolean[] currentDrivesV, boolean multiSpike) {

  /**
   * One incoming chain: for every source address j, the target neurons and weight codes its event
   * adds (zero words left out), in the order they are added.
   *
   * @param source the input or layer whose events it carries
   * @param synapses the synapse node paths along it
   * @param lag steps its cycle-closing edges hold events back
   * @param delay per source address, extra steps of a Delay node (null when none)
   * @param targets [source address][k] target neuron
   * @param weights [source address][k] weight code
   */
  public record Chain(String source, List<String> synapses, int lag, int[] delay,
      int[][] targets, long[][] weights) {}
}
