package org.nirfpga.gen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.fixed.LayerTrace;

/**
 * Predicted clock cycles per time step of a generated pipeline, from its structure (neurons and
 * weight words per input address of every layer) and the events of the step.
 *
 * <p>Each layer engine is one sequential FSM, so its own work in a step is linear in four counts:
 * {@code per_input_event*E + per_weight_word*W + per_neuron*N + per_output_event*S + per_step},
 * with E input events, W weight words those events read, N neurons and S output events (spikes;
 * every neuron for a non-spiking readout). Layers overlap: layer k+1 scatters the spikes of layer k
 * while layer k still scans its neurons, and a busy layer stalls its producer (valid/ready, no
 * FIFO). {@link #predictStep} replays that handshake event by event and is exact for the current
 * layer engine; {@link #lowerBound} and {@link #upperBound} need only the counts. The constants
 * live in {@link Costs} so that a change of the engine's FSM changes one line here.
 */
public final class CycleModel {
  /**
   * Cycle costs of the layer engine's FSM.
   *
   * @param perInputEvent cycles per accepted input event whatever its row (IDLE accept, ROW)
   * @param perWeightWord cycles per weight word scattered (W_RD, W_ACC, W_ADD, W_WR)
   * @param perNeuron cycles per neuron updated (N_RD, N_PIPE for the core's latency, N_UP)
   * @param perOutputEvent least cycles per output event (N_OUT, more while the consumer is busy)
   * @param perStep cycles per step besides those: accepting the end-of-step marker, emitting it
   * @param initPerNeuron cycles per neuron after reset before the layer accepts events
   */
  public record Costs(int perInputEvent, int perWeightWord, int perNeuron, int perOutputEvent,
      int perStep, int initPerNeuron) {
    /** The costs of {@code LayerEngine} as built today. */
    public static final Costs LAYER_ENGINE = new Costs(2, 4, 2 + NeuronCore.LATENCY, 1, 2, 2);

    public Costs {
      if (perInputEvent < 1 || perWeightWord < 0 || perNeuron < 1 || perOutputEvent < 1
          || perStep < 2 || initPerNeuron < 0) {
        throw new IllegalArgumentException("cycle costs out of range: " + this);
      }
    }
  }

  /**
   * One layer as the model sees it.
   *
   * @param node the neuron node's path
   * @param neurons number of neurons
   * @param spiking whether it emits spikes; a readout emits every neuron's value each step
   * @param rowWords weight words read per input address
   */
  public record Layer(String node, int neurons, boolean spiking, int[] rowWords) {
    public Layer {
      rowWords = rowWords.clone();
    }

    /** Words of the largest row. */
    public int maxRowWords() {
      int m = 0;
      for (int w : rowWords) {
        m = Math.max(m, w);
      }
      return m;
    }

    /** Words stored in all rows. */
    public long totalWords() {
      long s = 0;
      for (int w : rowWords) {
        s += w;
      }
      return s;
    }
  }

  /**
   * The events of one layer in one step.
   *
   * @param inputEvents events accepted (E)
   * @param weightWords weight words they read (W)
   * @param neurons neurons updated (N)
   * @param outputEvents events emitted (S)
   */
  public record Counts(long inputEvents, long weightWords, long neurons, long outputEvents) {}

  private final List<Layer> layers;
  private final Costs costs;

  /** A model of a pipeline with these layers, in pipeline order, and costs. */
  public CycleModel(List<Layer> layers, Costs costs) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a pipeline has at least one layer");
    }
    this.layers = List.copyOf(layers);
    this.costs = costs;
  }

  /**
   * The model of the pipeline built from these golden-model constants (one layer each, fed by the
   * previous layer; its first synapse chain gives the rows) with the layer engine's costs.
   */
  public static CycleModel of(List<LayerConstants> constants) {
    List<Layer> ls = new ArrayList<>();
    for (LayerConstants c : constants) {
      long[][] rows = c.chains().get(0).weights();
      int[] words = new int[rows.length];
      for (int j = 0; j < rows.length; j++) {
        words[j] = rows[j].length;
      }
      ls.add(new Layer(c.path(), c.threshold().length, LayerEngine.spiking(c.type()), words));
    }
    return new CycleModel(ls, Costs.LAYER_ENGINE);
  }

  /** The same structure with other costs. */
  public CycleModel withCosts(Costs other) {
    return new CycleModel(layers, other);
  }

  public List<Layer> layers() {
    return layers;
  }

  public Costs costs() {
    return costs;
  }

  /** A layer's own work in a step: the linear formula of the class comment. */
  public long layerCycles(Counts c) {
    return costs.perInputEvent * c.inputEvents() + costs.perWeightWord * c.weightWords()
        + costs.perNeuron * c.neurons() + costs.perOutputEvent * c.outputEvents() + costs.perStep;
  }

  /**
   * Least cycles of a step (no reset in it) with these counts per layer: layer 0 scatters every
   * input event, then the end-of-step marker passes every layer's neuron scan in turn, as if no
   * layer ever waited for its consumer.
   */
  public long lowerBound(List<Counts> counts) {
    check(counts);
    Counts first = counts.get(0);
    long t = costs.perInputEvent * first.inputEvents() + costs.perWeightWord * first.weightWords();
    for (Counts c : counts) {
      t += scanCycles(c);
    }
    return t + 1;
  }

  /**
   * Most cycles of a step (no reset in it) with these counts per layer: the lower bound plus, for
   * every layer after the first, its scatter work less the accept cycle it shares with its
   * producer's emit cycle, as if every such event stalled the producer for its whole duration.
   */
  public long upperBound(List<Counts> counts) {
    long t = lowerBound(counts);
    for (int k = 1; k < counts.size(); k++) {
      Counts c = counts.get(k);
      t += (costs.perInputEvent - 1) * c.inputEvents() + costs.perWeightWord * c.weightWords();
    }
    return t;
  }

  /** Cycles from accepting the end-of-step marker to emitting it, both excluded. */
  private long scanCycles(Counts c) {
    return costs.perStep - 1 + costs.perNeuron * c.neurons()
        + costs.perOutputEvent * c.outputEvents();
  }

  /**
   * Per layer counts of one step.
   *
   * @param inputAddresses the addresses of layer 0's input events
   * @param outputEvents per layer, the addresses it emits (ascending, as the scan emits them)
   */
  public List<Counts> counts(int[] inputAddresses, List<int[]> outputEvents) {
    checkEvents(outputEvents);
    List<Counts> out = new ArrayList<>();
    int[] in = inputAddresses;
    for (int k = 0; k < layers.size(); k++) {
      Layer l = layers.get(k);
      long words = 0;
      for (int a : in) {
        words += l.rowWords[a];
      }
      out.add(new Counts(in.length, words, l.neurons, outputEvents.get(k).length));
      in = outputEvents.get(k);
    }
    return out;
  }

  /**
   * Cycles of one step as {@code PipelineSimulation.step} counts them: from the first input event
   * offered (the source offers the next event the cycle after one is accepted) to the cycle in
   * which the output's end-of-step marker is taken (the sink is always ready), inclusive.
   *
   * @param inputAddresses the addresses of layer 0's input events, in order
   * @param outputEvents per layer, the addresses it emits (ascending, as the scan emits them)
   * @param afterReset whether the step is the first after reset (layers still initializing)
   */
  public long predictStep(int[] inputAddresses, List<int[]> outputEvents, boolean afterReset) {
    checkEvents(outputEvents);
    long[] free = new long[layers.size()];
    if (afterReset) {
      for (int k = 0; k < free.length; k++) {
        free[k] = (long) costs.initPerNeuron * layers.get(k).neurons;
      }
    }
    long offer = 0;
    for (int a : inputAddresses) {
      offer = accept(free, 0, offer, a) + 1;
    }
    long eot = acceptMarker(free, 0, offer);
    for (int k = 0; k < layers.size(); k++) {
      // Scan: N_RD, N_PIPE, N_UP per neuron; each output event waits in N_OUT until taken.
      long c = eot + costs.perStep - 1;
      int[] emitted = outputEvents.get(k);
      int next = 0;
      for (int n = 0; n < layers.get(k).neurons; n++) {
        c += costs.perNeuron;
        if (next < emitted.length && emitted[next] == n) {
          next++;
          long taken = k + 1 < layers.size() ? accept(free, k + 1, c, n) : c;
          c = taken + costs.perOutputEvent;
        }
      }
      eot = k + 1 < layers.size() ? acceptMarker(free, k + 1, c) : c;
    }
    return eot + 1;
  }

  /** Layer k takes an event offered at {@code offer}; returns the cycle it is taken. */
  private long accept(long[] free, int k, long offer, int address) {
    long taken = Math.max(offer, free[k]);
    free[k] = taken + costs.perInputEvent
        + (long) costs.perWeightWord * layers.get(k).rowWords[address];
    return taken;
  }

  private static long acceptMarker(long[] free, int k, long offer) {
    return Math.max(offer, free[k]);
  }

  /**
   * Per layer, the addresses emitted in step {@code t} of a golden-model run: the spiking
   * neurons, or every neuron of a readout.
   */
  public List<int[]> outputEvents(GoldenResult golden, int t) {
    List<int[]> out = new ArrayList<>();
    for (Layer l : layers) {
      LayerTrace tr = golden.layers().get(l.node);
      if (tr == null) {
        throw new IllegalArgumentException("the golden run has no layer '" + l.node + "'");
      }
      List<Integer> a = new ArrayList<>();
      for (int n = 0; n < l.neurons; n++) {
        if (!l.spiking || tr.spikes()[t][n] != 0) {
          a.add(n);
        }
      }
      out.add(a.stream().mapToInt(Integer::intValue).toArray());
    }
    return out;
  }

  /** The addresses of the non-zero elements of one step's input, in order. */
  public static int[] inputEvents(double[] step) {
    List<Integer> a = new ArrayList<>();
    for (int j = 0; j < step.length; j++) {
      if (step[j] != 0) {
        a.add(j);
      }
    }
    return a.stream().mapToInt(Integer::intValue).toArray();
  }

  private void check(List<Counts> counts) {
    if (counts.size() != layers.size()) {
      throw new IllegalArgumentException("counts for " + counts.size() + " layers, the pipeline"
          + " has " + layers.size());
    }
  }

  private void checkEvents(List<int[]> outputEvents) {
    if (outputEvents.size() != layers.size()) {
      throw new IllegalArgumentException("events for " + outputEvents.size() + " layers, the"
          + " pipeline has " + layers.size());
    }
  }

  /** The model as written into {@code manifest.json} under {@code cycle_model}. */
  public Map<String, Object> toManifest() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("unit", "clock cycles per time step");
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("per_input_event", costs.perInputEvent);
    k.put("per_weight_word", costs.perWeightWord);
    k.put("per_neuron", costs.perNeuron);
    k.put("per_output_event", costs.perOutputEvent);
    k.put("per_step", costs.perStep);
    k.put("init_per_neuron", costs.initPerNeuron);
    m.put("constants", k);
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("E", "input events the layer accepts in the step");
    vars.put("W", "weight words those events read (the sum of their rows' lengths)");
    vars.put("N", "neurons of the layer");
    vars.put("S", "events the layer emits (spikes; N for a non-spiking readout)");
    m.put("variables", vars);
    m.put("layer_formula", "per_input_event*E + per_weight_word*W + per_neuron*N"
        + " + per_output_event*S + per_step");
    m.put("step_lower_bound", "per_input_event*E[0] + per_weight_word*W[0] + sum over layers"
        + " (per_step - 1 + per_neuron*N + per_output_event*S) + 1");
    m.put("step_upper_bound", "step_lower_bound + sum over layers k >= 1"
        + " ((per_input_event - 1)*E[k] + per_weight_word*W[k])");
    m.put("step_exact", "the valid/ready handshake replayed event by event"
        + " (org.nirfpga.gen.CycleModel.predictStep); layers overlap, a busy layer stalls its"
        + " producer");
    long init = 0;
    for (Layer l : layers) {
      init = Math.max(init, (long) costs.initPerNeuron * l.neurons);
    }
    m.put("reset_cycles", init);
    List<Object> ls = new ArrayList<>();
    for (Layer l : layers) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("node", l.node);
      o.put("neurons", l.neurons);
      o.put("max_row_words", l.maxRowWords());
      o.put("total_words", l.totalWords());
      long fixed = (long) costs.perNeuron * l.neurons + costs.perStep
          + (l.spiking ? 0 : (long) costs.perOutputEvent * l.neurons);
      o.put("formula", costs.perInputEvent + "*E + " + costs.perWeightWord + "*W"
          + (l.spiking ? " + " + costs.perOutputEvent + "*S" : "") + " + " + fixed);
      ls.add(o);
    }
    m.put("layers", ls);
    return m;
  }
}
