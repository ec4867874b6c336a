package org.nirfpga.gen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.fixed.LayerTrace;

/**
 * Predicted clock cycles per time step of a generated pipeline, from its structure (inputs,
 * layers with their synapse chains, outputs) and the events of each step.
 *
 * <p>Each layer engine is one sequential FSM, so its own work in a step is linear in four counts:
 * {@code per_input_event*E + per_weight_word*W + per_neuron*N + per_output_event*S + per_step},
 * with E input events (over all its chains), W weight words those events read, N neurons and S
 * output events (spikes; every neuron for a non-spiking readout). Parts overlap: a layer scatters
 * the spikes of its producer while the producer still scans its neurons, a busy consumer stalls
 * its producer, FIFO links decouple them. {@link #replay} replays that handshake cycle by cycle
 * and is exact for the generated hardware; {@link #bounds} needs only the counts. The constants
 * live in {@link Costs} so that a change of an FSM changes one line here.
 */
public final class CycleModel {
  /**
   * Cycle costs of the layer engine's FSM.
   *
   * @param perInputEvent cycles per accepted input event whatever its row (IDLE accept, ROW), at
   *     most: an event taken with the last word of the row before it costs {@code
   *     eventOverlap} less
   * @param perWeightWord cycles per weight word scattered (W_RD; the synapse pipeline takes one
   *     word a cycle)
   * @param perNeuron cycles per neuron updated (the pipeline starts and retires one a cycle)
   * @param perOutputEvent cycles an output event adds when the consumer takes it at once (0:
   *     the event leaves in its neuron's retire cycle; a busy consumer holds the pipeline)
   * @param perStep cycles per step besides those: accepting the end-of-step marker, the wait
   *     for the last accumulator write, the first neuron's read and the core's latency, pushing
   *     the marker into the output buffer (the cycle after the last neuron retires), and the
   *     buffer's cycle before the consumer sees it
   * @param initPerNeuron cycles per neuron after reset before the layer accepts events
   * @param eventOverlap cycles an event saves when the layer engine takes it in the cycle it
   *     reads the last word of the row before it (the row read overlaps that word, whose
   *     accumulator write is forwarded); a marker, or an event after a row without words, waits
   *     for IDLE. 0 for engines that take events in IDLE only.
   */
  public record Costs(int perInputEvent, int perWeightWord, int perNeuron, int perOutputEvent,
      int perStep, int initPerNeuron, int eventOverlap) {
    /** The costs of {@code LayerEngine} as built today. */
    public static final Costs LAYER_ENGINE = new Costs(2, 1, 1, 0,
        3 + LayerEngine.N_HOLD + NeuronCore.LATENCY + Costs.OUTPUT_BUFFER, 2, 1);
    /** Cycles between a layer pushing a word into its output buffer and offering it. */
    public static final int OUTPUT_BUFFER = 1;
    /**
     * Cycles a layer of several lanes adds to every word it emits: the merge moves a lane's word
     * into the layer's own two-slot buffer, offered a cycle later.
     */
    public static final int MERGE_BUFFER = 1;
    /** Cycles from a word entering an empty {@code SyncFifo} to the word being offered. */
    public static final int FIFO_LATENCY = 2;
    /** Delay line ({@code DelayLine}): cycles per event written (IDLE accept, WRITE). */
    public static final int DELAY_PER_EVENT = 2;
    /** Delay line: scan cycles per source address (SCAN_RD, SCAN_CHK). */
    public static final int DELAY_PER_ADDRESS = 2;
    /** Delay line: accepting the end-of-step marker and emitting it (IDLE, EOT). */
    public static final int DELAY_PER_STEP = 2;
    /** Delay line: cycles per ring word after reset (INIT clears one word a cycle). */
    public static final int DELAY_INIT_PER_WORD = 1;

    public Costs {
      if (perInputEvent < 1 || perWeightWord < 0 || perNeuron < 1 || perOutputEvent < 0
          || perStep < 2 || initPerNeuron < 0 || eventOverlap < 0
          || eventOverlap >= perInputEvent) {
        throw new IllegalArgumentException("cycle costs out of range: " + this);
      }
    }
  }

  /**
   * One synapse chain of a layer as the model sees it.
   *
   * @param source the input node or layer it reads; null in a pipeline built from layers alone
   *     means the layer before it (the input for the first layer)
   * @param lag steps a recurrent edge holds its events back (0: feed-forward)
   * @param delay per source address, steps of a Delay node (null: no delay line)
   * @param rowWords weight words read per source address
   */
  public record Chain(String source, int lag, int[] delay, int[] rowWords) {
    public Chain {
      delay = delay == null ? null : delay.clone();
      rowWords = rowWords.clone();
    }

    @Override
    public int[] delay() {
      return delay == null ? null : delay.clone();
    }

    @Override
    public int[] rowWords() {
      return rowWords.clone();
    }
  }

  /**
   * One layer as the model sees it.
   *
   * @param node the neuron node's path
   * @param neurons number of neurons
   * @param spiking whether it emits spikes; a readout emits every neuron's value each step
   * @param chains its synapse chains in the order the engine takes them; in a layer of several
   *     lanes a row's words are those of its longest lane share (the lanes scatter together)
   * @param lanes lanes the neurons are split over ({@code LanedLayer}); 1 for one engine
   * @param pingPong whether it has two accumulator banks: it takes the next step's events while
   *     it scans, and its reset fills both banks
   */
  public record Layer(String node, int neurons, boolean spiking, List<Chain> chains, int lanes,
      boolean pingPong) {
    public Layer {
      chains = List.copyOf(chains);
      if (chains.isEmpty()) {
        throw new IllegalArgumentException("layer '" + node + "' has no synapse chain");
      }
      if (!Lanes.valid(lanes) || lanes > neurons) {
        throw new IllegalArgumentException("layer '" + node + "' of " + neurons
            + " neurons cannot have " + lanes + " lanes");
      }
    }

    /** A layer with one accumulator bank. */
    public Layer(String node, int neurons, boolean spiking, List<Chain> chains, int lanes) {
      this(node, neurons, spiking, chains, lanes, false);
    }

    /** A layer of one lane. */
    public Layer(String node, int neurons, boolean spiking, List<Chain> chains) {
      this(node, neurons, spiking, chains, 1);
    }

    /** Cycles after reset before it takes events: those of its largest lane. */
    public long initCycles(Costs costs) {
      return initCycles(costs, 0);
    }

    /** Cycles after reset before lane {@code lane} takes events: a pass of its neurons per bank. */
    public long initCycles(Costs costs, int lane) {
      return (long) costs.initPerNeuron() * Lanes.size(neurons, lanes, lane) * (pingPong ? 2 : 1);
    }

    /** Neurons of the largest lane: the cycles of the neuron scan. */
    public int laneNeurons() {
      return Lanes.size(neurons, lanes, 0);
    }

    /** A layer with one feed-forward chain from the layer before it (or the input). */
    public Layer(String node, int neurons, boolean spiking, int[] rowWords) {
      this(node, neurons, spiking, List.of(new Chain(null, 0, null, rowWords)));
    }

    /** Words per address of the first chain. */
    public int[] rowWords() {
      return chains.get(0).rowWords();
    }

    /** Words of the largest row of the first chain. */
    public int maxRowWords() {
      int m = 0;
      for (int w : chains.get(0).rowWords) {
        m = Math.max(m, w);
      }
      return m;
    }

    /** Words stored in the rows of the first chain. */
    public long totalWords() {
      long s = 0;
      for (int w : chains.get(0).rowWords) {
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

  /**
   * The events of every source (input node or layer) in one step, in the order they are sent:
   * ascending addresses. A negative entry {@code ~a} is a zero-valued event of address a (a
   * readout's v of 0): it costs what any event costs, but a delay line does not store it.
   *
   * @param events by input node or layer path
   */
  public record Step(Map<String, int[]> events) {
    public Step {
      events = Map.copyOf(events);
    }

    /** The events of {@code source}, none when it is not named. */
    public int[] of(String source) {
      int[] e = events.get(source);
      return e == null ? new int[0] : e;
    }
  }

  /**
   * How the host drives the streams.
   *
   * @param readyPeriod outputs are ready in cycle c of a step when
   *     {@code c % readyPeriod == readyPeriod - 1} (1: always), as the Verilator testbench does
   * @param gapCycles clock cycles run between two steps with no input offered (the testbench's
   *     debug reads of every layer's state)
   * @param backToBack whether the host offers every step's input right after the step before
   *     it (its marker taken), without waiting for the outputs' markers; cycle c of the run
   *     then counts from the first, and a step's cycles are those from the step before's last
   *     output marker to its own (gapCycles must be 0)
   */
  public record Host(int readyPeriod, long gapCycles, boolean backToBack) {
    public Host {
      if (readyPeriod < 1 || gapCycles < 0 || backToBack && gapCycles > 0) {
        throw new IllegalArgumentException("host out of range: " + this);
      }
    }

    /** A host that sends a step after the outputs' markers of the step before. */
    public Host(int readyPeriod, long gapCycles) {
      this(readyPeriod, gapCycles, false);
    }

    /** Always ready, every step's input right after the step before's. */
    public static final Host BACK_TO_BACK = new Host(1, 0, true);

    /** Always ready, no cycles between steps. */
    public static final Host STREAMING = new Host(1, 0);
  }

  private final Map<String, Integer> inputs;
  private final List<Layer> layers;
  private final List<String> outputs;
  private final Costs costs;
  /** Per layer, per chain: the FIFO's memory depth of the link, 0 when wired straight. */
  private final int[][] fifoDepth;

  /**
   * A model of a pipeline.
   *
   * @param inputs input node -> addresses, in port order
   * @param layers the layers, each after the layers its feed-forward chains read
   * @param outputs per output port, in port order, the layer it streams
   * @param costs the cycle costs
   */
  public CycleModel(Map<String, Integer> inputs, List<Layer> layers, List<String> outputs,
      Costs costs) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a pipeline has at least one layer");
    }
    this.inputs = new LinkedHashMap<>(inputs);
    this.layers = List.copyOf(layers);
    this.outputs = List.copyOf(outputs);
    this.costs = costs;
    Map<String, Integer> consumers = new LinkedHashMap<>();
    for (String o : outputs) {
      consumers.merge(o, 1, Integer::sum);
    }
    for (Layer l : layers) {
      for (Chain c : l.chains) {
        consumers.merge(c.source, 1, Integer::sum);
      }
    }
    fifoDepth = new int[layers.size()][];
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      fifoDepth[i] = new int[l.chains.size()];
      for (int c = 0; c < l.chains.size(); c++) {
        Chain ch = l.chains.get(c);
        if (sourceSize(ch.source) < 0) {
          throw new IllegalArgumentException("layer '" + l.node + "' reads '" + ch.source
              + "', which is no input and no earlier layer");
        }
        // The generator's rule (PipelineGenerator): a source with one consumer that takes one
        // feed-forward chain is wired straight; every other link gets a FIFO of a whole step.
        boolean direct = ch.lag == 0 && ch.delay == null && l.chains.size() == 1
            && consumers.get(ch.source) == 1;
        fifoDepth[i][c] = direct ? 0
            : PipelineGenerator.fifoDepth((sourceSize(ch.source) + 1) * Math.max(1, ch.lag));
      }
    }
  }

  /**
   * A model of a chain of layers (each fed by the one before, the first by input
   * {@code "input"}), streaming the last layer out.
   */
  public CycleModel(List<Layer> layers, Costs costs) {
    this(chainInputs(layers), resolve(layers), List.of(layers.get(layers.size() - 1).node),
        costs);
  }

  private static Map<String, Integer> chainInputs(List<Layer> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a pipeline has at least one layer");
    }
    Chain first = layers.get(0).chains.get(0);
    return first.source == null ? Map.of("input", first.rowWords.length) : Map.of();
  }

  private static List<Layer> resolve(List<Layer> layers) {
    List<Layer> out = new ArrayList<>();
    for (int k = 0; k < layers.size(); k++) {
      Layer l = layers.get(k);
      List<Chain> cs = new ArrayList<>();
      for (Chain c : l.chains) {
        String src = c.source != null ? c.source : k == 0 ? "input" : layers.get(k - 1).node;
        cs.add(new Chain(src, c.lag, c.delay, c.rowWords));
      }
      out.add(new Layer(l.node, l.neurons, l.spiking, cs, l.lanes, l.pingPong));
    }
    return out;
  }

  /** The model of the pipeline the generator builds for {@code golden}'s graph. */
  public static CycleModel of(GoldenModel golden) {
    return of(golden, Map.of());
  }

  /**
   * The model of the pipeline the generator builds for {@code golden}'s graph with these lanes
   * per layer path (1 where absent).
   */
  public static CycleModel of(GoldenModel golden, Map<String, Integer> lanes) {
    return of(golden, lanes, Set.of());
  }

  /**
   * The model of the pipeline the generator builds for {@code golden}'s graph with these lanes
   * per layer path (1 where absent) and ping-pong accumulators in the layers named.
   */
  public static CycleModel of(GoldenModel golden, Map<String, Integer> lanes,
      Set<String> pingPong) {
    List<String> outs = new ArrayList<>(golden.outputSources().values());
    return new CycleModel(golden.inputSizes(), layersOf(golden.constants(), lanes, pingPong),
        outs, Costs.LAYER_ENGINE);
  }

  /**
   * The model of a chain of layers built from these golden-model constants (each fed by the
   * previous layer, the first by the input; its first synapse chain gives the rows).
   */
  public static CycleModel of(List<LayerConstants> constants) {
    List<Layer> ls = new ArrayList<>();
    for (Layer l : layersOf(constants, Map.of(), Set.of())) {
      ls.add(new Layer(l.node, l.neurons, l.spiking, l.chains.get(0).rowWords));
    }
    return new CycleModel(ls, Costs.LAYER_ENGINE);
  }

  private static List<Layer> layersOf(List<LayerConstants> constants,
      Map<String, Integer> lanes, Set<String> pingPong) {
    List<Layer> ls = new ArrayList<>();
    for (LayerConstants c : constants) {
      int l = lanes.getOrDefault(c.path(), 1);
      int[][] words = Lanes.rowWords(c, l);
      List<Chain> chains = new ArrayList<>();
      for (int k = 0; k < words.length; k++) {
        LayerConstants.Chain ch = c.chains().get(k);
        chains.add(new Chain(ch.source(), ch.lag(), ch.delay(), words[k]));
      }
      ls.add(new Layer(c.path(), c.threshold().length, LayerEngine.spiking(c.type()), chains,
          l, pingPong.contains(c.path())));
    }
    return ls;
  }

  /** The same structure with other costs. */
  public CycleModel withCosts(Costs other) {
    return new CycleModel(inputs, layers, outputs, other);
  }

  public List<Layer> layers() {
    return layers;
  }

  /** Input node -> addresses, in port order. */
  public Map<String, Integer> inputs() {
    return java.util.Collections.unmodifiableMap(inputs);
  }

  /** Per output port, the layer it streams. */
  public List<String> outputs() {
    return outputs;
  }

  public Costs costs() {
    return costs;
  }

  /** Memory depth of the FIFO in front of chain {@code chain} of layer {@code layer}, 0 if none. */
  public int fifoDepth(int layer, int chain) {
    return fifoDepth[layer][chain];
  }

  /** Addresses of an input or layer, -1 when there is no such source. */
  int sourceSize(String source) {
    Integer in = inputs.get(source);
    if (in != null) {
      return in;
    }
    for (Layer l : layers) {
      if (l.node.equals(source)) {
        return l.neurons;
      }
    }
    return -1;
  }

  private boolean isLayer(String source) {
    return !inputs.containsKey(source);
  }

  private int layerIndex(String path) {
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).node.equals(path)) {
        return i;
      }
    }
    return -1;
  }

  /** A layer's own work in a step: the linear formula of the class comment. */
  public long layerCycles(Counts c) {
    return costs.perInputEvent * c.inputEvents() + costs.perWeightWord * c.weightWords()
        + costs.perNeuron * c.neurons() + costs.perOutputEvent * c.outputEvents() + costs.perStep;
  }

  /**
   * Least cycles of a step of a chain of layers (no reset in it) with these counts per layer:
   * layer 0 scatters every input event (each after the first taken with the last word of the
   * row before it), then the end-of-step marker passes every layer's neuron scan in turn, as if
   * no layer ever waited for its consumer. {@link #bounds} covers any graph.
   */
  public long lowerBound(List<Counts> counts) {
    check(counts);
    Counts first = counts.get(0);
    return markerPath(counts, leastScatter(first.inputEvents(), first.weightWords()));
  }

  /**
   * Least cycles from a layer's first event to taking its marker when its input offers {@code
   * events} events reading {@code words} words back to back: every event but the first taken
   * with the last word of the row before it.
   */
  private long leastScatter(long events, long words) {
    return events == 0 ? 0 : (costs.perInputEvent - costs.eventOverlap) * events
        + costs.perWeightWord * words + costs.eventOverlap;
  }

  /** The chain's marker path after layer 0's scatter of {@code scatter} cycles, and 1. */
  private long markerPath(List<Counts> counts, long scatter) {
    long t = scatter;
    for (int k = 0; k < counts.size(); k++) {
      t += scanCycles(counts.get(k)) + mergeLatency(layers.get(k));
    }
    return t + 1;
  }

  /**
   * Most cycles of a step of a chain of layers (no reset in it) with these counts per layer:
   * the lower bound's marker path after layer 0's scatter at its full cost (per_input_event per
   * event), plus, for every layer after the first, its scatter work less the accept cycle it
   * shares with its producer's emit cycle, as if every such event stalled the producer for its
   * whole duration. {@link #bounds} covers any graph.
   */
  public long upperBound(List<Counts> counts) {
    check(counts);
    Counts first = counts.get(0);
    long t = markerPath(counts,
        costs.perInputEvent * first.inputEvents() + costs.perWeightWord * first.weightWords());
    for (int k = 1; k < counts.size(); k++) {
      Counts c = counts.get(k);
      t += (costs.perInputEvent - 1) * c.inputEvents() + costs.perWeightWord * c.weightWords();
    }
    for (int k = 0; k < counts.size(); k++) {
      t += mergeCycles(layers.get(k), counts.get(k));
    }
    return t;
  }

  /** Cycles from accepting the end-of-step marker to emitting it, both excluded. */
  private long scanCycles(Counts c) {
    return costs.perStep - 1 + costs.perNeuron * c.neurons()
        + costs.perOutputEvent * c.outputEvents();
  }

  /**
   * Per layer counts of one step of a chain of layers.
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
        words += l.chains.get(0).rowWords[a];
      }
      out.add(new Counts(in.length, words, l.laneNeurons(), outputEvents.get(k).length));
      in = outputEvents.get(k);
    }
    return out;
  }

  /**
   * Per layer counts of step {@code t} of a run of any graph: E and W over all its chains
   * (events of recurrent and delayed chains counted in the step they reach the layer).
   */
  public List<Counts> counts(List<Step> steps, int t) {
    List<Counts> out = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      long e = 0;
      long w = 0;
      for (int c = 0; c < l.chains.size(); c++) {
        for (int a : arriving(steps, t, l.chains.get(c))) {
          e++;
          w += l.chains.get(c).rowWords[a];
        }
      }
      out.add(new Counts(e, w, l.laneNeurons(), steps.get(t).of(l.node).length));
    }
    return out;
  }

  /**
   * The source addresses chain {@code ch} delivers to its layer in step {@code t}: the source's
   * events of step {@code t - lag}, or through a delay line the non-zero events of address a
   * from step {@code t - lag - delay[a]}.
   */
  private static List<Integer> arriving(List<Step> steps, int t, Chain ch) {
    List<Integer> out = new ArrayList<>();
    if (ch.delay == null) {
      if (t - ch.lag >= 0) {
        for (int a : steps.get(t - ch.lag).of(ch.source)) {
          out.add(a < 0 ? ~a : a);
        }
      }
      return out;
    }
    for (int a = 0; a < ch.delay.length; a++) {
      int s = t - ch.lag - ch.delay[a];
      if (s >= 0) {
        for (int x : steps.get(s).of(ch.source)) {
          if (x == a) {
            out.add(a);
          }
        }
      }
    }
    return out;
  }

  /**
   * {least, most} cycles of step {@code t >= 1} of a run of any graph, from counts only.
   *
   * <p>Least: the longest feed-forward path of end-of-step markers. An input's marker is taken
   * no earlier than its E events; a FIFO link adds {@link Costs#FIFO_LATENCY}; a delay line
   * scans {@code 1 + DELAY_PER_ADDRESS*addresses + S} more cycles; a layer takes its last
   * marker no earlier than every feed-forward chain's marker arrives and than it scattered the
   * events its inputs send it straight ({@code (per_input_event - event_overlap)*E +
   * per_weight_word*W + event_overlap}, E > 0), then
   * scans {@code per_step - 1 + per_neuron*N + per_output_event*S}; the step ends one cycle
   * after the last output's marker. Debug reads between steps may let layers take recurrent
   * events early, so nothing else is counted.
   *
   * <p>Most: everything serialized: every layer's own work (its formula, with E and W over all
   * its chains), every delay line's ({@code DELAY_PER_EVENT*E + DELAY_PER_ADDRESS*addresses +
   * S + DELAY_PER_STEP}), {@link Costs#FIFO_LATENCY} per FIFO link, the previous step's work of
   * the layers and delay lines no output waits for (it may still run), and 1.
   */
  public long[] bounds(List<Step> steps, int t) {
    if (t < 1 || t >= steps.size()) {
      throw new IllegalArgumentException("step " + t + " of " + steps.size()
          + ": bounds hold for steps after the first");
    }
    Step now = steps.get(t);
    Map<String, Long> markerOut = new LinkedHashMap<>();
    for (String in : inputs.keySet()) {
      markerOut.put(in, (long) now.of(in).length);
    }
    List<Counts> counts = counts(steps, t);
    List<Counts> before = counts(steps, t - 1);
    boolean[] feedsOutput = feedsOutput();
    long upper = 1;
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      long accept = 0;
      long events = 0;
      long words = 0;
      for (int c = 0; c < l.chains.size(); c++) {
        Chain ch = l.chains.get(c);
        int size = sourceSize(ch.source);
        long delayWork = 0;
        long delayBefore = 0;
        if (ch.delay != null) {
          delayWork = delayCycles(steps, t, ch, size);
          delayBefore = delayCycles(steps, t - 1, ch, size);
        }
        upper += delayWork + (fifoDepth[i][c] > 0 ? Costs.FIFO_LATENCY : 0)
            + (feedsOutput[i] ? 0 : delayBefore);
        if (ch.lag > 0) {
          continue;
        }
        long arrival = markerOut.get(ch.source) + (fifoDepth[i][c] > 0 ? Costs.FIFO_LATENCY : 0);
        if (ch.delay != null) {
          arrival += 1 + (long) Costs.DELAY_PER_ADDRESS * size
              + arriving(steps, t, ch).size();
        } else if (!isLayer(ch.source)) {
          for (int a : arriving(steps, t, ch)) {
            events++;
            words += ch.rowWords[a];
          }
        }
        accept = Math.max(accept, arrival);
      }
      accept = Math.max(accept, leastScatter(events, words));
      markerOut.put(l.node, accept + scanCycles(counts.get(i)) + mergeLatency(l));
      upper += layerCycles(counts.get(i)) + mergeCycles(l, counts.get(i))
          + (feedsOutput[i] ? 0 : layerCycles(before.get(i)) + mergeCycles(l, before.get(i)));
    }
    long lower = 0;
    for (String o : outputs) {
      lower = Math.max(lower, markerOut.get(o) + 1);
    }
    return new long[] {lower, upper};
  }

  /**
   * Cycles the merge of a layer of several lanes may add: it passes one event a cycle while the
   * lanes retire L neurons a cycle, so at most one a cycle per event.
   */
  private static long mergeCycles(Layer l, Counts c) {
    return l.lanes > 1 ? c.outputEvents() + Costs.MERGE_BUFFER : 0;
  }

  /** Cycles the merge's buffer of a layer of several lanes adds to its words. */
  private static long mergeLatency(Layer l) {
    return l.lanes > 1 ? Costs.MERGE_BUFFER : 0;
  }

  private long delayCycles(List<Step> steps, int t, Chain ch, int size) {
    long in = t - ch.lag >= 0 ? steps.get(t - ch.lag).of(ch.source).length : 0;
    return Costs.DELAY_PER_EVENT * in + (long) Costs.DELAY_PER_ADDRESS * size
        + arriving(steps, t, ch).size() + Costs.DELAY_PER_STEP;
  }

  /** Per layer: whether some output's end-of-step marker waits for its own (feed-forward). */
  private boolean[] feedsOutput() {
    boolean[] f = new boolean[layers.size()];
    for (String o : outputs) {
      f[layerIndex(o)] = true;
    }
    for (int i = layers.size() - 1; i >= 0; i--) {
      if (!f[i]) {
        continue;
      }
      for (Chain ch : layers.get(i).chains) {
        int j = layerIndex(ch.source);
        if (ch.lag == 0 && j >= 0) {
          f[j] = true;
        }
      }
    }
    return f;
  }

  /**
   * Cycles of one step of a chain of layers as {@code PipelineSimulation.step} counts them:
   * from the first input event offered (the source offers the next event the cycle after one is
   * accepted) to the cycle in which the output's end-of-step marker is taken (the sink is always
   * ready), inclusive.
   *
   * @param inputAddresses the addresses of the input events, in order
   * @param outputEvents per layer, the addresses it emits (ascending, as the scan emits them)
   * @param afterReset whether the step is the first after reset (layers still initializing);
   *     else every part starts idle
   */
  public long predictStep(int[] inputAddresses, List<int[]> outputEvents, boolean afterReset) {
    checkEvents(outputEvents);
    if (inputs.size() != 1) {
      throw new IllegalArgumentException("predictStep takes one input; the pipeline has "
          + inputs.keySet());
    }
    Map<String, int[]> ev = new LinkedHashMap<>();
    ev.put(inputs.keySet().iterator().next(), inputAddresses);
    for (int k = 0; k < layers.size(); k++) {
      ev.put(layers.get(k).node, outputEvents.get(k));
    }
    return new HandshakeReplay(this, List.of(new Step(ev)), Host.STREAMING, afterReset)
        .run()[0];
  }

  /**
   * Cycles of every step of a run from reset, as the host counts them: from the first cycle a
   * step's input is offered to the cycle in which the last output's end-of-step marker is taken,
   * inclusive. The valid/ready handshake of every part is replayed cycle by cycle: the layer
   * engines (chains in order, each up to its marker), lockstep fan-out, FIFO links with their
   * latency, recurrent links that first offer {@code lag} markers, delay lines, several inputs
   * and outputs, and what runs on between steps.
   */
  public long[] replay(List<Step> steps, Host host) {
    return new HandshakeReplay(this, steps, host, true).run();
  }

  /** Every step's events of a golden-model run on {@code inputs} (by input node). */
  public List<Step> steps(Map<String, double[][]> inputs, GoldenResult golden) {
    List<Step> out = new ArrayList<>();
    for (int t = 0; t < golden.steps(); t++) {
      Map<String, int[]> ev = new LinkedHashMap<>();
      for (String in : this.inputs.keySet()) {
        double[][] x = inputs.get(in);
        if (x == null) {
          throw new IllegalArgumentException("no steps for input '" + in + "'");
        }
        ev.put(in, inputEvents(x[t]));
      }
      List<int[]> emitted = outputEvents(golden, t);
      for (int k = 0; k < layers.size(); k++) {
        Layer l = layers.get(k);
        int[] e = emitted.get(k).clone();
        if (!l.spiking) {
          long[] v = golden.layers().get(l.node).v()[t];
          for (int j = 0; j < e.length; j++) {
            e[j] = v[e[j]] == 0 ? ~e[j] : e[j];
          }
        }
        ev.put(l.node, e);
      }
      out.add(new Step(ev));
    }
    return out;
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
    k.put("event_overlap", costs.eventOverlap);
    k.put("per_weight_word", costs.perWeightWord);
    k.put("per_neuron", costs.perNeuron);
    k.put("per_output_event", costs.perOutputEvent);
    k.put("per_step", costs.perStep);
    k.put("init_per_neuron", costs.initPerNeuron);
    k.put("fifo_latency", Costs.FIFO_LATENCY);
    k.put("merge_buffer", Costs.MERGE_BUFFER);
    k.put("delay_per_event", Costs.DELAY_PER_EVENT);
    k.put("delay_per_address", Costs.DELAY_PER_ADDRESS);
    k.put("delay_per_step", Costs.DELAY_PER_STEP);
    m.put("constants", k);
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("E", "input events the layer accepts in the step, over all its chains (recurrent"
        + " and delayed events in the step they arrive)");
    vars.put("W", "weight words those events read (the sum of their rows' lengths; in a layer"
        + " of several lanes, of each row's longest lane share)");
    vars.put("N", "neurons of the layer (of its largest lane: ceil(neurons / lanes))");
    vars.put("S", "events the layer emits (spikes; N for a non-spiking readout)");
    m.put("variables", vars);
    m.put("layer_formula", "per_input_event*E + per_weight_word*W + per_neuron*N"
        + " + per_output_event*S + per_step, at most: an event taken in the cycle of the last"
        + " word of the row before it costs event_overlap less");
    m.put("lanes", "a layer of L lanes scatters each event's row in all lanes at once (W counts"
        + " the longest share) and updates L neurons a cycle; its merged output passes one"
        + " event a cycle in address order through one more buffer (merge_buffer cycles, in"
        + " its formula): a step in which it emits S > N events takes up to S - N cycles more");
    m.put("step_lower_bound", "the longest feed-forward path of end-of-step markers: an input's"
        + " marker leaves after its E events; + fifo_latency per FIFO link; + 1 +"
        + " delay_per_address*addresses + S per delay line; a layer takes its last marker when"
        + " every feed-forward chain's marker has arrived and not before it scattered the events"
        + " an input sends it ((per_input_event - event_overlap)*E + per_weight_word*W +"
        + " event_overlap of those chains, if E > 0), then scans per_step - 1 + per_neuron*N +"
        + " per_output_event*S; + 1 after the last output's marker (for a chain: layer 0's"
        + " scatter as above + sum over layers (per_step - 1 + per_neuron*N + per_output_event*S)"
        + " + 1)");
    m.put("step_upper_bound", "all work serialized: sum over layers of layer_formula + sum over"
        + " delay lines (delay_per_event*E + delay_per_address*addresses + S + delay_per_step)"
        + " + fifo_latency per FIFO link + the previous step's work of layers and delay lines no"
        + " output waits for + 1 (org.nirfpga.gen.CycleModel.bounds)");
    m.put("step_exact", "the valid/ready handshake of every layer engine, FIFO, recurrent link,"
        + " delay line and fan-out replayed cycle by cycle over the run"
        + " (org.nirfpga.gen.CycleModel.replay); layers overlap, a busy consumer stalls its"
        + " producer");
    long init = 0;
    for (Layer l : layers) {
      init = Math.max(init, l.initCycles(costs));
    }
    m.put("reset_cycles", init);
    List<Object> ls = new ArrayList<>();
    for (Layer l : layers) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("node", l.node);
      o.put("neurons", l.neurons);
      o.put("lanes", l.lanes);
      if (l.pingPong) {
        o.put("ping_pong", true);
      }
      // Per chain (source, lag, the largest row and all rows' words): what E and W can reach.
      List<Object> cs = new ArrayList<>();
      for (Chain ch : l.chains) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("source", ch.source);
        c.put("lag", ch.lag);
        int max = 0;
        long total = 0;
        for (int w : ch.rowWords) {
          max = Math.max(max, w);
          total += w;
        }
        c.put("max_row_words", max);
        c.put("total_words", total);
        cs.add(c);
      }
      o.put("chains", cs);
      long fixed = (long) costs.perNeuron * l.laneNeurons() + costs.perStep + mergeLatency(l)
          + (l.spiking ? 0 : (long) costs.perOutputEvent * l.neurons);
      o.put("formula", costs.perInputEvent + "*E + " + costs.perWeightWord + "*W"
          + (l.spiking && costs.perOutputEvent > 0 ? " + " + costs.perOutputEvent + "*S" : "")
          + " + " + fixed);
      ls.add(o);
    }
    m.put("layers", ls);
    return m;
  }
}
