package org.nirfpga.nir.check;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nirfpga.nir.graph.AvgPool2d;
import org.nirfpga.nir.graph.CubaLI;
import org.nirfpga.nir.graph.CubaLIF;
import org.nirfpga.nir.graph.Delay;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.I;
import org.nirfpga.nir.graph.IF;
import org.nirfpga.nir.graph.LI;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Scale;
import org.nirfpga.nir.graph.SumPool2d;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.graph.Threshold;

/** Shape rules shared by validation and shape inference, as NIR's node constructors apply them. */
final class Params {
  private Params() {}

  /** Nodes that act element by element, so their tensor shape is the shape of their parameters. */
  static boolean isElementwise(NirNode n) {
    return n instanceof Scale || n instanceof Delay || n instanceof Threshold || n instanceof I
        || n instanceof LI || n instanceof IF || n instanceof LIF || n instanceof CubaLI
        || n instanceof CubaLIF;
  }

  static boolean isPool(NirNode n) {
    return n instanceof SumPool2d || n instanceof AvgPool2d;
  }

  /**
   * The parameters that decide a node's shape. NIR replaces an all-zero {@code v_reset} by zeros
   * of the threshold's shape, so such a {@code v_reset} has no say.
   */
  static Map<String, Tensor> shaped(NirNode n) {
    Map<String, Tensor> out = new LinkedHashMap<>(n.params());
    Tensor vReset = out.get("v_reset");
    if (vReset != null && vReset.size() > 0 && vReset.isUniform() && vReset.get(0) == 0.0) {
      out.remove("v_reset");
    }
    return out;
  }

  static boolean isSizeOne(int[] shape) {
    for (int d : shape) {
      if (d != 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * The shape of an elementwise node: the one parameter shape that is not of size 1, else the
   * highest-rank size-1 shape; null when every parameter is a 0-d scalar (then the node takes
   * its neighbour's shape).
   */
  static Dims elementwiseShape(NirNode n) {
    int[] best = null;
    for (Tensor t : shaped(n).values()) {
      int[] s = t.shape();
      if (!isSizeOne(s)) {
        return Dims.of(s);
      }
      if (best == null || s.length > best.length) {
        best = s;
      }
    }
    return best == null || best.length == 0 ? null : Dims.of(best);
  }
}
