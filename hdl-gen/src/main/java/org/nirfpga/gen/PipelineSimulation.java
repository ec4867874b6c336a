package org.nirfpga.gen;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.eval.CycleSimulator;

/**
 * Runs a generated pipeline in the HDL's {@link CycleSimulator}, one time step at a time, through
 * its top-level ports only: every input's events go in with the end-of-step marker, every
 * output's events are collected until its marker comes out, and the debug port reads any
 * layer's v or synaptic current.
 */
public final class PipelineSimulation {
  /** Clock cycles one step may take before the pipeline is taken to be stuck. */
  private static final long STEP_LIMIT = 10_000_000L;

  private final GeneratedPipeline p;
  private final CycleSimulator sim;
  private long cycles;
  private int readyPeriod = 1;

  /**
   * A simulation of {@code pipeline} after reset; a design with weights in SPRAM then has its
   * weight image loaded ({@link #loadWeights(long[])}).
   */
  public PipelineSimulation(GeneratedPipeline pipeline) {
    this(pipeline, pipeline.weights() == null ? null : pipeline.weights().words());
  }

  /**
   * A simulation of {@code pipeline} after its power-on reset ({@code wl_clear_i} raised for a
   * clock too), with {@code image} loaded into its SPRAM weights during the reset: a test can
   * load a wrong image, or none (null) to see the inputs held.
   */
  public PipelineSimulation(GeneratedPipeline pipeline, long[] image) {
    this.p = pipeline;
    this.sim = new CycleSimulator(pipeline.top());
    sim.setReset(true);
    for (EventPort o : pipeline.outputs()) {
      sim.set(o.stream().ready(), 1);
    }
    if (pipeline.weights() != null) {
      // The image goes in while the reset is held, so that step 0 starts as it does with
      // weights in block RAM.
      sim.set("wl_clear_i", 1);
      sim.tick();
      sim.set("wl_clear_i", 0);
      if (image != null) {
        loadWeights(image);
      }
    }
    sim.setReset(false);
  }

  /**
   * Writes {@code image} through the weight-load stream {@code wl}, a word a cycle while it is
   * ready, from address 0 (these cycles are not counted in {@link #cycles()}).
   */
  public void loadWeights(long[] image) {
    WeightImage w = p.weights();
    if (w == null) {
      throw new IllegalStateException(p.top().name() + " keeps no weights in SPRAM");
    }
    int i = 0;
    long waited = 0;
    sim.set("wl_valid_i", 1);
    while (i < image.length) {
      sim.set("wl_data_i", ((long) i << w.dataBits()) | image[i]);
      boolean taken = sim.get("wl_ready_o") == 1;
      sim.tick();
      if (taken) {
        i++;
      } else if (++waited > STEP_LIMIT) {
        throw new IllegalStateException("weight-load stream not ready in " + STEP_LIMIT
            + " cycles");
      }
    }
    sim.set("wl_valid_i", 0);
  }

  /** The simulator underneath, for tests that drive a port by hand. */
  CycleSimulator simulator() {
    return sim;
  }

  /**
   * Makes the host slow: output ready is raised only on every {@code period}-th cycle, so the
   * pipeline must hold its events back (1, the default, is always ready).
   */
  public PipelineSimulation throttleOutputs(int period) {
    if (period < 1) {
      throw new IllegalArgumentException("period " + period + " < 1");
    }
    this.readyPeriod = period;
    return this;
  }

  /** The pipeline it runs. */
  public GeneratedPipeline pipeline() {
    return p;
  }

  /** Clock cycles run so far. */
  public long cycles() {
    return cycles;
  }

  /**
   * Runs one time step of a pipeline with one input and one output: input element j spikes
   * when {@code spikes[j] != 0}. Returns the output's events of this step per neuron: spike
   * counts, or v codes of a non-spiking readout.
   */
  public long[] step(int[] spikes) {
    long[] codes = new long[spikes.length];
    for (int j = 0; j < spikes.length; j++) {
      codes[j] = spikes[j] != 0 ? 1 : 0;
    }
    EventPort in = p.inputs().get(0);
    return step(Map.of(in.node(), codes)).get(p.outputs().get(0).node());
  }

  /**
   * Runs one time step: {@code codes} maps every input node to its event codes this step (0 = no
   * event; a spike input takes 1 for a spike). Returns, per output node, its events of this step
   * per address: spike counts, or the value codes of a non-spiking readout.
   */
  public Map<String, long[]> step(Map<String, long[]> codes) {
    return stepWords(words(codes));
  }

  /**
   * What {@link #backToBack} returns: per step, the events of every output node (as
   * {@link #step(Map)} returns them), and the step's clock cycles: from the cycle after the step
   * before ended (the first cycle of the run for step 0) to the cycle in which the last output
   * took the step's marker, inclusive.
   */
  public record Run(List<Map<String, long[]>> outputs, long[] cycles) {}

  /**
   * Runs the steps back to back, as a host that streams: every input's events of step t + 1
   * follow its marker of step t at once, without waiting for the outputs, which are ready
   * throughout (in cycle c of the run when {@code c % period == period - 1} when throttled). So
   * a layer may take step t + 1's events while it still scans step t.
   *
   * @param codes per step, every input node's event codes as {@link #step(Map)} takes them
   */
  public Run backToBack(List<Map<String, long[]>> codes) {
    List<Map<String, long[]>> words = new ArrayList<>();
    for (Map<String, long[]> c : codes) {
      words.add(words(c));
    }
    return run(words, true);
  }

  private Map<String, long[]> words(Map<String, long[]> codes) {
    Map<String, long[]> words = new LinkedHashMap<>();
    for (EventPort in : p.inputs()) {
      long[] x = codes.get(in.node());
      if (x == null || x.length != in.size()) {
        throw new IllegalArgumentException("input '" + in.node() + "' needs " + in.size()
            + " codes per step");
      }
      List<Long> q = new ArrayList<>();
      long mask = in.valueBits() == 0 ? 0 : (1L << in.valueBits()) - 1;
      for (int j = 0; j < x.length; j++) {
        if (x[j] != 0) {
          q.add(in.valueBits() == 0 ? j : ((long) j << in.valueBits()) | (x[j] & mask));
        }
      }
      words.put(in.node(), q.stream().mapToLong(Long::longValue).toArray());
    }
    return words;
  }

  /**
   * Runs one time step from raw port words: {@code words} maps every input node to the
   * {address[, value]} words it sends this step, in order, unchecked (so a test can send an
   * address the input does not have); the end-of-step marker follows them. Returns what
   * {@link #step(Map)} returns.
   */
  public Map<String, long[]> stepWords(Map<String, long[]> words) {
    return run(List.of(words), false).outputs().get(0);
  }

  private Run run(List<Map<String, long[]>> stepWords, boolean backToBack) {
    int nSteps = stepWords.size();
    List<Deque<Long>> queues = new ArrayList<>();
    for (EventPort in : p.inputs()) {
      Deque<Long> q = new ArrayDeque<>();
      for (Map<String, long[]> words : stepWords) {
        long[] x = words.get(in.node());
        if (x == null) {
          throw new IllegalArgumentException("no words for input '" + in.node() + "'");
        }
        for (long w : x) {
          q.add(w);
        }
        q.add(in.eotWord());
      }
      queues.add(q);
    }
    int nOut = p.outputs().size();
    long[][][] events = new long[nSteps][nOut][];
    // Per output, the markers it has taken: the step its next event belongs to.
    int[] seen = new int[nOut];
    // Events leave in ascending address order, the order the layers they feed accumulate in.
    long[] last = new long[nOut];
    Arrays.fill(last, -1);
    for (int s = 0; s < nSteps; s++) {
      for (int o = 0; o < nOut; o++) {
        events[s][o] = new long[p.outputs().get(o).size()];
      }
    }
    long start = cycles;
    long ended = cycles;
    long[] stepCycles = new long[nSteps];
    int done = 0;
    while (done < nSteps) {
      if (cycles - ended > STEP_LIMIT) {
        throw new IllegalStateException("pipeline produced no end-of-step marker in "
            + STEP_LIMIT + " cycles");
      }
      boolean turn = backToBack ? (cycles - start) % readyPeriod == readyPeriod - 1
          : cycles % readyPeriod == 0;
      for (int o = 0; o < nOut; o++) {
        drive(p.outputs().get(o).stream().ready(), seen[o] < nSteps && turn ? 1 : 0);
      }
      boolean[] fired = new boolean[queues.size()];
      for (int i = 0; i < queues.size(); i++) {
        EventPort in = p.inputs().get(i);
        boolean valid = !queues.get(i).isEmpty();
        drive(in.stream().valid(), valid ? 1 : 0);
        if (valid) {
          drive(in.stream().payload(), queues.get(i).peek());
        }
        fired[i] = valid && sim.get(in.stream().ready()).signum() != 0;
      }
      for (int o = 0; o < nOut; o++) {
        EventPort out = p.outputs().get(o);
        if (seen[o] == nSteps || sim.get(out.stream().valid()).signum() == 0
            || sim.get(out.stream().ready()).signum() == 0) {
          continue;
        }
        long data = sim.get(out.stream().payload()).longValueExact();
        int vb = out.valueBits();
        if ((data >> (out.addressBits() + vb)) != 0) {
          seen[o]++;
          last[o] = -1;
          continue;
        }
        long address = data >> vb;
        if (address <= last[o]) {
          throw new IllegalStateException("output '" + out.node() + "' sent address " + address
              + " after " + last[o] + " in one step; events must leave in ascending address"
              + " order");
        }
        last[o] = address;
        long[] into = events[seen[o]][o];
        if (vb == 0) {
          into[(int) data]++;
        } else if (out.spiking()) {
          // A multi-spike IF's event carries the neuron's spike count of the step.
          into[(int) (data >> vb)] += data & ((1L << vb) - 1);
        } else {
          int shift = 64 - vb;
          into[(int) (data >> vb)] = (data << shift) >> shift;
        }
      }
      sim.tick();
      cycles++;
      for (int i = 0; i < queues.size(); i++) {
        if (fired[i]) {
          queues.get(i).poll();
        }
      }
      while (done < nSteps && Arrays.stream(seen).min().getAsInt() > done) {
        stepCycles[done++] = cycles - ended;
        ended = cycles;
      }
    }
    for (EventPort in : p.inputs()) {
      drive(in.stream().valid(), 0);
    }
    // Between steps the host takes nothing: a stray event would wait and show up as a mismatch.
    for (EventPort out : p.outputs()) {
      drive(out.stream().ready(), 0);
    }
    List<Map<String, long[]>> result = new ArrayList<>();
    for (int s = 0; s < nSteps; s++) {
      Map<String, long[]> r = new LinkedHashMap<>();
      for (int o = 0; o < nOut; o++) {
        r.put(p.outputs().get(o).node(), events[s][o]);
      }
      result.add(r);
    }
    return new Run(result, stepCycles);
  }

  /** The v code of neuron {@code address} of layer {@code layer}, read through the debug port. */
  public long v(int layer, int address) {
    return state(layer, address, 0);
  }

  /** The current code (CubaLI, CubaLIF) of neuron {@code address} of layer {@code layer}. */
  public long i(int layer, int address) {
    return state(layer, address, 1);
  }

  private long state(int layer, int address, int var) {
    drive(p.port("dbg_var_i"), var);
    drive(p.dbgLayer(), layer);
    drive(p.dbgAddr(), address);
    sim.tick();
    cycles++;
    int w = p.dbgV().width();
    long raw = sim.get(p.dbgV()).longValue();
    return (raw << (64 - w)) >> (64 - w);
  }

  /**
   * Saturation events counted so far by layer {@code layer}: {@code [accumulator, v, current,
   * spike count]}, read through the status outputs.
   */
  public long[] saturation(int layer) {
    drive(p.dbgLayer(), layer);
    sim.tick();
    cycles++;
    return new long[] {sim.get(p.satAcc()).longValueExact(), sim.get(p.satV()).longValueExact(),
        sim.get(p.port("sat_i_o")).longValueExact(),
        sim.get(p.port("sat_spikes_o")).longValueExact()};
  }

  /** Time steps the pipeline has completed, from its status output. */
  public long timestep() {
    return sim.get(p.timestep()).longValueExact();
  }

  /** The sticky error bits, from the status output {@code err_o}. */
  public long errors() {
    return sim.get(p.err()).longValueExact();
  }

  /**
   * Pulses the reset for one clock: registers (step counter, saturation counters, error bits)
   * return to their reset values; memories (v, I, accumulators) keep their contents.
   */
  public void reset() {
    sim.setReset(true);
    sim.tick();
    cycles++;
    sim.setReset(false);
  }

  private void drive(Signal s, long value) {
    if (sim.get(s).longValueExact() != value) {
      sim.set(s, value);
    }
  }
}
