package org.nirfpga.gen;

import java.util.ArrayDeque;
import java.util.Deque;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.eval.CycleSimulator;

/**
 * Runs a generated pipeline in the HDL's {@link CycleSimulator}, one time step at a time, through
 * its top-level ports only: input spikes go in as events plus the end-of-step marker, output
 * events are collected until the marker comes out, and the debug port reads any layer's v or
 * synaptic current.
 */
public final class PipelineSimulation {
  /** Clock cycles one step may take before the pipeline is taken to be stuck. */
  private static final long STEP_LIMIT = 10_000_000L;

  private final GeneratedPipeline p;
  private final CycleSimulator sim;
  private final int inAddressBits;
  private final int outAddressBits;
  private final int outValueBits;
  private final int outSize;
  private final boolean outCounts;
  private long cycles;

  /** A simulation of {@code pipeline} after reset. */
  public PipelineSimulation(GeneratedPipeline pipeline) {
    this.p = pipeline;
    this.sim = new CycleSimulator(pipeline.top());
    this.inAddressBits = pipeline.in().payload().width() - 1;
    LayerInfo last = pipeline.layers().get(pipeline.layers().size() - 1);
    this.outValueBits = last.valueBits();
    this.outAddressBits = last.addressBits();
    this.outSize = last.size();
    this.outCounts = last.spiking() && last.valueBits() > 0;
    sim.setReset(true);
    sim.set(pipeline.out().ready(), 1);
    sim.setReset(false);
  }

  /** Clock cycles run so far. */
  public long cycles() {
    return cycles;
  }

  /**
   * Runs one time step: input element j spikes when {@code spikes[j] != 0}. Returns the output
   * layer's events of this step per neuron: spike counts, or v codes of a non-spiking readout.
   */
  public long[] step(int[] spikes) {
    Deque<Long> queue = new ArrayDeque<>();
    for (int j = 0; j < spikes.length; j++) {
      if (spikes[j] != 0) {
        queue.add((long) j);
      }
    }
    queue.add(1L << inAddressBits);
    long[] outEvents = new long[outSize];
    long start = cycles;
    boolean done = false;
    while (!done) {
      if (cycles - start > STEP_LIMIT) {
        throw new IllegalStateException("pipeline produced no end-of-step marker in "
            + STEP_LIMIT + " cycles");
      }
      boolean valid = !queue.isEmpty();
      drive(p.in().valid(), valid ? 1 : 0);
      if (valid) {
        drive(p.in().payload(), queue.peek());
      }
      boolean inFire = valid && sim.get(p.in().ready()).signum() != 0;
      if (sim.get(p.out().valid()).signum() != 0) {
        long data = sim.get(p.out().payload()).longValueExact();
        if ((data >> (outAddressBits + outValueBits)) != 0) {
          done = true;
        } else if (outValueBits == 0) {
          outEvents[(int) data]++;
        } else if (outCounts) {
          outEvents[(int) (data >> outValueBits)] += data & ((1L << outValueBits) - 1);
        } else {
          int shift = 64 - outValueBits;
          outEvents[(int) (data >> outValueBits)] = (data << shift) >> shift;
        }
      }
      sim.tick();
      cycles++;
      if (inFire) {
        queue.poll();
      }
    }
    drive(p.in().valid(), 0);
    return outEvents;
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

  private void drive(Signal s, long value) {
    if (sim.get(s).longValueExact() != value) {
      sim.set(s, value);
    }
  }
}
