package org.nirfpga.gen;

import org.nirfpga.fixed.FixedFormat;

/**
 * One generated layer as the host sees it: which neuron node it is, how many neurons (addresses
 * 0..size-1 on its event stream and debug port) and the format of its membrane state.
 *
 * @param index position in the pipeline (also its debug-port layer select)
 * @param path the neuron node's path in the graph
 * @param type the neuron node's NIR type
 * @param spiking whether it emits spikes; else every neuron's v code each step (LI, I, CubaLI)
 * @param size number of neurons
 * @param addressBits address bits of its output events and debug address
 * @param source the input or layer whose events its first chain consumes (the manifest lists
 *     every chain)
 * @param sourceSize number of that source's addresses
 * @param v format of the membrane codes the debug port returns
 * @param weightWords weight words stored (zero weights left out)
 * @param moduleName the Verilog module name of the layer
 * @param current format of the synaptic current codes the debug port returns with
 *     {@code dbg_var_i = 1} (CubaLI, CubaLIF), else null
 * @param countBits bits of the spike count a multi-spike IF emits per event, else 0
 */
public record LayerInfo(int index, String path, String type, boolean spiking, int size,
    int addressBits, String source, int sourceSize, FixedFormat v, int weightWords,
    String moduleName, FixedFormat current, int countBits) {

  /**
   * Bits of the value field of its output events: 0 for single spikes, the count width for a
   * multi-spike IF, the v width for readouts.
   */
  public int valueBits() {
    return spiking ? countBits : v.totalBits();
  }
}
