package org.nirfpga.nir.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * Infers every node's input and output shape and checks each edge, as NIR's
 * {@code NIRGraph.infer_types} and {@code check_types} do, but propagating to a fixpoint so
 * cycles, nested graphs and nodes that name no shape of their own are covered.
 *
 * <p>Nodes with a shape of their own (Input, Output, Affine, Linear, parameters of elementwise
 * nodes, convolutions with {@code input_shape}, Flatten with {@code input_type}) keep it; the
 * others take their predecessor's output (convolutions without {@code input_shape}, pooling,
 * Flatten without {@code input_type}, elementwise nodes whose parameters are all 0-d scalars;
 * the latter also take a successor's input when no predecessor knows its shape). Then every edge
 * is checked: a mismatch is a warning in lenient mode and an error in strict mode. In strict mode
 * a node with only scalar parameters has shape {@code ()}, as in NIR.
 */
public final class InferShapes {
  private InferShapes() {}

  /** Lenient shape inference. */
  public static ShapeInfo run(NirGraph graph) {
    return run(graph, Mode.LENIENT);
  }

  public static ShapeInfo run(NirGraph graph, Mode mode) {
    return run(GraphIndex.of(graph, mode), mode);
  }

  static ShapeInfo run(GraphIndex index, Mode mode) {
    return new Pass(index, mode).infer();
  }

  /** PyTorch's output length of a convolution or pooling window along one dimension. */
  static long convOutput(long length, int kernel, int stride, int dilation, int pad) {
    return Math.floorDiv(length + 2L * pad - (long) dilation * (kernel - 1) - 1, stride) + 1;
  }

  /**
   * NIR's {@code calc_flatten_output}: dimensions before {@code start} are kept, {@code start}
   * through {@code end} (inclusive) become one, the rest are kept; indices follow Python's slice
   * rules, and {@code end == -1} means "to the last dimension".
   */
  static long[] flattenOutput(int[] in, int start, int end) {
    List<Long> out = new ArrayList<>();
    if (start != 0) {
      for (int d : slice(in, null, start)) {
        out.add((long) d);
      }
    }
    int[] middle = end != -1 ? slice(in, start, end + 1) : slice(in, start, null);
    long product = 1;
    for (int d : middle) {
      product *= d;
    }
    out.add(product);
    if (end != -1 && end != in.length - 1) {
      for (int d : slice(in, end + 1, null)) {
        out.add((long) d);
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private static int[] slice(int[] a, Integer from, Integer to) {
    int lo = from == null ? 0 : pyIndex(from, a.length);
    int hi = to == null ? a.length : pyIndex(to, a.length);
    if (lo >= hi) {
      return new int[0];
    }
    int[] out = new int[hi - lo];
    System.arraycopy(a, lo, out, 0, out.length);
    return out;
  }

  private static int pyIndex(int i, int n) {
    return i < 0 ? Math.max(0, i + n) : Math.min(i, n);
  }

  /** One run of the pass over one graph. */
  private static final class Pass {
    private final GraphIndex index;
    private final Mode mode;
    private final Map<String, Dims> in = new LinkedHashMap<>();
    private final Map<String, Dims> out = new LinkedHashMap<>();
    private final Set<String> dependent = new HashSet<>();
    private final Set<String> free = new HashSet<>();
    private final Set<String> explained = new HashSet<>();
    private final List<Finding> findings = new ArrayList<>();

    Pass(GraphIndex index, Mode mode) {
      this.index = index;
      this.mode = mode;
    }

    ShapeInfo infer() {
      index.nodes.forEach(this::intrinsic);
      propagate();
      checkEdges();
      Map<String, NodeShape> shapes = new LinkedHashMap<>();
      index.nodes.keySet().forEach(p -> shapes.put(p, NodeShape.of(in.get(p), out.get(p))));
      return new ShapeInfo(shapes, findings);
    }

    /** The shapes a node states itself, or marks it as taking its predecessor's. */
    private void intrinsic(String path, NirNode n) {
      if (n instanceof Input i) {
        set(path, i.shape(), i.shape());
      } else if (n instanceof Output o) {
        set(path, o.shape(), o.shape());
      } else if (n instanceof Affine a) {
        matrix(path, a.weight());
      } else if (n instanceof Linear l) {
        matrix(path, l.weight());
      } else if (Params.isElementwise(n)) {
        Dims s = Params.elementwiseShape(n);
        if (s == null) {
          free.add(path);
          dependent.add(path);
        } else {
          set(path, s, s);
        }
      } else if (n instanceof Conv1d c) {
        if (c.weight().rank() != 3) {
          explained.add(path);
        } else if (c.inputShape() == null) {
          dependent.add(path);
        } else if (c.inputShape() <= 0) {
          explained.add(path);
        } else {
          derive(path, Dims.of(c.inputShape()), null);
        }
      } else if (n instanceof Conv2d c) {
        if (c.weight().rank() != 4) {
          explained.add(path);
        } else if (c.inputShape() == null) {
          dependent.add(path);
        } else if (c.inputShape().length() != 2 || !allPositive(c.inputShape())) {
          explained.add(path);
        } else {
          derive(path, c.inputShape(), null);
        }
      } else if (Params.isPool(n)) {
        dependent.add(path);
      } else if (n instanceof Flatten f) {
        if (f.inputType() == null || !allPositive(f.inputType())) {
          dependent.add(path);
        } else {
          derive(path, f.inputType(), null);
        }
      } else if (n instanceof NirGraph g) {
        set(path, port(path, g, g.inputNames(), "Input"), port(path, g, g.outputNames(), "Output"));
      } else {
        throw new IllegalStateException("no shape rule for " + n.type());
      }
    }

    private Dims port(String path, NirGraph g, List<String> names, String kind) {
      if (names.size() == 1) {
        NirNode n = g.nodes().get(names.get(0));
        return n instanceof Input i ? i.shape() : ((Output) n).shape();
      }
      explained.add(path);
      findings.add(Finding.info(path, "subgraph has " + names.size() + " " + kind
          + " nodes, so its " + (kind.equals("Input") ? "input" : "output")
          + " shape is not one tensor; edges to it are not shape-checked"));
      return null;
    }

    private void matrix(String path, Tensor w) {
      if (w.rank() < 2) {
        explained.add(path);
        return;
      }
      // NIR allows leading batch dimensions: weight (..., out, in) maps (..., in) to (..., out).
      int[] s = w.shape();
      int[] i = Arrays.copyOf(s, s.length - 1);
      i[s.length - 2] = s[s.length - 1];
      set(path, Dims.of(i), Dims.of(Arrays.copyOf(s, s.length - 1)));
    }

    private void set(String path, Dims input, Dims output) {
      in.put(path, input);
      out.put(path, output);
    }

    /** Repeats forward (and, for scalar-parameter nodes, backward) steps until nothing changes. */
    private void propagate() {
      boolean changed = true;
      while (changed) {
        changed = false;
        for (GraphIndex.Link l : index.links) {
          String d = l.destination();
          Dims so = out.get(l.source());
          if (dependent.contains(d) && !in.containsKey(d) && so != null) {
            derive(d, so, l.source());
            changed = true;
          }
        }
        if (changed) {
          continue;
        }
        for (GraphIndex.Link l : index.links) {
          String s = l.source();
          Dims di = in.get(l.destination());
          if (free.contains(s) && !in.containsKey(s) && di != null) {
            set(s, di, di);
            findings.add(Finding.info(s, "has only scalar parameters; takes shape " + di
                + " from its successor " + l.destination()));
            changed = true;
          }
        }
      }
    }

    /** Sets {@code path}'s input from {@code given} (a predecessor's output, or its own field). */
    private void derive(String path, Dims given, String from) {
      NirNode n = index.nodes.get(path);
      int[] g = given.toArray();
      if (free.contains(path)) {
        set(path, given, given);
        findings.add(Finding.info(path, "has only scalar parameters; takes shape " + given
            + " from its predecessor " + from));
      } else if (n instanceof Conv1d c) {
        if (g.length < 1) {
          unusable(path, "Conv1d", from, given, "(C, L)");
          return;
        }
        Dims input = Dims.of(c.weight().dim(1) * c.groups(), g[g.length - 1]);
        set(path, input, conv1d(path, c, input));
      } else if (n instanceof Conv2d c) {
        if (g.length < 2) {
          unusable(path, "Conv2d", from, given, "(C, H, W)");
          return;
        }
        Dims input = Dims.of(c.weight().dim(1) * c.groups(), g[g.length - 2], g[g.length - 1]);
        set(path, input, conv2d(path, c, input));
      } else if (Params.isPool(n)) {
        if (g.length < 3) {
          unusable(path, n.type(), from, given, "(C, H, W)");
          return;
        }
        Dims input = Dims.of(g[g.length - 3], g[g.length - 2], g[g.length - 1]);
        set(path, input, pool(path, n, input));
      } else if (n instanceof Flatten f) {
        set(path, given, flatten(path, f, given));
      } else {
        throw new IllegalStateException("node " + path + " does not take its input shape");
      }
    }

    private void unusable(String path, String type, String from, Dims given, String wanted) {
      in.put(path, given);
      out.put(path, null);
      explained.add(path);
      findings.add(Finding.strictError(mode, path, type + " needs an input " + wanted
          + " but its predecessor " + from + " gives " + given + "; fix the shapes"));
    }

    private Dims conv1d(String path, Conv1d c, Dims input) {
      int[] pads = padding(c.padding(), 1);
      if (c.stride() <= 0 || c.dilation() <= 0 || pads == null) {
        explained.add(path);
        return null;
      }
      boolean same = c.padding() instanceof Padding.Same;
      long l = same ? input.get(1)
          : convOutput(input.get(1), c.weight().dim(2), c.stride(), c.dilation(), pads[0]);
      return output(path, "Conv1d", input, c.weight().dim(0), new long[] {l});
    }

    private Dims conv2d(String path, Conv2d c, Dims input) {
      int[] pads = padding(c.padding(), 2);
      if (pads == null || !positivePair(c.stride()) || !positivePair(c.dilation())) {
        explained.add(path);
        return null;
      }
      boolean same = c.padding() instanceof Padding.Same;
      long[] hw = new long[2];
      for (int i = 0; i < 2; i++) {
        hw[i] = same ? input.get(1 + i) : convOutput(input.get(1 + i), c.weight().dim(2 + i),
            c.stride().get(i), c.dilation().get(i), pads[i]);
      }
      return output(path, "Conv2d", input, c.weight().dim(0), hw);
    }

    private Dims pool(String path, NirNode n, Dims input) {
      Dims k = n instanceof SumPool2d s ? s.kernelSize() : ((AvgPool2d) n).kernelSize();
      Dims st = n instanceof SumPool2d s ? s.stride() : ((AvgPool2d) n).stride();
      Dims p = n instanceof SumPool2d s ? s.padding() : ((AvgPool2d) n).padding();
      if (!positivePair(k) || !positivePair(st) || p.length() != 2 || p.get(0) < 0
          || p.get(1) < 0) {
        explained.add(path);
        return null;
      }
      long[] hw = new long[2];
      for (int i = 0; i < 2; i++) {
        hw[i] = convOutput(input.get(1 + i), k.get(i), st.get(i), 1, p.get(i));
      }
      return output(path, n.type(), input, input.get(0), hw);
    }

    private Dims output(String path, String type, Dims input, int channels, long[] spatial) {
      int[] o = new int[spatial.length + 1];
      o[0] = channels;
      for (int i = 0; i < spatial.length; i++) {
        if (spatial[i] <= 0) {
          explained.add(path);
          findings.add(Finding.error(path, type + " output would have size " + spatial[i]
              + " along spatial dimension " + i + " for input " + input
              + "; the kernel (with dilation and padding) is larger than the input"));
          return null;
        }
        o[i + 1] = (int) spatial[i];
      }
      return Dims.of(o);
    }

    private Dims flatten(String path, Flatten f, Dims input) {
      int n = input.length();
      int start = f.startDim() < 0 ? f.startDim() + n : f.startDim();
      int end = f.endDim() < 0 ? f.endDim() + n : f.endDim();
      long[] o = flattenOutput(input.toArray(), f.startDim(), f.endDim());
      long count = 1;
      int[] dims = new int[o.length];
      for (int i = 0; i < o.length; i++) {
        count *= o[i];
        if (o[i] > Integer.MAX_VALUE) {
          explained.add(path);
          findings.add(Finding.error(path, "Flatten output dimension " + o[i] + " is too large"));
          return null;
        }
        dims[i] = (int) o[i];
      }
      if (count != input.product()) {
        explained.add(path);
        findings.add(Finding.error(path, "Flatten start_dim " + f.startDim() + ", end_dim "
            + f.endDim() + " turns input " + input + " into " + Dims.of(dims)
            + ", changing the element count; use 0 <= start_dim <= end_dim < rank"));
        return null;
      }
      if (start < 0 || start >= Math.max(n, 1) || end < 0 || end >= Math.max(n, 1)
          || start > end) {
        findings.add(Finding.warning(path, "Flatten start_dim " + f.startDim() + ", end_dim "
            + f.endDim() + " do not fit input " + input + " of rank " + n
            + "; NIR gives " + Dims.of(dims) + ", PyTorch would reject it"));
      }
      return Dims.of(dims);
    }

    private void checkEdges() {
      Set<String> unknownReported = new HashSet<>();
      for (GraphIndex.Link l : index.links) {
        String s = l.source();
        String d = l.destination();
        Dims so = mode == Mode.STRICT && free.contains(s) ? Dims.of() : out.get(s);
        Dims di = mode == Mode.STRICT && free.contains(d) ? Dims.of() : in.get(d);
        if (so == null) {
          unknown(s, "output", unknownReported);
          continue;
        }
        if (di == null) {
          unknown(d, "input", unknownReported);
          continue;
        }
        if (!so.equals(di)) {
          findings.add(Finding.strictError(mode, d, "type mismatch: " + s + ".output " + so
              + " -> " + d + ".input " + di + hint(s, d, so)));
        }
      }
    }

    private void unknown(String path, String port, Set<String> reported) {
      if (explained.contains(path) || !reported.add(path + "." + port)) {
        return;
      }
      String why = free.contains(path)
          ? "its parameters are scalars and no neighbour has a known shape"
          : "it states no shape and no predecessor has a known shape";
      findings.add(Finding.strictError(mode, path, "the " + port + " shape of " + path
          + " is unknown: " + why + "; give it an explicit shape"));
    }

    private String hint(String s, String d, Dims so) {
      StringBuilder h = new StringBuilder();
      NirNode dn = index.nodes.get(d);
      Tensor w = dn instanceof Affine a ? a.weight() : dn instanceof Linear l ? l.weight() : null;
      if (w != null && w.rank() == 2 && w.dim(0) != w.dim(1) && so.equals(Dims.of(w.dim(0)))) {
        h.append("; the weight of ").append(d).append(" is ").append(Dims.of(w.shape()))
            .append(" = (out, in): is it stored transposed?");
      }
      if (mode == Mode.STRICT) {
        for (String p : List.of(s, d)) {
          if (free.contains(p)) {
            h.append("; ").append(p).append(" has only scalar parameters, which NIR types as ()"
                + " (lenient mode broadcasts them)");
          }
        }
      }
      return h.toString();
    }

    private static int[] padding(Padding p, int dims) {
      if (p instanceof Padding.Explicit e) {
        int[] a = e.amounts();
        if (a.length == dims) {
          return a;
        }
        if (a.length == 1) {
          int[] out = new int[dims];
          Arrays.fill(out, a[0]);
          return out;
        }
        return null;
      }
      return new int[dims];
    }

    private static boolean positivePair(Dims d) {
      return d.length() == 2 && d.get(0) > 0 && d.get(1) > 0;
    }

    private static boolean allPositive(Dims d) {
      for (int v : d.toArray()) {
        if (v <= 0) {
          return false;
        }
      }
      return true;
    }
  }
}
