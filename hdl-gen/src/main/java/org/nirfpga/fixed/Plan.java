package org.nirfpga.fixed;

import org.nirfpga.nir.ref.Contract;

import java.util.List;
import java.util.Map;

/**
 * A NIR graph lowered to the hardware's shape, still in floating point: input ports, neuron layers
 * in evaluation order with their incoming synapse chains expanded to per-event target lists, and
 * output ports. Every linear factor on a chain (Scale, AvgPool's 1/k^2, the neuron's input gain,
 * the spike amplitude) is already multiplied into the chain's weights.
 */
record Plan(List<PortPlan> inputs, List<LayerPlan> layers, Map<String, String> outputs,
    Contract contract) {

  /** An input port: a source of integer events. */
  record PortPlan(String path, int[] shape, int size) {}

  /** Neuron kinds the golden model implements. */
  enum Kind {
    IF, LIF, LI, I, CUBA_LIF, CUBA_LI, THRESHOLD;

    boolean spiking() {
      return this == IF || this == LIF || this == CUBA_LIF || this == THRESHOLD;
    }

    boolean cuba() {
      return this == CUBA_LIF || this == CUBA_LI;
    }

    boolean stateful() {
      return this != THRESHOLD;
    }
  }

  /**
   * One neuron layer. Per-neuron arrays are in the layer's flat (C order) index.
   *
   * @param gain the factor folded into every weight that targets the neuron
   * @param alphaV per-step decay of v (1 = none)
   * @param alphaI per-step decay of the scaled current (Cuba only)
   * @param leakV constant added to v each step, in v units
   * @param iScale scaled current = iScale * I (Cuba only); only used to decode I for reports
   * @param iCouples whether the scaled current drives v (false when r * dt / tau_mem is 0)
   * @param multiSpike Sinabs IF: several spikes per step, v clamped at -v_threshold
   */
  record LayerPlan(String path, String nodeType, Kind kind, int[] shape, int size,
      List<ChainPlan> chains, List<BiasPlan> biases, double[] gain, double[] alphaV,
      double[] alphaI, double[] leakV, double[] threshold, double[] vReset, double[] iScale,
      boolean[] iCouples, boolean multiSpike, List<String> synapses) {}

  /**
   * Bias (in the layer's input units, gain folded in) that reaches the accumulators from step
   * {@code fromStep} on; a layer's preload at step t is the sum of every entry with fromStep <= t.
   */
  record BiasPlan(int fromStep, double[] values) {}

  /**
   * Events of one source reaching one layer through a path of synapse nodes.
   *
   * @param lag steps the path's cycle-closing edges hold events back (0 for feed-forward)
   * @param delaySteps per source element, extra steps a Delay node holds the event (null: none)
   * @param targets per source element, the target neurons an event of value 1 reaches
   * @param weights per source element, the folded weight of each target entry
   */
  record ChainPlan(String source, List<String> nodes, int lag, int[] delaySteps,
      int[][] targets, double[][] weights) {}
}
