package org.nirfpga.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nirfpga.nir.graph.AvgPool2d;
import org.nirfpga.nir.graph.Conv1d;
import org.nirfpga.nir.graph.Conv2d;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Flatten;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Padding;
import org.nirfpga.nir.graph.SumPool2d;

/** The non-tensor fields of a node by NIR field name, as JSON-friendly values. */
final class NodeFields {
  private NodeFields() {}

  static Map<String, Object> hyperParameters(NirNode node) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (node instanceof Conv2d c) {
      m.put("input_shape", c.inputShape() == null ? null : c.inputShape().toArray());
      m.put("stride", c.stride().toArray());
      m.put("padding", padding(c.padding()));
      m.put("dilation", c.dilation().toArray());
      m.put("groups", c.groups());
    } else if (node instanceof Conv1d c) {
      m.put("input_shape", c.inputShape());
      m.put("stride", c.stride());
      m.put("padding", padding(c.padding()));
      m.put("dilation", c.dilation());
      m.put("groups", c.groups());
    } else if (node instanceof SumPool2d p) {
      m.put("kernel_size", p.kernelSize().toArray());
      m.put("stride", p.stride().toArray());
      m.put("padding", p.padding().toArray());
    } else if (node instanceof AvgPool2d p) {
      m.put("kernel_size", p.kernelSize().toArray());
      m.put("stride", p.stride().toArray());
      m.put("padding", p.padding().toArray());
    } else if (node instanceof Flatten f) {
      m.put("input_type", f.inputType() == null ? null : f.inputType().toArray());
      m.put("start_dim", f.startDim());
      m.put("end_dim", f.endDim());
    }
    return m;
  }

  private static Object padding(Padding p) {
    return p instanceof Padding.Explicit e ? e.amounts() : p.toString();
  }

  static String text(Object value) {
    if (value instanceof int[] a) {
      return Dims.of(a).toString();
    }
    if (value instanceof Object[] a) {
      return Arrays.toString(a);
    }
    return String.valueOf(value);
  }
}
