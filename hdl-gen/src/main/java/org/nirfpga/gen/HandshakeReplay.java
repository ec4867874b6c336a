package org.nirfpga.gen;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A cycle-by-cycle replay of a generated pipeline's valid/ready handshakes, from the costs of
 * {@link CycleModel.Costs} and the events of each step: no data, only when every part is ready,
 * valid and done. It mirrors the wiring of {@link PipelineGenerator} (straight links, lockstep
 * fan-out, {@code SyncFifo} links, recurrent links that first offer their markers, delay lines)
 * and the host of the Verilator testbench (one event offered per cycle per input, outputs ready
 * until their marker, idle cycles between steps).
 */
final class HandshakeReplay {
  /** An end-of-step marker. */
  private static final long EOT = Long.MIN_VALUE;
  /** A merge key or horizon above every address. */
  private static final long INF = Long.MAX_VALUE;
  /** Flags a zero-valued event (a delay line drops it). */
  private static final long ZERO = 1L << 40;
  /** Cycles a step may take before the replay is taken to be stuck (a wrong model). */
  private static final long STEP_LIMIT = 50_000_000L;

  private final CycleModel model;
  private final CycleModel.Costs k;
  private final List<CycleModel.Step> steps;
  private final CycleModel.Host host;

  /** A consumer of a source's words: an output port, a layer's chain, or a FIFO. */
  private record Sink(int output, int layer, int chain, Fifo fifo) {}

  /** An input port or a layer's output stream, with its consumers in lockstep. */
  private static final class Source {
    final String name;
    final List<Sink> sinks = new ArrayList<>();
    /** The layer engine behind it; null for an input port. */
    Engine engine;

    Source(String name) {
      this.name = name;
    }
  }

  /**
   * A layer engine's or delay line's timing: accept, then scan and emit. A layer engine emits
   * through its two-slot output buffer: it pushes a word when a slot is free at the start of
   * the cycle (else its pipeline stalls), and the consumer sees the buffer's first word. A layer
   * of several lanes ({@code LanedLayer}) is a group of lane engines that accept together and
   * whose buffers' words are merged in address order.
   */
  private final class Engine {
    /** The lane engines of a layer of several lanes, else null. */
    Engine[] lanes;
    /** This engine's lane and the lanes of its layer (0 and 1 for a whole layer). */
    int lane;
    int laneCount = 1;
    /** The merge's choice this cycle (a lane, MARKERS, or NONE) and whether it moves. */
    int sel;
    boolean merging;
    boolean[] pushing;
    final int neurons;
    final int perItem;
    final int chains;
    final int[][] rowWords;
    final boolean delayLine;
    final int[] delay;
    final String name;
    final Map<Integer, TreeSet<Integer>> slots = new HashMap<>();
    /**
     * The first cycle the engine takes an event, and a marker: a layer engine takes the next
     * event with the last word of a row, a marker only after it.
     */
    long readyAt;
    long markerAt;
    int chain;
    boolean scanning;
    long cursor;
    int next;
    long[] emitting;
    int emitIndex;
    long offerAt;
    int scans;
    /**
     * Two accumulator banks: the engine takes events while it scans, and holds the last chain's
     * marker ({@code pending}) until the scan before it has sent its marker.
     */
    boolean pingPong;
    boolean pending;
    /** The output buffer of a layer engine. */
    final Deque<Long> buffer = new ArrayDeque<>();

    Engine(String name, int neurons, int perItem, int[][] rowWords, int[] delay, long init) {
      this.name = name;
      this.neurons = neurons;
      this.perItem = perItem;
      this.rowWords = rowWords;
      this.chains = rowWords == null ? 1 : rowWords.length;
      this.delayLine = delay != null;
      this.delay = delay;
      readyFrom(init);
    }

    /** A layer of {@code group.length} lanes. */
    Engine(String name, Engine[] group) {
      this(name, 0, 1, null, null, 0);
      lanes = group;
      for (int l = 0; l < group.length; l++) {
        group[l].lane = l;
        group[l].laneCount = group.length;
      }
    }

    /** Whether it takes {@code word} on chain c in cycle t. */
    boolean ready(int c, long t, long word) {
      if (lanes != null) {
        for (Engine e : lanes) {
          if (!e.ready(c, t, word)) {
            return false;
          }
        }
        return true;
      }
      return !(pingPong ? pending : scanning) && t >= (word == EOT ? markerAt : readyAt)
          && chain == c;
    }

    private void readyFrom(long at) {
      readyAt = at;
      markerAt = at;
    }

    boolean valid(long t) {
      return delayLine ? scanning && t >= offerAt : !buffer.isEmpty();
    }

    /** The word the merge moves this cycle. */
    private long merged() {
      if (sel == MARKERS) {
        return EOT;
      }
      long w = lanes[sel].buffer.peekFirst();
      return ((w & (ZERO - 1)) * lanes.length + sel) | (w & ZERO);
    }

    long payload() {
      if (!delayLine) {
        return buffer.peekFirst();
      }
      return emitIndex < emitting.length ? emitting[emitIndex] : EOT;
    }

    /**
     * The merge of the lanes' buffers in cycle t: the lane whose first word has the least key
     * (address, lane) when no other lane's word or horizon is lower, or MARKERS when every lane
     * offers its marker, else NONE.
     */
    private int merge(long t) {
      int n = lanes.length;
      long[] key = new long[n];
      boolean markers = true;
      for (int l = 0; l < n; l++) {
        Engine e = lanes[l];
        if (e.buffer.isEmpty()) {
          long h = e.horizon(t);
          key[l] = h == INF ? INF : h * n + l;
          markers = false;
        } else {
          long w = e.buffer.peekFirst();
          key[l] = w == EOT ? INF : (w & (ZERO - 1)) * n + l;
          markers &= w == EOT;
        }
      }
      sel = markers ? MARKERS : NONE;
      for (int l = 0; l < n && !markers; l++) {
        boolean first = !lanes[l].buffer.isEmpty() && key[l] != INF;
        for (int o = 0; o < n && first; o++) {
          first = o == l || key[l] < key[o];
        }
        if (first) {
          sel = l;
        }
      }
      return sel;
    }

    /**
     * The least address a lane engine with an empty buffer may still emit in this scan, as its
     * {@code horizon_o} reports it in cycle t: the neuron it retires next, INF after the last,
     * 0 outside the neuron scan.
     */
    private long horizon(long t) {
      if (!scanning) {
        return 0;
      }
      long at = next + Math.max(0, t - cursor);
      if (emitIndex < emitting.length) {
        return Math.min(at, emitting[emitIndex] & (ZERO - 1));
      }
      return t >= offerAt ? INF : at;
    }

    /** Whether a layer engine pushes a word in cycle t (a slot free at its start). */
    boolean pushes(long t) {
      return !delayLine && scanning && t >= offerAt && buffer.size() < LayerEngine.OUTPUT_SLOTS;
    }

    /** Notes which engines push in cycle t, before the edge. */
    void latchPushes(long t) {
      if (lanes == null) {
        pushing = new boolean[] {pushes(t)};
        return;
      }
      merging = merge(t) != NONE && buffer.size() < LayerEngine.OUTPUT_SLOTS;
      pushing = new boolean[lanes.length];
      for (int l = 0; l < lanes.length; l++) {
        pushing[l] = lanes[l].pushes(t);
      }
    }

    /** The pushes noted for cycle t, at the edge. */
    void applyPushes(long t) {
      if (lanes == null) {
        if (pushing[0]) {
          pushed(t);
        }
        return;
      }
      if (merging) {
        // The lanes' pops come before their pushes of the same edge, as in the hardware.
        buffer.addLast(merged());
        if (sel == MARKERS) {
          for (Engine e : lanes) {
            e.buffer.pollFirst();
          }
        } else {
          lanes[sel].buffer.pollFirst();
        }
      }
      for (int l = 0; l < lanes.length; l++) {
        if (pushing[l]) {
          lanes[l].pushed(t);
        }
      }
    }

    void accept(int c, long word, long t) {
      if (lanes != null) {
        for (Engine e : lanes) {
          e.accept(c, word, t);
        }
        return;
      }
      if (word == EOT) {
        if (c < chains - 1) {
          chain++;
          readyFrom(t + 1);
          return;
        }
        chain = 0;
        if (pingPong) {
          // The synapse engine takes the next step's events from the next cycle on; the scan
          // starts now, or the cycle after the scan before it has pushed its marker.
          readyFrom(t + 1);
          if (scanning) {
            pending = true;
            waits++;
            return;
          }
        }
        startScan(t);
        return;
      }
      int a = (int) (word & (ZERO - 1));
      if (delayLine) {
        if ((word & ZERO) == 0) {
          slots.computeIfAbsent(scans + delay[a], s -> new TreeSet<>()).add(a);
        }
        readyFrom(t + CycleModel.Costs.DELAY_PER_EVENT);
      } else {
        int words = rowWords[c][a];
        markerAt = t + k.perInputEvent() + (long) k.perWeightWord() * words;
        readyAt = markerAt - (words > 0 ? k.eventOverlap() : 0);
      }
    }

    /** The scan of the step whose last marker was taken in cycle t. */
    private void startScan(long t) {
      scanning = true;
      next = 0;
      emitIndex = 0;
      if (delayLine) {
        TreeSet<Integer> slot = slots.remove(scans);
        emitting = slot == null ? new long[0]
            : slot.stream().mapToLong(Integer::longValue).toArray();
        cursor = t + 1;
      } else {
        // cursor: the cycle neuron `next` retires in, were no event held back before it; the
        // marker's push and the output buffer's cycle follow the last retire.
        emitting = laneShare(emitted(name, scans));
        cursor = t + k.perStep() - 1 - CycleModel.Costs.OUTPUT_BUFFER;
      }
      offer();
    }

    /** The events of this engine's lane, at lane addresses (all of them for one lane). */
    private long[] laneShare(long[] events) {
      if (laneCount == 1) {
        return events;
      }
      int k = 0;
      long[] out = new long[events.length];
      for (long w : events) {
        long a = w & (ZERO - 1);
        if (a % laneCount == lane) {
          out[k++] = (a / laneCount) | (w & ZERO);
        }
      }
      return Arrays.copyOf(out, k);
    }

    void fired(long t) {
      if (!delayLine) {
        buffer.pollFirst();
        return;
      }
      advance(t);
    }

    /** A layer engine's push in cycle t, after the cycle's pop. */
    void pushed(long t) {
      buffer.addLast(emitIndex < emitting.length ? emitting[emitIndex] : EOT);
      advance(t);
    }

    /** The scan moves past the word sent (delay line) or pushed (layer engine) in cycle t. */
    private void advance(long t) {
      if (emitIndex < emitting.length) {
        next = (int) (emitting[emitIndex] & (ZERO - 1)) + 1;
        emitIndex++;
        cursor = t + (delayLine ? 1 : perItem + k.perOutputEvent());
        offer();
      } else {
        scanning = false;
        scans++;
        if (!pingPong) {
          readyFrom(t + 1);
        } else if (pending) {
          // The synapse engine swaps the banks in the next cycle and takes events after it.
          pending = false;
          startScan(t + 1);
          readyFrom(t + 2);
        }
      }
    }

    private void offer() {
      if (!delayLine) {
        // The layer's pipeline retires one neuron per perItem cycles; an event is pushed in its
        // neuron's retire cycle, the marker in the cycle after the last neuron's.
        long at = emitIndex < emitting.length ? emitting[emitIndex] & (ZERO - 1) : neurons;
        offerAt = cursor + perItem * (at - next);
        return;
      }
      if (emitIndex < emitting.length) {
        int e = (int) (emitting[emitIndex] & (ZERO - 1));
        offerAt = cursor + (long) perItem * (e - next + 1);
      } else {
        offerAt = cursor + (long) perItem * (neurons - next);
      }
    }
  }

  /** Merge choices besides a lane. */
  private static final int NONE = -1;
  private static final int MARKERS = -2;

  /** A {@code SyncFifo} link, with the recurrent link's priming in front of its consumer. */
  private static final class Fifo {
    final int depth;
    final Deque<Long> words = new ArrayDeque<>();
    final Engine into;
    final int chain;
    long head;
    boolean outValid;
    int prime;

    Fifo(int depth, Engine into, int chain, int prime) {
      this.depth = depth;
      this.into = into;
      this.chain = chain;
      this.prime = prime;
    }
  }

  /** A delay line between a FIFO and its layer's chain. */
  private record Line(Engine line, Engine layer, int chain) {}

  private final List<Source> sources = new ArrayList<>();
  private final List<Source> inputSources = new ArrayList<>();
  private final List<Fifo> fifos = new ArrayList<>();
  private final List<Line> lines = new ArrayList<>();
  private final Engine[] engines;

  HandshakeReplay(CycleModel model, List<CycleModel.Step> steps, CycleModel.Host host,
      boolean afterReset) {
    this.model = model;
    this.k = model.costs();
    this.steps = steps;
    this.host = host;
    Map<String, Source> byName = new HashMap<>();
    for (String in : model.inputs().keySet()) {
      Source s = new Source(in);
      sources.add(s);
      inputSources.add(s);
      byName.put(in, s);
    }
    List<CycleModel.Layer> layers = model.layers();
    engines = new Engine[layers.size()];
    for (int i = 0; i < layers.size(); i++) {
      CycleModel.Layer l = layers.get(i);
      int[][] rows = new int[l.chains().size()][];
      for (int c = 0; c < rows.length; c++) {
        rows[c] = l.chains().get(c).rowWords();
      }
      if (l.lanes() == 1) {
        long init = afterReset ? l.initCycles(k) : 0;
        engines[i] = new Engine(l.node(), l.neurons(), k.perNeuron(), rows, null, init);
        engines[i].pingPong = l.pingPong();
      } else {
        Engine[] group = new Engine[l.lanes()];
        for (int g = 0; g < group.length; g++) {
          int size = Lanes.size(l.neurons(), l.lanes(), g);
          group[g] = new Engine(l.node(), size, k.perNeuron(), rows, null,
              afterReset ? l.initCycles(k, g) : 0);
          group[g].pingPong = l.pingPong();
        }
        engines[i] = new Engine(l.node(), group);
      }
      Source s = new Source(l.node());
      s.engine = engines[i];
      sources.add(s);
      byName.put(l.node(), s);
    }
    for (int j = 0; j < model.outputs().size(); j++) {
      Source s = byName.get(model.outputs().get(j));
      s.sinks.add(new Sink(j, -1, -1, null));
    }
    for (int i = 0; i < layers.size(); i++) {
      CycleModel.Layer l = layers.get(i);
      for (int c = 0; c < l.chains().size(); c++) {
        CycleModel.Chain ch = l.chains().get(c);
        Source s = byName.get(ch.source());
        int depth = model.fifoDepth(i, c);
        if (depth == 0) {
          s.sinks.add(new Sink(-1, i, c, null));
          continue;
        }
        Engine into = engines[i];
        int intoChain = c;
        if (ch.delay() != null) {
          int size = model.sourceSize(ch.source());
          int most = 0;
          for (int d : ch.delay()) {
            most = Math.max(most, d);
          }
          long words = Math.max(2, (long) (most + 1) * size);
          Engine line = new Engine(ch.source() + "->" + l.node(), size,
              CycleModel.Costs.DELAY_PER_ADDRESS, null, ch.delay(),
              afterReset ? CycleModel.Costs.DELAY_INIT_PER_WORD * words : 0);
          lines.add(new Line(line, engines[i], c));
          into = line;
          intoChain = 0;
        }
        Fifo f = new Fifo(depth, into, intoChain, afterReset ? ch.lag() : 0);
        fifos.add(f);
        s.sinks.add(new Sink(-1, -1, -1, f));
      }
    }
  }

  /** The events layer {@code name} emits in its scan number {@code scan}. */
  private long[] emitted(String name, int scan) {
    if (scan >= steps.size()) {
      return new long[0];
    }
    int[] e = steps.get(scan).of(name);
    long[] out = new long[e.length];
    for (int j = 0; j < e.length; j++) {
      out[j] = e[j] < 0 ? (~e[j]) | ZERO : e[j];
    }
    return out;
  }

  private long[] inputWords(String input, int step) {
    int[] e = steps.get(step).of(input);
    long[] out = new long[e.length + 1];
    for (int j = 0; j < e.length; j++) {
      out[j] = e[j] < 0 ? (~e[j]) | ZERO : e[j];
    }
    out[e.length] = EOT;
    return out;
  }

  /** Last-chain markers a layer with two banks held until its scan before them ended. */
  private long waits;

  /** How often a layer with two banks held its last chain's marker for its scan, so far. */
  long waits() {
    return waits;
  }

  /** Per output, the markers it has taken in a back-to-back run; null in a run by steps. */
  private int[] markers;

  /** Cycles of every step. */
  long[] run() {
    if (host.backToBack()) {
      return runBackToBack();
    }
    long[] cycles = new long[steps.size()];
    long t = 0;
    int nIn = inputSources.size();
    for (int s = 0; s < steps.size(); s++) {
      long[][] words = new long[nIn][];
      int[] sent = new int[nIn];
      for (int i = 0; i < nIn; i++) {
        words[i] = inputWords(inputSources.get(i).name, s);
      }
      boolean[] ended = new boolean[model.outputs().size()];
      int open = ended.length;
      long c = 0;
      while (open > 0) {
        if (c > STEP_LIMIT) {
          throw new IllegalStateException("the replay of step " + s + " sent no end-of-step"
              + " marker within " + STEP_LIMIT + " cycles");
        }
        boolean ready = host.readyPeriod() == 1 || c % host.readyPeriod() == host.readyPeriod() - 1;
        open -= cycle(t, words, sent, ended, ready);
        t++;
        c++;
      }
      cycles[s] = c;
      for (long g = 0; g < host.gapCycles(); g++) {
        cycle(t, null, null, ended, false);
        t++;
      }
    }
    return cycles;
  }

  /**
   * Every step's input offered right after the step before's, the outputs ready throughout:
   * step s's cycles end with the cycle in which the last output takes its marker number s.
   */
  private long[] runBackToBack() {
    int nIn = inputSources.size();
    long[][] words = new long[nIn][];
    for (int i = 0; i < nIn; i++) {
      List<Long> all = new ArrayList<>();
      for (int s = 0; s < steps.size(); s++) {
        for (long w : inputWords(inputSources.get(i).name, s)) {
          all.add(w);
        }
      }
      words[i] = all.stream().mapToLong(Long::longValue).toArray();
    }
    int[] sent = new int[nIn];
    int nOut = model.outputs().size();
    boolean[] ended = new boolean[nOut];
    markers = new int[nOut];
    long[] cycles = new long[steps.size()];
    long t = 0;
    long last = 0;
    int done = 0;
    while (done < steps.size()) {
      if (t - last > STEP_LIMIT) {
        throw new IllegalStateException("the replay of step " + done + " sent no end-of-step"
            + " marker within " + STEP_LIMIT + " cycles");
      }
      int p = host.readyPeriod();
      cycle(t, words, sent, ended, p == 1 || t % p == p - 1);
      t++;
      while (done < steps.size() && Arrays.stream(markers).min().getAsInt() > done) {
        cycles[done++] = t - last;
        last = t;
      }
    }
    return cycles;
  }

  private boolean sinkReady(Sink k, long t, boolean[] ended, boolean outReady, long word) {
    if (k.output >= 0) {
      return outReady && !ended[k.output];
    }
    if (k.fifo != null) {
      return k.fifo.words.size() < k.fifo.depth;
    }
    return engines[k.layer].ready(k.chain, t, word);
  }

  /** One clock cycle; returns the outputs whose marker was taken in it. */
  private int cycle(long t, long[][] words, int[] sent, boolean[] ended, boolean outReady) {
    // Every valid and ready first, from the state before the edge.
    int n = sources.size();
    boolean[] fire = new boolean[n];
    long[] payload = new long[n];
    for (int s = 0; s < n; s++) {
      Source src = sources.get(s);
      boolean valid;
      if (src.engine != null) {
        valid = src.engine.valid(t);
        payload[s] = valid ? src.engine.payload() : 0;
      } else {
        int i = inputSources.indexOf(src);
        valid = words != null && sent[i] < words[i].length;
        payload[s] = valid ? words[i][sent[i]] : 0;
      }
      boolean ready = true;
      for (Sink sk : src.sinks) {
        ready &= sinkReady(sk, t, ended, outReady, payload[s]);
      }
      fire[s] = valid && ready;
    }
    int nf = fifos.size();
    boolean[] intoFire = new boolean[nf];
    boolean[] outReadyF = new boolean[nf];
    boolean[] fetch = new boolean[nf];
    for (int f = 0; f < nf; f++) {
      Fifo q = fifos.get(f);
      boolean intoReady = q.into.ready(q.chain, t, q.prime > 0 ? EOT : q.head);
      boolean priming = q.prime > 0;
      intoFire[f] = (priming || q.outValid) && intoReady;
      outReadyF[f] = !priming && intoReady;
      fetch[f] = !q.words.isEmpty() && (!q.outValid || outReadyF[f]);
    }
    for (Engine e : engines) {
      e.latchPushes(t);
    }
    int nl = lines.size();
    boolean[] lineFire = new boolean[nl];
    for (int d = 0; d < nl; d++) {
      Line l = lines.get(d);
      lineFire[d] = l.line.valid(t) && l.layer.ready(l.chain, t, l.line.payload());
    }
    // Then the edge.
    int closed = 0;
    List<long[]> writes = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      if (!fire[s]) {
        continue;
      }
      Source src = sources.get(s);
      long w = payload[s];
      for (Sink sk : src.sinks) {
        if (sk.output >= 0) {
          if (w == EOT) {
            if (markers != null) {
              markers[sk.output]++;
            } else {
              ended[sk.output] = true;
            }
            closed++;
          }
        } else if (sk.fifo != null) {
          writes.add(new long[] {fifos.indexOf(sk.fifo), w});
        } else {
          engines[sk.layer].accept(sk.chain, w, t);
        }
      }
      if (src.engine != null) {
        src.engine.fired(t);
      } else {
        sent[inputSources.indexOf(src)]++;
      }
    }
    for (int d = 0; d < nl; d++) {
      if (lineFire[d]) {
        Line l = lines.get(d);
        long w = l.line.payload();
        l.line.fired(t);
        l.layer.accept(l.chain, w, t);
      }
    }
    for (int f = 0; f < nf; f++) {
      Fifo q = fifos.get(f);
      if (intoFire[f]) {
        q.into.accept(q.chain, q.prime > 0 ? EOT : q.head, t);
        if (q.prime > 0) {
          q.prime--;
        }
      }
      if (fetch[f]) {
        q.head = q.words.pollFirst();
        q.outValid = true;
      } else if (outReadyF[f]) {
        q.outValid = false;
      }
    }
    for (long[] wr : writes) {
      fifos.get((int) wr[0]).words.addLast(wr[1]);
    }
    for (Engine e : engines) {
      e.applyPushes(t);
    }
    return closed;
  }
}
