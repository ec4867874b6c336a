package org.nirfpga.nir.ref;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.AvgPool2d;
import org.nirfpga.nir.graph.Conv1d;
import org.nirfpga.nir.graph.Conv2d;
import org.nirfpga.nir.graph.CubaLI;
import org.nirfpga.nir.graph.CubaLIF;
import org.nirfpga.nir.graph.Delay;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Flatten;
import org.nirfpga.nir.graph.I;
import org.nirfpga.nir.graph.IF;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LI;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Padding;
import org.nirfpga.nir.graph.Scale;
import org.nirfpga.nir.graph.SumPool2d;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.graph.Threshold;

/**
 * Builds the ops of a plan in execution order, inferring each node's shape from its first
 * incoming edge that is not cycle-closing (or, for neurons fed only through cycles, from their
 * parameters), then checks that every edge carries as many values as its destination takes.
 */
final class OpFactory {
  private final GraphPlan plan;
  private final Contract c;
  private final double amp;
  private final Map<String, Op> built = new HashMap<>();

  private OpFactory(GraphPlan plan, Contract c) {
    this.plan = plan;
    this.c = c;
    this.amp = c.spikeAmplitude() == Contract.SpikeAmplitude.ONE ? 1.0 : 1.0 / c.dt();
  }

  static Op[] build(GraphPlan plan, Contract c) throws NirfpgaException {
    OpFactory f = new OpFactory(plan, c);
    List<String> order = plan.order();
    Op[] ops = new Op[order.size()];
    for (int k = 0; k < ops.length; k++) {
      String name = order.get(k);
      ops[k] = f.make(name, plan.node(name));
      f.built.put(name, ops[k]);
    }
    for (Op op : ops) {
      for (GraphPlan.In in : plan.inputsOf(op.name)) {
        int carried = f.built.get(in.source()).out.length;
        if (carried != op.inputSize()) {
          throw new NirfpgaException("edge (" + in.source() + " -> " + op.name + ") carries "
              + carried + " values (shape " + f.built.get(in.source()).shape + ") but "
              + plan.node(op.name).type() + " node '" + op.name + "' takes " + op.inputSize());
        }
      }
    }
    return ops;
  }

  /** The shape arriving at {@code name}, or null when only cycle-closing edges feed it. */
  private Dims inShape(String name) {
    for (GraphPlan.In in : plan.inputsOf(name)) {
      if (!in.delayed()) {
        return built.get(in.source()).shape;
      }
    }
    for (GraphPlan.In in : plan.inputsOf(name)) {
      Op src = built.get(in.source());
      if (src != null) {
        return src.shape;
      }
    }
    return null;
  }

  /** True when every node feeding {@code name} is built already and emits spikes. */
  private boolean fedBySpikes(String name) {
    List<GraphPlan.In> ins = plan.inputsOf(name);
    for (GraphPlan.In in : ins) {
      Op src = built.get(in.source());
      if (src == null || !src.spiking()) {
        return false;
      }
    }
    return !ins.isEmpty();
  }

  private Op make(String name, NirNode node) throws NirfpgaException {
    Dims in = inShape(name);
    if (node instanceof Input n) {
      if (!plan.isTopLevel(name) && !plan.inputsOf(name).isEmpty()) {
        // A nested graph's Input is a port: it passes this step's arriving data through.
        return new SimpleOps.Identity(name, in == null ? n.shape() : in, fedBySpikes(name));
      }
      return new SimpleOps.Source(name, plan.isTopLevel(name) || in == null ? n.shape() : in);
    }
    if (node instanceof Output n) {
      return new SimpleOps.Identity(name, in == null ? n.shape() : in, fedBySpikes(name));
    }
    if (node instanceof Affine n) {
      return dense(name, n.weight(), n.bias(), in);
    }
    if (node instanceof Linear n) {
      return dense(name, n.weight(), null, in);
    }
    if (node instanceof Conv2d n) {
      return conv2d(name, n, in);
    }
    if (node instanceof Conv1d n) {
      return conv1d(name, n, in);
    }
    if (node instanceof SumPool2d n) {
      return pool(name, n.kernelSize(), n.stride(), n.padding(), false, in);
    }
    if (node instanceof AvgPool2d n) {
      return pool(name, n.kernelSize(), n.stride(), n.padding(), true, in);
    }
    if (node instanceof Flatten n) {
      return flatten(name, n, in);
    }
    Dims shape = in != null ? in : paramShape(node);
    int size = (int) shape.product();
    if (node instanceof Scale n) {
      return new SimpleOps.ScaleOp(name, shape, expand(name, "scale", n.scale(), size));
    }
    if (node instanceof Threshold n) {
      return new SimpleOps.ThresholdOp(name, shape,
          expand(name, "threshold", n.threshold(), size), amp);
    }
    if (node instanceof Delay n) {
      double[] d = expand(name, "delay", n.delay(), size);
      int[] steps = new int[size];
      for (int k = 0; k < size; k++) {
        if (!(d[k] >= 0)) {
          throw new NirfpgaException("Delay node '" + name + "': delay[" + k + "] = " + d[k]
              + " s; delays must be zero or positive");
        }
        steps[k] = (int) Math.round(d[k] / c.dt());
      }
      return new SimpleOps.DelayOp(name, shape, steps);
    }
    if (node instanceof I n) {
      return new NeuronOps.IOp(name, shape, c.dt(), expand(name, "r", n.r(), size));
    }
    if (node instanceof LI n) {
      return new NeuronOps.LIOp(name, shape, c.dt(), positive(name, "tau", n.tau(), size),
          expand(name, "r", n.r(), size), expand(name, "v_leak", n.vLeak(), size),
          c.integrator());
    }
    if (node instanceof IF n) {
      return new NeuronOps.IFOp(name, shape, c, expand(name, "r", n.r(), size),
          positive(name, "v_threshold", n.vThreshold(), size),
          expand(name, "v_reset", n.vReset(), size), amp);
    }
    if (node instanceof LIF n) {
      return new NeuronOps.LIFOp(name, shape, c, positive(name, "tau", n.tau(), size),
          expand(name, "r", n.r(), size), expand(name, "v_leak", n.vLeak(), size),
          expand(name, "v_threshold", n.vThreshold(), size),
          expand(name, "v_reset", n.vReset(), size), amp);
    }
    if (node instanceof CubaLI n) {
      return new NeuronOps.CubaOp(name, shape, c, positive(name, "tau_syn", n.tauSyn(), size),
          positive(name, "tau_mem", n.tauMem(), size), expand(name, "r", n.r(), size),
          expand(name, "v_leak", n.vLeak(), size), expand(name, "w_in", n.wIn(), size), null,
          null, amp);
    }
    if (node instanceof CubaLIF n) {
      return new NeuronOps.CubaOp(name, shape, c, positive(name, "tau_syn", n.tauSyn(), size),
          positive(name, "tau_mem", n.tauMem(), size), expand(name, "r", n.r(), size),
          expand(name, "v_leak", n.vLeak(), size), expand(name, "w_in", n.wIn(), size),
          expand(name, "v_threshold", n.vThreshold(), size),
          expand(name, "v_reset", n.vReset(), size), amp);
    }
    throw new NirfpgaException("node '" + name + "': type " + node.type()
        + " is not supported by the reference evaluator");
  }

  /** The shape of a node's largest parameter, for neurons whose input shape is unknown. */
  private static Dims paramShape(NirNode node) {
    int[] best = new int[0];
    long bestSize = 1;
    for (Tensor t : node.params().values()) {
      if (t.size() > bestSize) {
        best = t.shape();
        bestSize = t.size();
      }
    }
    return Dims.of(best.length == 0 ? new int[] {1} : best);
  }

  private static double[] expand(String node, String field, Tensor t, int n)
      throws NirfpgaException {
    if (t.size() == n) {
      return t.toArray();
    }
    if (t.size() == 1) {
      double[] out = new double[n];
      java.util.Arrays.fill(out, t.get(0));
      return out;
    }
    throw new NirfpgaException("node '" + node + "': " + field + " has " + t.size()
        + " values (shape " + Dims.of(t.shape()) + ") for " + n + " neurons; give one value or "
        + n);
  }

  private static double[] positive(String node, String field, Tensor t, int n)
      throws NirfpgaException {
    double[] v = expand(node, field, t, n);
    for (int k = 0; k < v.length; k++) {
      if (!(v[k] > 0) || !Double.isFinite(v[k])) {
        throw new NirfpgaException("node '" + node + "': " + field + "[" + k + "] = " + v[k]
            + "; it must be a positive finite number");
      }
    }
    return v;
  }

  private Op dense(String name, Tensor w, Tensor b, Dims in) throws NirfpgaException {
    if (w.rank() != 2) {
      throw new NirfpgaException("node '" + name + "': weight has shape " + Dims.of(w.shape())
          + "; Affine/Linear weights are (out, in)");
    }
    int out = w.dim(0);
    int inN = w.dim(1);
    double[] bias = null;
    if (b != null) {
      bias = expand(name, "bias", b, out);
    }
    if (in != null && in.product() != inN) {
      throw new NirfpgaException("node '" + name + "': weight " + Dims.of(w.shape())
          + " takes " + inN + " inputs but its input has shape " + in);
    }
    return new DenseOp(name, w.toArray(), out, inN, bias, Dims.of(out));
  }

  private static int[] pads(String name, Padding p, int[] kernel, int[] dil)
      throws NirfpgaException {
    int dims = kernel.length;
    int[] lo = new int[dims];
    int[] hi = new int[dims];
    if (p instanceof Padding.Explicit e) {
      int[] a = e.amounts();
      if (a.length != dims && a.length != 1) {
        throw new NirfpgaException("node '" + name + "': padding " + e + " has " + a.length
            + " values for " + dims + " spatial dimensions");
      }
      for (int d = 0; d < dims; d++) {
        lo[d] = a.length == 1 ? a[0] : a[d];
        hi[d] = lo[d];
      }
    } else if (p instanceof Padding.Same) {
      for (int d = 0; d < dims; d++) {
        int total = dil[d] * (kernel[d] - 1);
        lo[d] = total / 2;
        hi[d] = total - lo[d];
      }
    }
    int[] out = new int[2 * dims];
    for (int d = 0; d < dims; d++) {
      out[2 * d] = lo[d];
      out[2 * d + 1] = hi[d];
    }
    return out;
  }

  private Op conv2d(String name, Conv2d n, Dims in) throws NirfpgaException {
    Tensor w = n.weight();
    if (w.rank() != 4) {
      throw new NirfpgaException("Conv2d node '" + name + "': weight has shape "
          + Dims.of(w.shape()) + ", expected (out, in/groups, kh, kw)");
    }
    int groups = Math.max(1, n.groups());
    int cin = w.dim(1) * groups;
    int[] hw = spatial(name, in, n.inputShape(), cin, 2);
    int[] k = {w.dim(2), w.dim(3)};
    int[] dil = {n.dilation().get(0), n.dilation().length() > 1 ? n.dilation().get(1)
        : n.dilation().get(0)};
    int[] st = {n.stride().get(0), n.stride().length() > 1 ? n.stride().get(1)
        : n.stride().get(0)};
    int[] p = pads(name, n.padding(), k, dil);
    return makeConv(name, cin, hw[0], hw[1], w, k, st, p, dil, groups, n.bias(), false);
  }

  private Op conv1d(String name, Conv1d n, Dims in) throws NirfpgaException {
    Tensor w = n.weight();
    if (w.rank() != 3) {
      throw new NirfpgaException("Conv1d node '" + name + "': weight has shape "
          + Dims.of(w.shape()) + ", expected (out, in/groups, k)");
    }
    int groups = Math.max(1, n.groups());
    int cin = w.dim(1) * groups;
    int[] len = spatial(name, in, n.inputShape() == null ? null : Dims.of(n.inputShape()), cin, 1);
    int[] k = {1, w.dim(2)};
    int[] dil = {1, n.dilation()};
    int[] p1 = pads(name, n.padding(), new int[] {w.dim(2)}, new int[] {n.dilation()});
    int[] p = {0, 0, p1[0], p1[1]};
    return makeConv(name, cin, 1, len[0], w, k, new int[] {1, n.stride()}, p, dil, groups,
        n.bias(), true);
  }

  private Op makeConv(String name, int cin, int h, int w, Tensor weight, int[] k, int[] st,
      int[] p, int[] dil, int groups, Tensor bias, boolean oneD) throws NirfpgaException {
    int cout = weight.dim(0);
    if (cout % groups != 0) {
      throw new NirfpgaException("node '" + name + "': " + cout + " output channels do not "
          + "divide into " + groups + " groups");
    }
    if (st[0] <= 0 || st[1] <= 0 || dil[0] <= 0 || dil[1] <= 0) {
      throw new NirfpgaException("node '" + name + "': stride and dilation must be positive");
    }
    int ho = ConvOp.outSize(h, k[0], st[0], p[0] + p[1], dil[0]);
    int wo = ConvOp.outSize(w, k[1], st[1], p[2] + p[3], dil[1]);
    if (ho <= 0 || wo <= 0) {
      throw new NirfpgaException("node '" + name + "': kernel " + Dims.of(k) + " does not fit "
          + "the padded input (" + h + ", " + w + ")");
    }
    Dims outShape = oneD ? Dims.of(cout, wo) : Dims.of(cout, ho, wo);
    double[] b = expand(name, "bias", bias, cout);
    return new ConvOp(name, cin, h, w, weight.toArray(), cout, k[0], k[1], st[0], st[1], p[0],
        p[2], p[1], p[3], dil[0], dil[1], groups, b, outShape);
  }

  /** The spatial size of a conv input (channels first), from the edge or the node's own field. */
  private static int[] spatial(String name, Dims in, Dims declared, int cin, int dims)
      throws NirfpgaException {
    // Older files give the Input a leading batch axis of 1, e.g. (1, 2, 34, 34).
    while (in != null && in.length() > dims + 1 && in.get(0) == 1) {
      int[] a = in.toArray();
      in = Dims.of(java.util.Arrays.copyOfRange(a, 1, a.length));
    }
    if (in != null && in.length() == dims + 1) {
      if (in.get(0) != cin) {
        throw new NirfpgaException("node '" + name + "': input has shape " + in + " with "
            + in.get(0) + " channels; the weight takes " + cin);
      }
      int[] s = new int[dims];
      for (int d = 0; d < dims; d++) {
        s[d] = in.get(d + 1);
      }
      return s;
    }
    if (declared != null && declared.length() == dims) {
      if (in != null && in.product() != cin * declared.product()) {
        throw new NirfpgaException("node '" + name + "': input has shape " + in
            + " but input_shape " + declared + " with " + cin + " channels needs "
            + cin * declared.product() + " values");
      }
      return declared.toArray();
    }
    throw new NirfpgaException("node '" + name + "': cannot tell the input's spatial shape"
        + " (input " + in + ", input_shape " + declared + "); give input_shape");
  }

  private Op pool(String name, Dims kernel, Dims stride, Dims padding, boolean avg, Dims in)
      throws NirfpgaException {
    if (in == null || in.length() != 3) {
      throw new NirfpgaException("node '" + name + "': pooling needs a (C, H, W) input, got "
          + in);
    }
    int kh = kernel.get(0);
    int kw = kernel.length() > 1 ? kernel.get(1) : kh;
    int sy = stride.get(0);
    int sx = stride.length() > 1 ? stride.get(1) : sy;
    int py = padding.length() > 0 ? padding.get(0) : 0;
    int px = padding.length() > 1 ? padding.get(1) : py;
    int ho = PoolOp.outSize(in.get(1), kh, sy, py);
    int wo = PoolOp.outSize(in.get(2), kw, sx, px);
    if (ho <= 0 || wo <= 0 || sy <= 0 || sx <= 0) {
      throw new NirfpgaException("node '" + name + "': kernel (" + kh + ", " + kw
          + ") with stride (" + sy + ", " + sx + ") does not fit input " + in);
    }
    return new PoolOp(name, in.get(0), in.get(1), in.get(2), kh, kw, sy, sx, py, px, avg,
        Dims.of(in.get(0), ho, wo));
  }

  private Op flatten(String name, Flatten n, Dims in) throws NirfpgaException {
    Dims src = in;
    if (n.inputType() != null && (src == null || (src.length() != n.inputType().length()
        && src.product() == n.inputType().product()))) {
      src = n.inputType();
    }
    if (src == null) {
      throw new NirfpgaException("Flatten node '" + name + "': input shape unknown; give "
          + "input_type");
    }
    int rank = src.length();
    int start = n.startDim() < 0 ? n.startDim() + rank : n.startDim();
    int end = n.endDim() < 0 ? n.endDim() + rank : n.endDim();
    if (rank == 0 || start < 0 || end >= rank || start > end) {
      // NIR's start_dim may count a batch axis the per-sample shape does not have.
      return new SimpleOps.Identity(name, Dims.of((int) src.product()), fedBySpikes(name));
    }
    int[] s = src.toArray();
    int[] out = new int[rank - (end - start)];
    int j = 0;
    for (int d = 0; d < start; d++) {
      out[j++] = s[d];
    }
    int merged = 1;
    for (int d = start; d <= end; d++) {
      merged *= s[d];
    }
    out[j++] = merged;
    for (int d = end + 1; d < rank; d++) {
      out[j++] = s[d];
    }
    return new SimpleOps.Identity(name, Dims.of(out), fedBySpikes(name));
  }
}
