package org.nirfpga.fixed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.ref.Contract;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.AvgPool2d;
import org.nirfpga.nir.graph.Conv1d;
import org.nirfpga.nir.graph.Conv2d;
import org.nirfpga.nir.graph.CubaLI;
import org.nirfpga.nir.graph.CubaLIF;
import org.nirfpga.nir.graph.Delay;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.Flatten;
import org.nirfpga.nir.graph.I;
import org.nirfpga.nir.graph.IF;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LI;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Padding;
import org.nirfpga.nir.graph.Scale;
import org.nirfpga.nir.graph.SumPool2d;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.graph.Threshold;

/**
 * Lowers a NIR graph to a {@link Plan}: flattens nested graphs, finds recurrent edges, splits the
 * graph into event sources, synapse chains and neuron layers, and expands each chain.
 */
final class Lowering {
  private final Contract dyn;
  private final Map<String, NirNode> nodes = new LinkedHashMap<>();
  private final Set<String> topInputs = new LinkedHashSet<>();
  private final Set<String> topOutputs = new LinkedHashSet<>();
  private final Set<String> junctions = new LinkedHashSet<>();
  private final List<Edge> edges = new ArrayList<>();
  /** Out-edges per node after junctions are bypassed, with the steps each holds events back. */
  private final Map<String, List<Lagged>> succ = new HashMap<>();
  private final Set<Integer> backEdges = new HashSet<>();

  /** An edge that delivers events {@code lag} steps late (1 per cycle-closing edge on it). */
  private record Lagged(String source, String destination, int lag) {}
  private final Map<String, int[]> shapes = new HashMap<>();

  private Lowering(Contract dyn) {
    this.dyn = dyn;
  }

  /** The plan of {@code graph} under {@code dyn}; unsupported constructs name the node. */
  static Plan lower(NirGraph graph, Contract dyn) throws NirfpgaException {
    return new Lowering(dyn).run(graph);
  }

  private Plan run(NirGraph graph) throws NirfpgaException {
    flatten(graph, "", true);
    // Older files flattened subgraphs into top-level dotted names, so a top-level Input can have
    // an edge into it (or an Output an edge out of it): such ports only pass events on.
    List<String> dfsRoots = new ArrayList<>(topInputs);
    for (Edge e : edges) {
      if (nodes.get(e.destination()) instanceof Input) {
        junctions.add(e.destination());
        topInputs.remove(e.destination());
      }
      if (nodes.get(e.source()) instanceof Output) {
        junctions.add(e.source());
        topOutputs.remove(e.source());
      }
    }
    for (Edge e : edges) {
      if (!nodes.containsKey(e.source()) || !nodes.containsKey(e.destination())) {
        throw new NirfpgaException("edge " + e + " names a node the graph does not hold");
      }
    }
    // Cycle-closing edges are found on the graph as written, nested Input/Output nodes included,
    // exactly as the reference evaluator finds them; only then are those nodes bypassed.
    findBackEdges(dfsRoots);
    for (Lagged e : removeJunctions()) {
      List<Lagged> s = succ.computeIfAbsent(e.source(), k -> new ArrayList<>());
      if (!s.contains(e)) {
        s.add(e);
      }
    }
    for (Map.Entry<String, NirNode> e : nodes.entrySet()) {
      NirNode n = e.getValue();
      if (!(n instanceof Input || n instanceof Output || n.isNeuron() || isStage(n))) {
        throw new NirfpgaException("node '" + e.getKey() + "' (" + n.type()
            + ") is not supported by the fixed-point golden model");
      }
    }
    List<RawChain> raw = enumerateChains();
    List<String> order = layerOrder(raw);
    List<Plan.PortPlan> inputs = new ArrayList<>();
    for (String in : topInputs) {
      int[] shape = ((Input) nodes.get(in)).shape().toArray();
      shapes.put(in, shape);
      inputs.add(new Plan.PortPlan(in, shape, size(shape)));
    }
    for (String l : order) {
      shapes.put(l, layerShape(l, raw));
    }
    List<Plan.LayerPlan> layers = new ArrayList<>();
    for (String l : order) {
      layers.add(buildLayer(l, raw));
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    for (String out : topOutputs) {
      List<RawChain> into = raw.stream().filter(c -> c.sink.equals(out)).toList();
      if (into.size() != 1) {
        throw new NirfpgaException("output '" + out + "' must be driven by exactly one input or"
            + " neuron, found " + into.size());
      }
      RawChain c = into.get(0);
      for (String s : c.stages) {
        if (!(nodes.get(s) instanceof Flatten)) {
          throw new NirfpgaException("node '" + s + "' (" + nodes.get(s).type() + ") sits between '"
              + c.source + "' and output '" + out + "' with no neuron after it; the golden model"
              + " needs a neuron (e.g. LI) to hold a synapse's result");
        }
      }
      outputs.put(out, c.source);
    }
    return new Plan(inputs, layers, outputs, dyn);
  }

  // ---- flattening --------------------------------------------------------------------------

  private void flatten(NirGraph g, String prefix, boolean top) throws NirfpgaException {
    for (Map.Entry<String, NirNode> e : g.nodes().entrySet()) {
      String path = prefix + e.getKey();
      NirNode n = e.getValue();
      if (n instanceof NirGraph sub) {
        flatten(sub, path + ".", false);
        continue;
      }
      nodes.put(path, n);
      if (n instanceof Input || n instanceof Output) {
        if (top) {
          (n instanceof Input ? topInputs : topOutputs).add(path);
        } else {
          junctions.add(path);
        }
      }
    }
    for (Edge e : g.edges()) {
      for (String s : resolve(g, prefix, e.source(), true, e)) {
        for (String d : resolve(g, prefix, e.destination(), false, e)) {
          edges.add(new Edge(s, d));
        }
      }
    }
  }

  private List<String> resolve(NirGraph g, String prefix, String name, boolean asSource, Edge edge)
      throws NirfpgaException {
    NirNode exact = g.nodes().get(name);
    if (exact instanceof NirGraph sub) {
      List<String> ports = asSource ? sub.outputNames() : sub.inputNames();
      if (ports.isEmpty()) {
        throw new NirfpgaException("edge " + edge + ": subgraph '" + prefix + name + "' has no "
            + (asSource ? "Output" : "Input") + " node to connect");
      }
      return ports.stream().map(p -> prefix + name + "." + p).toList();
    }
    if (exact != null) {
      return List.of(prefix + name);
    }
    for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
      if (g.nodes().get(name.substring(0, dot)) instanceof NirGraph sub) {
        return resolve(sub, prefix + name.substring(0, dot) + ".", name.substring(dot + 1),
            asSource, edge);
      }
    }
    // Files of October 2023 flattened subgraphs into dotted names but kept edges to the
    // subgraph's own name: 'lif1' then stands for 'lif1.input' or 'lif1.output'.
    String port = name + (asSource ? ".output" : ".input");
    if (g.nodes().get(port) instanceof Input || g.nodes().get(port) instanceof Output) {
      return List.of(prefix + port);
    }
    throw new NirfpgaException("edge " + edge + " names no node '" + prefix + name + "'");
  }

  /**
   * Inner Input/Output nodes of nested graphs only pass events on: bypass them, adding up the
   * lags of the edges around them.
   */
  private List<Lagged> removeJunctions() {
    List<Lagged> out = new ArrayList<>();
    for (int i = 0; i < edges.size(); i++) {
      Edge e = edges.get(i);
      out.add(new Lagged(e.source(), e.destination(), backEdges.contains(i) ? 1 : 0));
    }
    for (String j : junctions) {
      List<Lagged> in = out.stream().filter(e -> e.destination().equals(j)).toList();
      List<Lagged> from = out.stream().filter(e -> e.source().equals(j)).toList();
      List<Lagged> next = new ArrayList<>();
      for (Lagged e : out) {
        if (e.source().equals(j)) {
          continue;
        }
        if (!e.destination().equals(j)) {
          next.add(e);
          continue;
        }
        // Splice the bypass in where the edge into the junction was, keeping edge order.
        for (Lagged b : from) {
          next.add(new Lagged(e.source(), b.destination(), e.lag() + b.lag()));
        }
      }
      if (in.isEmpty()) {
        next.removeIf(e -> e.source().equals(j));
      }
      out = next;
      nodes.remove(j);
    }
    return out;
  }

  // ---- structure ---------------------------------------------------------------------------

  private static boolean isStage(NirNode n) {
    return n instanceof Linear || n instanceof Affine || n instanceof Conv1d || n instanceof Conv2d
        || n instanceof SumPool2d || n instanceof AvgPool2d || n instanceof Flatten
        || n instanceof Scale || n instanceof Delay;
  }

  private boolean isSource(String p) {
    return topInputs.contains(p) || nodes.get(p).isNeuron();
  }

  private boolean isSink(String p) {
    return topOutputs.contains(p) || nodes.get(p).isNeuron();
  }

  /** Depth-first from the inputs in file order: an edge into a node on the stack closes a cycle. */
  private void findBackEdges(List<String> inputs) {
    Map<String, List<Integer>> outEdges = new HashMap<>();
    for (int i = 0; i < edges.size(); i++) {
      outEdges.computeIfAbsent(edges.get(i).source(), k -> new ArrayList<>()).add(i);
    }
    Set<String> done = new HashSet<>();
    Set<String> onStack = new HashSet<>();
    List<String> roots = new ArrayList<>(inputs);
    roots.addAll(nodes.keySet());
    for (String r : roots) {
      if (!done.contains(r)) {
        dfs(r, outEdges, done, onStack);
      }
    }
  }

  private void dfs(String n, Map<String, List<Integer>> outEdges, Set<String> done,
      Set<String> onStack) {
    onStack.add(n);
    for (int i : outEdges.getOrDefault(n, List.of())) {
      String m = edges.get(i).destination();
      if (onStack.contains(m)) {
        backEdges.add(i);
      } else if (!done.contains(m)) {
        dfs(m, outEdges, done, onStack);
      }
    }
    onStack.remove(n);
    done.add(n);
  }

  /** A source-to-sink path; {@code backAt} lists the positions of its cycle-closing edges. */
  private record RawChain(String source, List<String> stages, String sink, List<Integer> backAt) {
    boolean recurrent() {
      return !backAt.isEmpty();
    }
  }

  private List<RawChain> enumerateChains() throws NirfpgaException {
    List<RawChain> out = new ArrayList<>();
    for (String s : nodes.keySet()) {
      if (isSource(s)) {
        walk(s, s, new ArrayList<>(), new ArrayList<>(), out);
      }
    }
    return out;
  }

  private void walk(String source, String cur, List<String> stages, List<Integer> backAt,
      List<RawChain> out) throws NirfpgaException {
    for (Lagged e : succ.getOrDefault(cur, List.of())) {
      String m = e.destination();
      List<Integer> r = new ArrayList<>(backAt);
      for (int k = 0; k < e.lag(); k++) {
        r.add(stages.size());
      }
      if (isSink(m)) {
        out.add(new RawChain(source, List.copyOf(stages), m, List.copyOf(r)));
      } else if (topInputs.contains(m)) {
        throw new NirfpgaException("edge (" + cur + " -> " + m + ") leads into an input node");
      } else {
        if (stages.contains(m)) {
          throw new NirfpgaException("node '" + m + "' lies on a cycle with no neuron on it; the"
              + " golden model needs a neuron in every loop");
        }
        stages.add(m);
        walk(source, m, stages, r, out);
        stages.remove(stages.size() - 1);
      }
    }
  }

  private List<String> layerOrder(List<RawChain> raw) throws NirfpgaException {
    List<String> layers = new ArrayList<>();
    nodes.forEach((k, v) -> {
      if (v.isNeuron()) {
        layers.add(k);
      }
    });
    Map<String, Set<String>> deps = new HashMap<>();
    for (String l : layers) {
      deps.put(l, new HashSet<>());
    }
    for (RawChain c : raw) {
      if (!c.recurrent() && deps.containsKey(c.sink) && deps.containsKey(c.source)) {
        deps.get(c.sink).add(c.source);
      }
    }
    List<String> order = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    while (order.size() < layers.size()) {
      boolean progress = false;
      for (String l : layers) {
        if (!placed.contains(l) && placed.containsAll(deps.get(l))) {
          order.add(l);
          placed.add(l);
          progress = true;
        }
      }
      if (!progress) {
        throw new IllegalStateException("layers form a cycle without a recurrent edge");
      }
    }
    return order;
  }

  // ---- shapes and expansion ----------------------------------------------------------------

  private static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  private int[] layerShape(String l, List<RawChain> raw) throws NirfpgaException {
    for (RawChain c : raw) {
      if (c.sink.equals(l) && !c.recurrent() && shapes.containsKey(c.source)) {
        int[] s = shapes.get(c.source);
        for (String st : c.stages) {
          s = stageShape(st, s);
        }
        return s;
      }
    }
    Tensor biggest = null;
    for (Tensor t : nodes.get(l).params().values()) {
      if (biggest == null || t.size() > biggest.size()) {
        biggest = t;
      }
    }
    if (biggest == null || biggest.isScalar()) {
      throw new NirfpgaException("neuron '" + l + "': cannot tell its size (no feed-forward input"
          + " and only scalar parameters)");
    }
    return biggest.shape();
  }

  private int[] stageShape(String path, int[] in) throws NirfpgaException {
    return transform(path, in, 0, null);
  }

  /** A synapse stage applied to one event: appends (index, factor) pairs to {@code out}. */
  private interface Sink {
    void add(int index, double factor);
  }

  /**
   * Applies stage {@code path} to the element {@code idx} of a tensor of shape {@code in} (when
   * {@code out} is non-null) and returns the stage's output shape.
   */
  private int[] transform(String path, int[] in, int idx, Sink out)
      throws NirfpgaException {
    NirNode n = nodes.get(path);
    int inSize = size(in);
    if (n instanceof Linear || n instanceof Affine) {
      Tensor w = n instanceof Linear lin ? lin.weight() : ((Affine) n).weight();
      if (w.rank() != 2 || w.dim(1) != inSize) {
        throw new NirfpgaException("node '" + path + "': weight shape " + Arrays.toString(w.shape())
            + " does not take an input of " + inSize + " elements");
      }
      int rows = w.dim(0);
      if (out != null) {
        for (int i = 0; i < rows; i++) {
          double v = w.get(i * inSize + idx);
          if (v != 0) {
            out.add(i, v);
          }
        }
      }
      return new int[] {rows};
    }
    if (n instanceof Conv2d c) {
      return conv2d(path, c, in, idx, out);
    }
    if (n instanceof Conv1d c) {
      return conv1d(path, c, in, idx, out);
    }
    if (n instanceof SumPool2d p) {
      return pool(path, p.kernelSize(), p.stride(), p.padding(), 1.0, in, idx, out);
    }
    if (n instanceof AvgPool2d p) {
      double f = 1.0 / (p.kernelSize().get(0) * p.kernelSize().get(1));
      return pool(path, p.kernelSize(), p.stride(), p.padding(), f, in, idx, out);
    }
    if (n instanceof Flatten f) {
      if (out != null) {
        out.add(idx, 1.0);
      }
      int s = f.startDim() < 0 ? f.startDim() + in.length : f.startDim();
      int e = f.endDim() < 0 ? f.endDim() + in.length : f.endDim();
      if (s < 0 || e >= in.length || s > e) {
        return new int[] {inSize};
      }
      int[] shape = new int[in.length - (e - s)];
      int k = 0;
      for (int i = 0; i < in.length; i++) {
        if (i <= s || i > e) {
          shape[k++] = in[i];
        } else {
          shape[k - 1] *= in[i];
        }
      }
      return shape;
    }
    if (n instanceof Scale sc) {
      Tensor s = sc.scale();
      if (s.size() != 1 && s.size() != inSize) {
        throw new NirfpgaException("node '" + path + "': scale has " + s.size()
            + " elements for an input of " + inSize);
      }
      if (out != null) {
        out.add(idx, s.size() == 1 ? s.get(0) : s.get(idx));
      }
      return in;
    }
    if (n instanceof Delay) {
      if (out != null) {
        out.add(idx, 1.0);
      }
      return in;
    }
    throw new IllegalStateException("not a stage: " + path);
  }

  /** Older files give the Input a leading batch axis of 1, e.g. (1, 2, 34, 34): drop it. */
  private static int[] dropBatchAxis(int[] in, int spatialDims) {
    while (in.length > spatialDims + 1 && in[0] == 1) {
      in = Arrays.copyOfRange(in, 1, in.length);
    }
    return in;
  }

  private static int[] padOf(String path, Padding p, int[] kernel, int[] dil, int[] stride)
      throws NirfpgaException {
    int[] pad = new int[kernel.length];
    if (p instanceof Padding.Explicit e) {
      int[] a = e.amounts();
      if (a.length != kernel.length) {
        throw new NirfpgaException("node '" + path + "': padding " + e + " has " + a.length
            + " entries, expected " + kernel.length);
      }
      return a;
    }
    if (p instanceof Padding.Same) {
      for (int i = 0; i < kernel.length; i++) {
        if (stride[i] != 1) {
          throw new NirfpgaException("node '" + path + "': padding 'same' needs stride 1");
        }
        pad[i] = dil[i] * (kernel[i] - 1) / 2;
      }
    }
    return pad;
  }

  private static int outLen(int in, int pad, int padEnd, int dil, int k, int stride) {
    return Math.floorDiv(in + pad + padEnd - dil * (k - 1) - 1, stride) + 1;
  }

  private static int samePadEnd(Padding p, int dil, int k, int left) {
    return p instanceof Padding.Same ? dil * (k - 1) - left : left;
  }

  private int[] conv2d(String path, Conv2d c, int[] in, int idx, Sink out)
      throws NirfpgaException {
    Tensor w = c.weight();
    int co = w.dim(0);
    int cig = w.dim(1);
    int kh = w.dim(2);
    int kw = w.dim(3);
    int g = c.groups();
    int ci = cig * g;
    in = dropBatchAxis(in, 2);
    if (in.length == 2 && ci == 1) {
      in = new int[] {1, in[0], in[1]};
    }
    if (in.length != 3 || in[0] != ci) {
      throw new NirfpgaException("node '" + path + "': input shape " + Arrays.toString(in)
          + " is not (" + ci + ", H, W)");
    }
    int[] dil = c.dilation().toArray();
    int[] st = c.stride().toArray();
    int[] pad = padOf(path, c.padding(), new int[] {kh, kw}, dil, st);
    int ho = outLen(in[1], pad[0], samePadEnd(c.padding(), dil[0], kh, pad[0]), dil[0], kh, st[0]);
    int wo = outLen(in[2], pad[1], samePadEnd(c.padding(), dil[1], kw, pad[1]), dil[1], kw, st[1]);
    if (out != null) {
      int ch = idx / (in[1] * in[2]);
      int y = idx / in[2] % in[1];
      int x = idx % in[2];
      int grp = ch / cig;
      int cl = ch % cig;
      int cpg = co / g;
      for (int o = grp * cpg; o < (grp + 1) * cpg; o++) {
        for (int ky = 0; ky < kh; ky++) {
          int ny = y + pad[0] - ky * dil[0];
          if (ny < 0 || ny % st[0] != 0 || ny / st[0] >= ho) {
            continue;
          }
          for (int kx = 0; kx < kw; kx++) {
            int nx = x + pad[1] - kx * dil[1];
            if (nx < 0 || nx % st[1] != 0 || nx / st[1] >= wo) {
              continue;
            }
            double v = w.get(((o * cig + cl) * kh + ky) * kw + kx);
            if (v != 0) {
              out.add((o * ho + ny / st[0]) * wo + nx / st[1], v);
            }
          }
        }
      }
    }
    return new int[] {co, ho, wo};
  }

  private int[] conv1d(String path, Conv1d c, int[] in, int idx, Sink out)
      throws NirfpgaException {
    Tensor w = c.weight();
    int co = w.dim(0);
    int cig = w.dim(1);
    int k = w.dim(2);
    int g = c.groups();
    int ci = cig * g;
    in = dropBatchAxis(in, 1);
    if (in.length == 1 && ci == 1) {
      in = new int[] {1, in[0]};
    }
    if (in.length != 2 || in[0] != ci) {
      throw new NirfpgaException("node '" + path + "': input shape " + Arrays.toString(in)
          + " is not (" + ci + ", L)");
    }
    int dil = c.dilation();
    int st = c.stride();
    int pad = padOf(path, c.padding(), new int[] {k}, new int[] {dil}, new int[] {st})[0];
    int lo = outLen(in[1], pad, samePadEnd(c.padding(), dil, k, pad), dil, k, st);
    if (out != null) {
      int ch = idx / in[1];
      int x = idx % in[1];
      int grp = ch / cig;
      int cl = ch % cig;
      int cpg = co / g;
      for (int o = grp * cpg; o < (grp + 1) * cpg; o++) {
        for (int kx = 0; kx < k; kx++) {
          int nx = x + pad - kx * dil;
          if (nx < 0 || nx % st != 0 || nx / st >= lo) {
            continue;
          }
          double v = w.get((o * cig + cl) * k + kx);
          if (v != 0) {
            out.add(o * lo + nx / st, v);
          }
        }
      }
    }
    return new int[] {co, lo};
  }

  private static int[] pool(String path, Dims kernel, Dims stride, Dims padding, double factor,
      int[] in, int idx, Sink out) throws NirfpgaException {
    in = dropBatchAxis(in, 2);
    if (in.length != 3) {
      throw new NirfpgaException("node '" + path + "': input shape " + Arrays.toString(in)
          + " is not (C, H, W)");
    }
    int kh = kernel.get(0);
    int kw = kernel.get(1);
    int sh = stride.get(0);
    int sw = stride.get(1);
    int ph = padding.get(0);
    int pw = padding.get(1);
    int ho = outLen(in[1], ph, ph, 1, kh, sh);
    int wo = outLen(in[2], pw, pw, 1, kw, sw);
    if (out != null) {
      int ch = idx / (in[1] * in[2]);
      int y = idx / in[2] % in[1] + ph;
      int x = idx % in[2] + pw;
      for (int oy = Math.max(0, Math.floorDiv(y - kh, sh) + 1); oy <= Math.min(ho - 1, y / sh);
          oy++) {
        for (int ox = Math.max(0, Math.floorDiv(x - kw, sw) + 1); ox <= Math.min(wo - 1, x / sw);
            ox++) {
          out.add((ch * ho + oy) * wo + ox, factor);
        }
      }
    }
    return new int[] {in[0], ho, wo};
  }

  // ---- layers ------------------------------------------------------------------------------

  private Plan.LayerPlan buildLayer(String l, List<RawChain> raw) throws NirfpgaException {
    NirNode node = nodes.get(l);
    int[] shape = shapes.get(l);
    int n = size(shape);
    Coeffs k = coeffs(l, node, n);
    Map<Integer, double[]> bias = new java.util.TreeMap<>();
    Set<String> biasDone = new HashSet<>();
    List<Plan.ChainPlan> chains = new ArrayList<>();
    List<String> synapses = new ArrayList<>();
    for (RawChain c : raw) {
      if (!c.sink.equals(l)) {
        continue;
      }
      for (String s : c.stages) {
        if (!synapses.contains(s)) {
          synapses.add(s);
        }
      }
      chains.add(expand(c, l, n, k, bias, biasDone));
    }
    List<Plan.BiasPlan> biases = new ArrayList<>();
    bias.forEach((from, values) -> biases.add(new Plan.BiasPlan(from, values)));
    return new Plan.LayerPlan(l, node.type(), k.kind, shape, n, List.copyOf(chains), biases, k.gain,
        k.alphaV, k.alphaI, k.leakV, k.threshold, k.vReset, k.iScale, k.iCouples, k.multiSpike,
        List.copyOf(synapses));
  }

  private Plan.ChainPlan expand(RawChain c, String l, int n, Coeffs k, Map<Integer, double[]> bias,
      Set<String> biasDone) throws NirfpgaException {
    int[] srcShape = shapes.get(c.source);
    int srcSize = size(srcShape);
    boolean unit = topInputs.contains(c.source)
        || dyn.spikeAmplitude() == Contract.SpikeAmplitude.ONE;
    double amplitude = unit ? 1.0 : 1.0 / dyn.dt();
    // Shapes in front of each stage, and the delay the chain imposes.
    int[][] before = new int[c.stages.size() + 1][];
    before[0] = srcShape;
    int[] delay = null;
    boolean addressesKept = true;
    for (int s = 0; s < c.stages.size(); s++) {
      String st = c.stages.get(s);
      NirNode sn = nodes.get(st);
      if (sn instanceof Delay d) {
        delay = delaySteps(st, d, size(before[s]), addressesKept, srcSize, delay);
      } else if (!(sn instanceof Flatten || sn instanceof Scale)) {
        addressesKept = false;
      }
      before[s + 1] = stageShape(st, before[s]);
    }
    if (size(before[c.stages.size()]) != n) {
      throw new NirfpgaException("path " + c.source + " -> " + String.join(" -> ", c.stages)
          + " -> " + l + " delivers " + size(before[c.stages.size()]) + " values to a layer of "
          + n + " neurons");
    }
    int[][] targets = new int[srcSize][];
    double[][] weights = new double[srcSize][];
    for (int j = 0; j < srcSize; j++) {
      List<int[]> idx = new ArrayList<>();
      List<Double> val = new ArrayList<>();
      idx.add(new int[] {j});
      val.add(amplitude);
      for (int s = 0; s < c.stages.size(); s++) {
        List<int[]> ni = new ArrayList<>();
        List<Double> nv = new ArrayList<>();
        for (int e = 0; e < idx.size(); e++) {
          double base = val.get(e);
          transform(c.stages.get(s), before[s], idx.get(e)[0], (t, f) -> {
            ni.add(new int[] {t});
            nv.add(base * f);
          });
        }
        idx = ni;
        val = nv;
      }
      targets[j] = new int[idx.size()];
      weights[j] = new double[idx.size()];
      for (int e = 0; e < idx.size(); e++) {
        int t = idx.get(e)[0];
        targets[j][e] = t;
        weights[j][e] = val.get(e) * k.gain[t];
      }
    }
    // Biases enter once per (biased node, rest of the path) so fan-out paths do not repeat them.
    for (int s = 0; s < c.stages.size(); s++) {
      NirNode sn = nodes.get(c.stages.get(s));
      Tensor b = sn instanceof Affine a ? a.bias() : sn instanceof Conv2d cv ? cv.bias()
          : sn instanceof Conv1d c1 ? c1.bias() : null;
      if (b == null) {
        continue;
      }
      String key = String.join(">", c.stages.subList(s, c.stages.size())) + ">" + l;
      if (!biasDone.add(key)) {
        continue;
      }
      // The bias reaches the layer only once every delay behind the biased node has passed: a
      // cycle-closing edge after it holds it back one step (it carries 0 at step 0).
      int from = 0;
      for (int at : c.backAt) {
        from += at > s ? 1 : 0;
      }
      for (int r = s + 1; r < c.stages.size(); r++) {
        if (nodes.get(c.stages.get(r)) instanceof Delay d) {
          from += (int) Math.round(d.delay().get(0) / dyn.dt());
        }
      }
      double[] into = bias.computeIfAbsent(from, x -> new double[n]);
      int[] outShape = before[s + 1];
      int outSize = size(outShape);
      int perChannel = sn instanceof Affine ? 1 : outSize / b.size();
      if (b.size() != 1 && b.size() * perChannel != outSize) {
        throw new NirfpgaException("node '" + c.stages.get(s) + "': bias has " + b.size()
            + " elements for " + outSize + " outputs");
      }
      for (int o = 0; o < outSize; o++) {
        double bv = b.size() == 1 ? b.get(0) : b.get(o / perChannel);
        if (bv == 0) {
          continue;
        }
        List<Integer> idx = new ArrayList<>(List.of(o));
        List<Double> val = new ArrayList<>(List.of(bv));
        for (int r = s + 1; r < c.stages.size(); r++) {
          List<Integer> ni = new ArrayList<>();
          List<Double> nv = new ArrayList<>();
          for (int e = 0; e < idx.size(); e++) {
            double base = val.get(e);
            transform(c.stages.get(r), before[r], idx.get(e), (t, f) -> {
              ni.add(t);
              nv.add(base * f);
            });
          }
          idx = ni;
          val = nv;
        }
        for (int e = 0; e < idx.size(); e++) {
          into[idx.get(e)] += val.get(e) * k.gain[idx.get(e)];
        }
      }
    }
    return new Plan.ChainPlan(c.source, List.copyOf(c.stages), c.backAt.size(), delay, targets,
        weights);
  }

  private int[] delaySteps(String path, Delay d, int sizeHere, boolean addressesKept, int srcSize,
      int[] prior) throws NirfpgaException {
    Tensor t = d.delay();
    if (t.size() != 1 && t.size() != sizeHere) {
      throw new NirfpgaException("node '" + path + "': delay has " + t.size() + " elements for "
          + sizeHere + " inputs");
    }
    if (!t.isUniform() && !addressesKept) {
      throw new NirfpgaException("node '" + path + "': per-element delays after an address-changing"
          + " synapse are not supported; put the Delay right after the spiking node");
    }
    int[] out = prior == null ? new int[srcSize] : prior.clone();
    for (int j = 0; j < srcSize; j++) {
      double sec = t.size() == 1 ? t.get(0) : t.get(j);
      double steps = sec / dyn.dt();
      long r = Math.round(steps);
      if (r < 0 || Math.abs(steps - r) > 1e-6 * Math.max(1, Math.abs(steps))) {
        throw new NirfpgaException("node '" + path + "': delay " + sec + " s is not a whole number"
            + " of steps of dt = " + dyn.dt() + " s");
      }
      out[j] += (int) r;
    }
    return out;
  }

  // ---- neuron coefficients -----------------------------------------------------------------

  private static final class Coeffs {
    Plan.Kind kind;
    double[] gain;
    double[] alphaV;
    double[] alphaI;
    double[] leakV;
    double[] threshold;
    double[] vReset;
    double[] iScale;
    boolean[] iCouples;
    boolean multiSpike;
  }

  private static double[] param(String path, String field, Tensor t, int n)
      throws NirfpgaException {
    if (t.size() != 1 && t.size() != n) {
      throw new NirfpgaException("node '" + path + "': " + field + " has " + t.size()
          + " elements for a layer of " + n + " neurons");
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = t.size() == 1 ? t.get(0) : t.get(i);
      if (!Double.isFinite(out[i])) {
        throw new NirfpgaException("node '" + path + "': " + field + "[" + i + "] is " + out[i]);
      }
    }
    return out;
  }

  private Coeffs coeffs(String path, NirNode node, int n) throws NirfpgaException {
    Coeffs k = new Coeffs();
    double dt = dyn.dt();
    k.gain = new double[n];
    k.alphaV = new double[n];
    k.alphaI = new double[n];
    k.leakV = new double[n];
    k.threshold = new double[n];
    k.vReset = new double[n];
    k.iScale = new double[n];
    k.iCouples = new boolean[n];
    Arrays.fill(k.alphaV, 1.0);
    Arrays.fill(k.alphaI, 1.0);
    Arrays.fill(k.iScale, 1.0);
    boolean exact = dyn.integrator() == Contract.Integrator.EXACT;
    if (exact && !(node instanceof LI)) {
      throw new NirfpgaException("node '" + path + "' (" + node.type() + "): the golden model"
          + " implements integrator=exact only for LI; use integrator=euler");
    }
    if (node instanceof LIF || node instanceof LI) {
      boolean lif = node instanceof LIF;
      k.kind = lif ? Plan.Kind.LIF : Plan.Kind.LI;
      double[] tau = param(path, "tau", lif ? ((LIF) node).tau() : ((LI) node).tau(), n);
      double[] r = param(path, "r", lif ? ((LIF) node).r() : ((LI) node).r(), n);
      double[] vl = param(path, "v_leak", lif ? ((LIF) node).vLeak() : ((LI) node).vLeak(), n);
      for (int i = 0; i < n; i++) {
        positive(path, "tau", tau[i], i);
        double a = exact ? 1 - Math.exp(-dt / tau[i]) : dt / tau[i];
        k.alphaV[i] = 1 - a;
        k.gain[i] = a * r[i];
        k.leakV[i] = a * vl[i];
      }
      if (lif) {
        k.threshold = param(path, "v_threshold", ((LIF) node).vThreshold(), n);
        k.vReset = param(path, "v_reset", ((LIF) node).vReset(), n);
      }
    } else if (node instanceof IF f) {
      k.kind = Plan.Kind.IF;
      double[] r = param(path, "r", f.r(), n);
      for (int i = 0; i < n; i++) {
        k.gain[i] = dyn.ifMode() == Contract.IfMode.NIR ? dt * r[i] : r[i];
      }
      k.threshold = param(path, "v_threshold", f.vThreshold(), n);
      k.vReset = param(path, "v_reset", f.vReset(), n);
      k.multiSpike = dyn.ifMode() == Contract.IfMode.SINABS_MULTISPIKE;
    } else if (node instanceof I in) {
      k.kind = Plan.Kind.I;
      double[] r = param(path, "r", in.r(), n);
      for (int i = 0; i < n; i++) {
        k.gain[i] = dt * r[i];
      }
    } else if (node instanceof CubaLIF || node instanceof CubaLI) {
      boolean lif = node instanceof CubaLIF;
      k.kind = lif ? Plan.Kind.CUBA_LIF : Plan.Kind.CUBA_LI;
      CubaLIF cf = lif ? (CubaLIF) node : null;
      CubaLI ci = lif ? null : (CubaLI) node;
      double[] ts = param(path, "tau_syn", lif ? cf.tauSyn() : ci.tauSyn(), n);
      double[] tm = param(path, "tau_mem", lif ? cf.tauMem() : ci.tauMem(), n);
      double[] r = param(path, "r", lif ? cf.r() : ci.r(), n);
      double[] vl = param(path, "v_leak", lif ? cf.vLeak() : ci.vLeak(), n);
      double[] win = param(path, "w_in", lif ? cf.wIn() : ci.wIn(), n);
      for (int i = 0; i < n; i++) {
        positive(path, "tau_syn", ts[i], i);
        positive(path, "tau_mem", tm[i], i);
        double as = dt / ts[i];
        double am = dt / tm[i];
        k.alphaI[i] = 1 - as;
        k.alphaV[i] = 1 - am;
        double couple = am * r[i];
        // The current is kept pre-multiplied by am*r so that v adds it without a multiplier.
        k.iCouples[i] = couple != 0;
        k.iScale[i] = couple != 0 ? couple : 1.0;
        k.gain[i] = as * win[i] * k.iScale[i];
        k.leakV[i] = am * vl[i];
      }
      if (lif) {
        k.threshold = param(path, "v_threshold", ((CubaLIF) node).vThreshold(), n);
        k.vReset = param(path, "v_reset", ((CubaLIF) node).vReset(), n);
      }
    } else if (node instanceof Threshold th) {
      k.kind = Plan.Kind.THRESHOLD;
      Arrays.fill(k.gain, 1.0);
      k.threshold = param(path, "threshold", th.threshold(), n);
    } else {
      throw new IllegalStateException("not a neuron: " + path);
    }
    return k;
  }

  private static void positive(String path, String field, double v, int i)
      throws NirfpgaException {
    if (!(v > 0)) {
      throw new NirfpgaException("node '" + path + "': " + field + "[" + i + "] = " + v
          + " must be a positive time constant in seconds");
    }
  }
}
