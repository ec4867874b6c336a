package org.nirfpga.nir.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.AvgPool2d;
import org.nirfpga.nir.graph.Conv1d;
import org.nirfpga.nir.graph.Conv2d;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Flatten;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Padding;
import org.nirfpga.nir.graph.SumPool2d;
import org.nirfpga.nir.graph.Tensor;

/**
 * Validates a NIR graph: edges must name nodes, sizes must be positive, a node's parameters must
 * agree in shape, values must not be NaN, and shapes must agree along every edge (see
 * {@link InferShapes}); recurrent cycles are reported as information. Nested graphs are checked
 * recursively and named by dotted paths.
 */
public final class ValidateGraph {
  private static final Set<String> TIME_CONSTANTS = Set.of("tau", "tau_mem", "tau_syn");
  /** Suffix of a subgraph's exit vertex; no node name can hold a NUL. */
  private static final String EXIT = "\u0000exit";

  private ValidateGraph() {}

  /** Lenient validation. */
  public static ValidationReport run(NirGraph graph) {
    return run(graph, Mode.LENIENT);
  }

  public static ValidationReport run(NirGraph graph, Mode mode) {
    GraphIndex index = GraphIndex.of(graph, mode);
    List<Finding> findings = new ArrayList<>(index.findings);
    index.nodes.forEach((path, node) -> checkNode(path, node, mode, findings));
    ShapeInfo shapes = InferShapes.run(index, mode);
    findings.addAll(shapes.findings());
    checkFlow(graph, index, findings);
    return new ValidationReport(mode, findings, shapes);
  }

  private static void checkNode(String path, NirNode n, Mode mode, List<Finding> out) {
    n.params().forEach((field, t) -> checkValues(path, n, field, t, out));
    if (n instanceof Input i) {
      checkShape(path, "shape", i.shape(), out);
    } else if (n instanceof Output o) {
      checkShape(path, "shape", o.shape(), out);
    } else if (n instanceof Affine a) {
      checkMatrix(path, n, a.weight(), out);
      if (a.weight().rank() >= 2) {
        int[] w = a.weight().shape();
        checkBias(path, n, a.bias(), Dims.of(Arrays.copyOf(w, w.length - 1)), out);
      }
    } else if (n instanceof Linear l) {
      checkMatrix(path, n, l.weight(), out);
    } else if (n instanceof Conv1d c) {
      checkConv1d(path, c, out);
    } else if (n instanceof Conv2d c) {
      checkConv2d(path, c, out);
    } else if (n instanceof SumPool2d p) {
      checkPool(path, n, p.kernelSize(), p.stride(), p.padding(), out);
    } else if (n instanceof AvgPool2d p) {
      checkPool(path, n, p.kernelSize(), p.stride(), p.padding(), out);
    } else if (n instanceof Flatten f) {
      if (f.inputType() != null && !positive(f.inputType())) {
        out.add(Finding.strictError(mode, path, "Flatten input_type " + f.inputType()
            + " has sizes <= 0; " + (mode == Mode.STRICT ? "write the real input shape"
            : "ignored, the predecessor's output shape is used")));
      }
    } else if (Params.isElementwise(n)) {
      checkParamShapes(path, n, mode, out);
    }
  }

  private static void checkValues(String path, NirNode n, String field, Tensor t,
      List<Finding> out) {
    for (int d : t.shape()) {
      if (d == 0) {
        out.add(Finding.error(path, n.type() + " field '" + field + "' has shape "
            + Dims.of(t.shape()) + " with a zero-size dimension; it holds no values"));
        return;
      }
    }
    if (t.hasNaN()) {
      out.add(Finding.error(path, n.type() + " field '" + field
          + "' holds NaN; every parameter needs a number"));
      return;
    }
    boolean timeConstant = TIME_CONSTANTS.contains(field) && Params.isElementwise(n);
    if (t.min() == Double.NEGATIVE_INFINITY || (!timeConstant && !t.isFinite())) {
      out.add(Finding.warning(path, n.type() + " field '" + field + "' holds infinite values"
          + " (min " + t.min() + ", max " + t.max() + "); only a time constant may be +inf"));
    }
    // An infinite tau is legal (no leak; Lava writes it); a zero or negative one is not.
    if (timeConstant && t.min() <= 0) {
      out.add(Finding.warning(path, n.type() + " field '" + field + "' has values <= 0 (min "
          + t.min() + "); a time constant must be positive"));
    }
  }

  private static void checkShape(String path, String field, Dims shape, List<Finding> out) {
    if (!positive(shape)) {
      out.add(Finding.error(path, "'" + field + "' " + shape
          + " has a size <= 0; every dimension must be at least 1"));
    } else if (product(shape) > Integer.MAX_VALUE) {
      out.add(Finding.error(path, "'" + field + "' " + shape + " holds more than "
          + Integer.MAX_VALUE + " elements"));
    }
  }

  private static void checkMatrix(String path, NirNode n, Tensor w, List<Finding> out) {
    if (w.rank() < 2) {
      out.add(Finding.error(path, n.type() + " weight has shape " + Dims.of(w.shape())
          + "; it must be at least 2-d (out, in)"));
    }
  }

  private static void checkBias(String path, NirNode n, Tensor bias, Dims expected,
      List<Finding> out) {
    if (!Dims.of(bias.shape()).equals(expected) && !Params.isSizeOne(bias.shape())) {
      out.add(Finding.error(path, n.type() + " bias has shape " + Dims.of(bias.shape())
          + " but the weight gives " + expected + " outputs; the bias needs shape " + expected));
    }
  }

  private static void checkConv1d(String path, Conv1d c, List<Finding> out) {
    if (c.weight().rank() != 3) {
      out.add(Finding.error(path, "Conv1d weight has shape " + Dims.of(c.weight().shape())
          + "; it must be 3-d (out, in/groups, k)"));
      return;
    }
    positiveField(path, "Conv1d", "stride", c.stride(), out);
    positiveField(path, "Conv1d", "dilation", c.dilation(), out);
    if (c.inputShape() != null) {
      positiveField(path, "Conv1d", "input_shape", c.inputShape(), out);
    }
    if (c.padding() instanceof Padding.Explicit e && e.amounts().length != 1) {
      out.add(Finding.error(path, "Conv1d padding " + c.padding()
          + " must be one amount, 'same' or 'valid'"));
    }
    sameWithStride(path, "Conv1d", c.padding(), c.stride() != 1, out);
    checkGroups(path, "Conv1d", c.weight(), c.groups(), out);
    checkBias(path, c, c.bias(), Dims.of(c.weight().dim(0)), out);
  }

  private static void checkConv2d(String path, Conv2d c, List<Finding> out) {
    if (c.weight().rank() != 4) {
      out.add(Finding.error(path, "Conv2d weight has shape " + Dims.of(c.weight().shape())
          + "; it must be 4-d (out, in/groups, kh, kw)"));
      return;
    }
    pair(path, "Conv2d", "stride", c.stride(), 1, out);
    pair(path, "Conv2d", "dilation", c.dilation(), 1, out);
    if (c.inputShape() != null) {
      pair(path, "Conv2d", "input_shape", c.inputShape(), 1, out);
    }
    if (c.padding() instanceof Padding.Explicit e && e.amounts().length != 1
        && e.amounts().length != 2) {
      out.add(Finding.error(path, "Conv2d padding " + c.padding()
          + " must be one amount, an (h, w) pair, 'same' or 'valid'"));
    }
    boolean strided = c.stride().length() == 2 && (c.stride().get(0) != 1
        || c.stride().get(1) != 1);
    sameWithStride(path, "Conv2d", c.padding(), strided, out);
    checkGroups(path, "Conv2d", c.weight(), c.groups(), out);
    checkBias(path, c, c.bias(), Dims.of(c.weight().dim(0)), out);
  }

  private static void sameWithStride(String path, String type, Padding p, boolean strided,
      List<Finding> out) {
    if (p instanceof Padding.Same && strided) {
      out.add(Finding.warning(path, type + " has padding 'same' with a stride other than 1;"
          + " NIR keeps the input size, PyTorch rejects this combination"));
    }
  }

  private static void checkGroups(String path, String type, Tensor w, int groups,
      List<Finding> out) {
    if (groups <= 0) {
      out.add(Finding.error(path, type + " groups is " + groups + "; it must be at least 1"));
    } else if (w.dim(0) % groups != 0) {
      out.add(Finding.error(path, type + " has " + w.dim(0) + " output channels, not a"
          + " multiple of groups " + groups));
    }
  }

  private static void checkPool(String path, NirNode n, Dims kernel, Dims stride, Dims padding,
      List<Finding> out) {
    pair(path, n.type(), "kernel_size", kernel, 1, out);
    pair(path, n.type(), "stride", stride, 1, out);
    pair(path, n.type(), "padding", padding, 0, out);
  }

  private static void pair(String path, String type, String field, Dims d, int min,
      List<Finding> out) {
    boolean ok = d.length() == 2;
    for (int v : d.toArray()) {
      ok &= v >= min;
    }
    if (!ok) {
      out.add(Finding.error(path, type + " " + field + " is " + d + "; it must be an (h, w) pair"
          + " of values >= " + min));
    }
  }

  private static void positiveField(String path, String type, String field, int v,
      List<Finding> out) {
    if (v <= 0) {
      out.add(Finding.error(path, type + " " + field + " is " + v + "; it must be at least 1"));
    }
  }

  /**
   * NIR's neuron constructors assert that all parameters have one shape (an all-zero
   * {@code v_reset} is replaced first, {@code w_in} is broadcast). Size-1 values can be
   * broadcast, which lenient mode does with a warning; other disagreements cannot.
   */
  private static void checkParamShapes(String path, NirNode n, Mode mode, List<Finding> out) {
    Map<String, Tensor> params = Params.shaped(n);
    Set<Dims> big = new LinkedHashSet<>();
    Set<Dims> all = new LinkedHashSet<>();
    Set<Dims> withoutWin = new LinkedHashSet<>();
    params.forEach((field, t) -> {
      Dims d = Dims.of(t.shape());
      all.add(d);
      if (!field.equals("w_in")) {
        withoutWin.add(d);
      }
      if (!Params.isSizeOne(t.shape())) {
        big.add(d);
      }
    });
    if (all.size() <= 1) {
      return;
    }
    StringBuilder list = new StringBuilder();
    params.forEach((field, t) -> list.append(list.length() == 0 ? "" : ", ").append(field)
        .append(' ').append(Dims.of(t.shape())));
    if (big.size() > 1) {
      out.add(Finding.error(path, n.type() + " parameters differ in shape: " + list
          + "; all must have one shape"));
    } else if (withoutWin.size() > 1) {
      out.add(Finding.strictError(mode, path, n.type() + " parameters differ in shape: "
          + list + "; NIR requires one shape"
          + (mode == Mode.STRICT ? "" : " (the size-1 values are broadcast)")));
    }
  }

  /** Cycles (recurrence, reported as information) and nodes no Input reaches. */
  private static void checkFlow(NirGraph root, GraphIndex index, List<Finding> out) {
    // A subgraph is two vertices: edges arrive at its path and leave from its exit, so data runs
    // path -> its Input ... its Output -> exit, and no false cycle closes through the subgraph.
    Map<String, List<String>> next = new LinkedHashMap<>();
    index.nodes.forEach((path, node) -> {
      next.put(path, new ArrayList<>());
      if (node instanceof NirGraph) {
        next.put(path + EXIT, new ArrayList<>());
      }
    });
    for (GraphIndex.Link l : index.links) {
      String src = index.nodes.get(l.source()) instanceof NirGraph ? l.source() + EXIT
          : l.source();
      next.get(src).add(l.destination());
    }
    index.nodes.forEach((path, node) -> {
      if (node instanceof NirGraph g) {
        g.inputNames().forEach(i -> next.get(path).add(GraphIndex.join(path, i)));
        g.outputNames().forEach(o -> next.get(GraphIndex.join(path, o)).add(path + EXIT));
      }
    });
    for (List<String> cycle : cycles(next)) {
      List<String> names = cycle.stream().map(v -> v.endsWith(EXIT)
          ? v.substring(0, v.length() - EXIT.length()) : v).distinct().toList();
      out.add(Finding.info(names.get(0), "recurrent cycle through " + String.join(", ", names)
          + " (allowed: its edges carry values to the next time step)"));
    }
    if (root.inputNames().isEmpty()) {
      out.add(Finding.info("", "the graph has no Input node; nodes without a predecessor"
          + " receive the input, as NIR assumes"));
      return;
    }
    Set<String> reached = new LinkedHashSet<>(root.inputNames());
    Deque<String> work = new ArrayDeque<>(reached);
    while (!work.isEmpty()) {
      for (String s : next.getOrDefault(work.pop(), List.of())) {
        if (reached.add(s)) {
          work.push(s);
        }
      }
    }
    List<String> unreached = index.nodes.keySet().stream()
        .filter(p -> !reached.contains(p)
            && (index.parent.get(p).isEmpty() || reached.contains(index.parent.get(p))))
        .toList();
    if (!unreached.isEmpty()) {
      out.add(Finding.info("", "no Input reaches " + String.join(", ", unreached)
          + "; these nodes only see their own recurrent activity"));
    }
  }

  /** Strongly connected components with a cycle (Tarjan), members in file order. */
  private static List<List<String>> cycles(Map<String, List<String>> next) {
    List<String> order = new ArrayList<>(next.keySet());
    Map<String, Integer> rank = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      rank.put(order.get(i), i);
    }
    Tarjan t = new Tarjan(next);
    for (String v : order) {
      if (!t.index.containsKey(v)) {
        t.visit(v);
      }
    }
    List<List<String>> out = new ArrayList<>();
    for (List<String> scc : t.components) {
      String only = scc.get(0);
      if (scc.size() > 1 || next.getOrDefault(only, List.of()).contains(only)) {
        List<String> sorted = new ArrayList<>(scc);
        sorted.sort((a, b) -> Integer.compare(rank.getOrDefault(a, Integer.MAX_VALUE),
            rank.getOrDefault(b, Integer.MAX_VALUE)));
        out.add(sorted);
      }
    }
    out.sort((a, b) -> Integer.compare(rank.get(a.get(0)), rank.get(b.get(0))));
    return out;
  }

  /** Iterative Tarjan, so deep chains cannot overflow the stack. */
  private static final class Tarjan {
    final Map<String, List<String>> next;
    final Map<String, Integer> index = new HashMap<>();
    final Map<String, Integer> low = new HashMap<>();
    final Deque<String> stack = new ArrayDeque<>();
    final Set<String> onStack = new HashSet<>();
    final List<List<String>> components = new ArrayList<>();
    int counter;

    Tarjan(Map<String, List<String>> next) {
      this.next = next;
    }

    void visit(String root) {
      Deque<Object[]> frames = new ArrayDeque<>();
      enter(root);
      frames.push(new Object[] {root, 0});
      while (!frames.isEmpty()) {
        Object[] f = frames.peek();
        String v = (String) f[0];
        List<String> succ = next.getOrDefault(v, List.of());
        int i = (Integer) f[1];
        if (i < succ.size()) {
          f[1] = i + 1;
          String w = succ.get(i);
          if (!index.containsKey(w)) {
            enter(w);
            frames.push(new Object[] {w, 0});
          } else if (onStack.contains(w)) {
            low.put(v, Math.min(low.get(v), index.get(w)));
          }
          continue;
        }
        frames.pop();
        if (!frames.isEmpty()) {
          String parent = (String) frames.peek()[0];
          low.put(parent, Math.min(low.get(parent), low.get(v)));
        }
        if (low.get(v).equals(index.get(v))) {
          List<String> scc = new ArrayList<>();
          String w;
          do {
            w = stack.pop();
            onStack.remove(w);
            scc.add(w);
          } while (!w.equals(v));
          components.add(scc);
        }
      }
    }

    private void enter(String v) {
      index.put(v, counter);
      low.put(v, counter);
      counter++;
      stack.push(v);
      onStack.add(v);
    }
  }

  private static boolean positive(Dims d) {
    for (int v : d.toArray()) {
      if (v <= 0) {
        return false;
      }
    }
    return true;
  }

  private static long product(Dims d) {
    long p = 1;
    for (int v : d.toArray()) {
      p *= v;
      if (p > Integer.MAX_VALUE) {
        return p;
      }
    }
    return p;
  }
}
