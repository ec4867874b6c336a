package org.nirfpga.nir.ref;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.NirGraph;

/**
 * The float reference evaluator: steps a NIR graph in double precision under a {@link Contract}.
 *
 * <p>Nested graphs are flattened; a node inside graph {@code g} is named {@code g.node}. Per step,
 * nodes run in a fixed order (see {@link GraphPlan}); several edges into a node are summed; an
 * edge that closes a cycle carries its source's output of the previous step (zero at the first).
 * Not thread-safe: one evaluator per thread.
 */
public final class Evaluator {
  private final Contract contract;
  private final GraphPlan plan;
  private final Op[] ops;
  private final int[][] sources;
  private final boolean[][] delayed;
  private final double[][] inBuf;
  private final double[][] prev;
  private final int[] prevOps;
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> inputNames;
  private final List<String> outputNames;
  private long stepsDone;

  private Evaluator(Contract contract, GraphPlan plan, Op[] ops) {
    this.contract = contract;
    this.plan = plan;
    this.ops = ops;
    int n = ops.length;
    for (int k = 0; k < n; k++) {
      index.put(ops[k].name, k);
    }
    sources = new int[n][];
    delayed = new boolean[n][];
    inBuf = new double[n][];
    prev = new double[n][];
    List<Integer> prevList = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      List<GraphPlan.In> ins = plan.inputsOf(ops[k].name);
      sources[k] = new int[ins.size()];
      delayed[k] = new boolean[ins.size()];
      for (int e = 0; e < ins.size(); e++) {
        int s = index.get(ins.get(e).source());
        sources[k][e] = s;
        delayed[k][e] = ins.get(e).delayed();
        if (delayed[k][e] && prev[s] == null) {
          prev[s] = new double[ops[s].out.length];
          prevList.add(s);
        }
      }
      if (ins.size() > 1) {
        inBuf[k] = new double[ops[k].inputSize()];
      }
    }
    prevOps = prevList.stream().mapToInt(Integer::intValue).toArray();
    inputNames = plan.inputNames();
    outputNames = plan.outputNames();
  }

  /**
   * Compiles {@code graph} for stepping under {@code contract}; errors name the node and field
   * (unsupported shapes, parameters of the wrong size, edges naming no node).
   */
  public static Evaluator create(NirGraph graph, Contract contract) throws NirfpgaException {
    GraphPlan plan = GraphPlan.of(graph);
    Op[] ops = OpFactory.build(plan, contract);
    return new Evaluator(contract, plan, ops);
  }

  public Contract contract() {
    return contract;
  }

  /** Every node name (nested ones dotted) in execution order. */
  public List<String> nodeNames() {
    List<String> out = new ArrayList<>();
    for (Op op : ops) {
      out.add(op.name);
    }
    return out;
  }

  /** The cycle-closing edges, each read with one step of delay, as {@code "src -> dst"}. */
  public List<String> cycleClosingEdges() {
    return plan.cycleClosingEdges();
  }

  /** The top-level Input names, in file order. */
  public List<String> inputNames() {
    return inputNames;
  }

  /** The top-level Output names, in file order. */
  public List<String> outputNames() {
    return outputNames;
  }

  /** The output shape of a node (an Input's shape for an Input). */
  public Dims shapeOf(String node) {
    return op(node).shape;
  }

  /** The type ({@code "CubaLIF"}, ...) of a node. */
  public String typeOf(String node) {
    return plan.node(node).type();
  }

  /** The shape of the single Input; NirfpgaException when the graph has several or none. */
  public Dims inputShape() throws NirfpgaException {
    return op(singleInput()).shape;
  }

  /** The number of steps taken since creation or the last {@link #reset()}. */
  public long stepsDone() {
    return stepsDone;
  }

  /** Zeroes every state (membranes, currents, delay lines, cycle-closing edges). */
  public void reset() {
    for (Op op : ops) {
      op.reset();
    }
    for (int s : prevOps) {
      Arrays.fill(prev[s], 0.0);
    }
    stepsDone = 0;
  }

  /**
   * One step with {@code input} (flattened C order) fed to the single Input node. Returns the
   * first Output's value; the array belongs to the evaluator and changes at the next step.
   */
  public double[] step(double[] input) throws NirfpgaException {
    String in = singleInput();
    ((SimpleOps.Source) ops[index.get(in)]).set(checked(in, input));
    advance();
    return outputNames.isEmpty() ? new double[0] : ops[index.get(outputNames.get(0))].out;
  }

  /** One step with one input array per Input node name; inputs not given are zero. */
  public void step(Map<String, double[]> inputs) throws NirfpgaException {
    for (String name : inputNames) {
      double[] x = inputs.get(name);
      SimpleOps.Source src = (SimpleOps.Source) ops[index.get(name)];
      if (x == null) {
        Arrays.fill(src.out, 0.0);
        src.activeCount = 0;
        src.activeValid = true;
      } else {
        src.set(checked(name, x));
      }
    }
    for (String name : inputs.keySet()) {
      if (!inputNames.contains(name)) {
        throw new NirfpgaException("input '" + name + "' names no Input node; inputs are "
            + inputNames);
      }
    }
    advance();
  }

  private double[] checked(String name, double[] x) throws NirfpgaException {
    int n = ops[index.get(name)].out.length;
    if (x.length != n) {
      throw new NirfpgaException("input '" + name + "' has " + x.length + " values per step, "
          + "expected " + n + " (shape " + ops[index.get(name)].shape + ")");
    }
    return x;
  }

  private void advance() {
    int n = ops.length;
    for (int k = 0; k < n; k++) {
      int[] src = sources[k];
      double[] in;
      if (src.length == 0) {
        in = null;
      } else if (src.length == 1) {
        in = delayed[k][0] ? prev[src[0]] : ops[src[0]].out;
      } else {
        in = inBuf[k];
        Arrays.fill(in, 0.0);
        for (int e = 0; e < src.length; e++) {
          double[] s = delayed[k][e] ? prev[src[e]] : ops[src[e]].out;
          for (int j = 0; j < in.length; j++) {
            in[j] += s[j];
          }
        }
      }
      if (in == null && !(ops[k] instanceof SimpleOps.Source)) {
        in = zeros(k);
      }
      if (src.length == 1 && !delayed[k][0] && ops[src[0]].activeValid) {
        Op s = ops[src[0]];
        ops[k].computeSparse(in, s.active, s.activeCount);
      } else {
        ops[k].compute(in);
      }
    }
    for (int s : prevOps) {
      System.arraycopy(ops[s].out, 0, prev[s], 0, prev[s].length);
    }
    stepsDone++;
  }

  private double[] zeros(int k) {
    if (inBuf[k] == null) {
      inBuf[k] = new double[ops[k].inputSize()];
    }
    return inBuf[k];
  }

  /** The current output of a node (a copy). */
  public double[] output(String node) {
    return op(node).out.clone();
  }

  /** The current membrane potential of a node (a copy), or null when it has none. */
  public double[] v(String node) {
    double[] v = op(node).v();
    return v == null ? null : v.clone();
  }

  /** The current synaptic current of a Cuba node (a copy), or null when it has none. */
  public double[] i(String node) {
    double[] i = op(node).i();
    return i == null ? null : i.clone();
  }

  /**
   * Resets, then runs {@code inputs.length} steps of the single Input, recording {@code record}
   * (node names; empty means the graph's Output nodes).
   */
  public RunResult run(double[][] inputs, Collection<String> record, ProgressListener progress)
      throws NirfpgaException {
    return run(inputs.length, t -> step(inputs[t]), record, progress);
  }

  /**
   * Resets, then runs the steps of {@code inputs} (one [step][element] array per Input node
   * name, all of the same length), recording {@code record} as {@link #run(double[][],
   * Collection, ProgressListener)} does.
   */
  public RunResult run(Map<String, double[][]> inputs, Collection<String> record,
      ProgressListener progress) throws NirfpgaException {
    int steps = -1;
    for (String name : inputNames) {
      double[][] x = inputs.get(name);
      if (x == null) {
        throw new NirfpgaException("no input array for input node '" + name + "'; the graph's"
            + " input nodes are " + inputNames);
      }
      if (steps >= 0 && x.length != steps) {
        throw new NirfpgaException("input node '" + name + "' has " + x.length + " steps, input"
            + " node '" + inputNames.get(0) + "' " + steps);
      }
      steps = x.length;
    }
    Map<String, double[]> row = new LinkedHashMap<>();
    return run(Math.max(0, steps), t -> {
      for (String name : inputNames) {
        row.put(name, inputs.get(name)[t]);
      }
      step(row);
    }, record, progress);
  }

  /** One step of a run: feeds step {@code t}'s inputs and advances. */
  private interface StepFeed {
    void feed(int t) throws NirfpgaException;
  }

  private RunResult run(int steps, StepFeed feed, Collection<String> record,
      ProgressListener progress) throws NirfpgaException {
    List<String> names = recordedNames(record);
    Op[] rec = new Op[names.size()];
    double[][][] outs = new double[names.size()][][];
    double[][][] vs = new double[names.size()][][];
    double[][][] is = new double[names.size()][][];
    for (int r = 0; r < rec.length; r++) {
      rec[r] = op(names.get(r));
      outs[r] = new double[steps][];
      vs[r] = rec[r].v() == null ? null : new double[steps][];
      is[r] = rec[r].i() == null ? null : new double[steps][];
    }
    reset();
    long every = Math.max(1, steps / 100);
    long t0 = System.nanoTime();
    for (int t = 0; t < steps; t++) {
      feed.feed(t);
      for (int r = 0; r < rec.length; r++) {
        outs[r][t] = rec[r].out.clone();
        if (vs[r] != null) {
          vs[r][t] = rec[r].v().clone();
        }
        if (is[r] != null) {
          is[r][t] = rec[r].i().clone();
        }
      }
      if ((t + 1) % every == 0 || t + 1 == steps) {
        progress.progress(t + 1, steps);
      }
    }
    long wall = System.nanoTime() - t0;
    Map<String, NodeTrace> traces = new LinkedHashMap<>();
    double amp = amplitude();
    for (int r = 0; r < rec.length; r++) {
      Op op = rec[r];
      traces.put(op.name, new NodeTrace(op.name, plan.node(op.name).type(), op.shape,
          op.spiking(), amp, outs[r], vs[r], is[r]));
    }
    return new RunResult(contract, steps, traces, wall);
  }

  /** The value one spike carries under the contract. */
  public double amplitude() {
    return contract.spikeAmplitude() == Contract.SpikeAmplitude.ONE ? 1.0 : 1.0 / contract.dt();
  }

  /** The names a run records: {@code record} checked against the graph, or the Outputs. */
  public List<String> recordedNames(Collection<String> record) throws NirfpgaException {
    if (record == null || record.isEmpty()) {
      return outputNames;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String name : record) {
      if (!index.containsKey(name)) {
        throw new NirfpgaException("cannot record '" + name + "': no such node; nodes are "
            + String.join(", ", nodeNames()));
      }
      out.add(name);
    }
    return new ArrayList<>(out);
  }

  private String singleInput() throws NirfpgaException {
    if (inputNames.size() != 1) {
      throw new NirfpgaException("the graph has " + inputNames.size() + " Input nodes "
          + inputNames + "; step(Map) feeds several");
    }
    return inputNames.get(0);
  }

  private Op op(String node) {
    Integer k = index.get(node);
    if (k == null) {
      throw new IllegalArgumentException("no node '" + node + "'; nodes are "
          + String.join(", ", nodeNames()));
    }
    return ops[k];
  }
}
