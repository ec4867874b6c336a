package org.nirfpga.nir.hdf5;

import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.nirfpga.nir.graph.Metadata;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Padding;
import org.nirfpga.nir.graph.Scale;
import org.nirfpga.nir.graph.SumPool2d;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.graph.Threshold;

/**
 * Writes a graph in the current NIR layout ({@code /version}, {@code /node} with {@code type},
 * {@code nodes/<name>/<field>}, {@code edges} as (E, 2) strings), the one NIR's Python
 * {@code nir.read} loads; the file appears atomically or not at all.
 */
public final class NirWriter {
  /** The NIR release whose layout this writer produces; stored in {@code /version}. */
  public static final String FORMAT_VERSION = "1.0.7";

  private static final int GZIP_LEVEL = 4;

  private final boolean gzip;
  private Map<String, long[]> zeroExtent = new LinkedHashMap<>();
  private String file = "";
  private String currentHdfPath = "";
  private String currentNode = "";

  private NirWriter(boolean gzip) {
    this.gzip = gzip;
  }

  /** Writes {@code graph} to {@code file} with gzip-compressed arrays, as NIR does by default. */
  public static void write(Path file, NirGraph graph) throws NirFormatException {
    write(file, graph, true);
  }

  /**
   * Writes {@code graph} to {@code file}, replacing it atomically: a temporary file in the same
   * folder is written completely, then moved over {@code file}.
   *
   * @param gzip compress array datasets with gzip (level 4, as h5py's default)
   * @throws NirFormatException when the folder is not writable or the graph holds a value the
   *     format cannot store; {@code file} is then left as it was
   */
  public static void write(Path file, NirGraph graph, boolean gzip) throws NirFormatException {
    new NirWriter(gzip).writeFile(file, graph);
  }

  private void writeFile(Path file, NirGraph graph) throws NirFormatException {
    this.file = file.toAbsolutePath().getFileName().toString();
    AtomicHdfWrite.write(file, (hdf, patches) -> {
      zeroExtent = patches;
      hdf.putDataset("version", FORMAT_VERSION);
      writeNode(hdf.putGroup("node"), "/node", graph, "");
    }, () -> currentNode.isEmpty() ? "the root graph" : "node '" + currentNode + "'");
  }

  private void writeNode(WritableGroup g, String hdfPath, NirNode node, String path)
      throws NirFormatException {
    currentHdfPath = hdfPath;
    currentNode = path;
    g.putDataset("type", node.type());
    if (node instanceof NirGraph graph) {
      WritableGroup nodes = g.putGroup("nodes");
      for (Map.Entry<String, NirNode> e : graph.nodes().entrySet()) {
        String name = e.getKey();
        if (name.isEmpty() || name.contains("/")) {
          throw new NirFormatException(file + ": node '" + join(path, name)
              + "': name cannot be empty or hold '/' in HDF5; rename the node");
        }
        writeNode(nodes.putGroup(name), hdfPath + "/nodes/" + name, e.getValue(),
            join(path, name));
      }
      currentHdfPath = hdfPath;
      currentNode = path;
      writeEdges(g, hdfPath, graph.edges());
    } else if (node instanceof Input n) {
      putInts(g, "shape", n.shape());
    } else if (node instanceof Output n) {
      putInts(g, "shape", n.shape());
    } else if (node instanceof Affine n) {
      putTensor(g, hdfPath, "weight", n.weight());
      putTensor(g, hdfPath, "bias", n.bias());
    } else if (node instanceof Linear n) {
      putTensor(g, hdfPath, "weight", n.weight());
    } else if (node instanceof Scale n) {
      putTensor(g, hdfPath, "scale", n.scale());
    } else if (node instanceof Conv1d n) {
      if (n.inputShape() != null) {
        g.putDataset("input_shape", (long) n.inputShape());
      }
      putTensor(g, hdfPath, "weight", n.weight());
      g.putDataset("stride", (long) n.stride());
      putPadding(g, n.padding());
      g.putDataset("dilation", (long) n.dilation());
      g.putDataset("groups", (long) n.groups());
      putTensor(g, hdfPath, "bias", n.bias());
    } else if (node instanceof Conv2d n) {
      if (n.inputShape() != null) {
        putInts(g, "input_shape", n.inputShape());
      }
      putTensor(g, hdfPath, "weight", n.weight());
      putInts(g, "stride", n.stride());
      putPadding(g, n.padding());
      putInts(g, "dilation", n.dilation());
      g.putDataset("groups", (long) n.groups());
      putTensor(g, hdfPath, "bias", n.bias());
    } else if (node instanceof SumPool2d n) {
      putInts(g, "kernel_size", n.kernelSize());
      putInts(g, "stride", n.stride());
      putInts(g, "padding", n.padding());
    } else if (node instanceof AvgPool2d n) {
      putInts(g, "kernel_size", n.kernelSize());
      putInts(g, "stride", n.stride());
      putInts(g, "padding", n.padding());
    } else if (node instanceof Flatten n) {
      if (n.inputType() != null) {
        putInts(g, "input_type", n.inputType());
      }
      g.putDataset("start_dim", (long) n.startDim());
      g.putDataset("end_dim", (long) n.endDim());
    } else if (isParamsOnly(node)) {
      // Neurons, Delay and Threshold are described completely by their tensor parameters.
      for (Map.Entry<String, Tensor> e : node.params().entrySet()) {
        putTensor(g, hdfPath, e.getKey(), e.getValue());
      }
    } else {
      throw new IllegalStateException("writer has no layout for node type " + node.type());
    }
    currentHdfPath = hdfPath;
    currentNode = path;
    if (!node.metadata().isEmpty()) {
      writeMetadata(g.putGroup("metadata"), hdfPath + "/metadata", node.metadata(), path);
    }
  }

  private static boolean isParamsOnly(NirNode node) {
    return node instanceof Delay || node instanceof Threshold || node instanceof I
        || node instanceof LI || node instanceof IF || node instanceof LIF
        || node instanceof CubaLI || node instanceof CubaLIF;
  }

  private void writeEdges(WritableGroup g, String hdfPath, List<Edge> edges) {
    if (edges.isEmpty()) {
      // NIR stores no edges as np.array([]), a (0,) float64 array; see DataspacePatch.
      g.putDataset("edges", new double[1]);
      zeroExtent.put(hdfPath + "/edges", new long[] {0});
      return;
    }
    String[][] pairs = new String[edges.size()][];
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = new String[] {edges.get(i).source(), edges.get(i).destination()};
    }
    g.putDataset("edges", pairs);
  }

  private void putInts(WritableGroup g, String field, Dims dims) {
    long[] v = new long[dims.length()];
    for (int i = 0; i < v.length; i++) {
      v[i] = dims.get(i);
    }
    if (v.length == 0) {
      // An empty tuple (a scalar's shape) is a (0,) int64 array, as numpy writes it.
      g.putDataset(field, new long[1]);
      zeroExtent.put(currentHdfPath + "/" + field, new long[] {0});
      return;
    }
    g.putDataset(field, v);
  }

  private static void putPadding(WritableGroup g, Padding padding) {
    if (padding instanceof Padding.Explicit e) {
      int[] a = e.amounts();
      if (a.length == 1) {
        g.putDataset("padding", (long) a[0]);
      } else {
        g.putDataset("padding", toLongs(a));
      }
    } else {
      g.putDataset("padding", padding.toString());
    }
  }

  private static long[] toLongs(int[] a) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  private void putTensor(WritableGroup g, String hdfPath, String field, Tensor t)
      throws NirFormatException {
    for (int i = 0; i < t.size(); i++) {
      // The reader refuses NaN parameters, so the writer must not produce a file it cannot read.
      if (Double.isNaN(t.get(i))) {
        throw new NirFormatException(file + ": node '" + currentNode + "' field '" + field
            + "': NaN at flat index " + i + "; parameters must be numbers (inf is allowed)");
      }
    }
    if (t.rank() == 0) {
      g.putDataset(field, t.get(0));
      return;
    }
    int[] shape = t.shape();
    if (t.size() == 0) {
      int[] placeholder = shape.clone();
      long[] real = new long[shape.length];
      for (int i = 0; i < shape.length; i++) {
        real[i] = shape[i];
        placeholder[i] = Math.max(1, shape[i]);
      }
      g.putDataset(field, Array.newInstance(double.class, placeholder));
      zeroExtent.put(hdfPath + "/" + field, real);
      return;
    }
    Object data = nested(shape, t.toArray());
    if (gzip) {
      DatasetCreationOptions options = DatasetCreationOptions.builder().deflate(GZIP_LEVEL)
          .chunkDimensions(shape).build();
      g.putDataset(field, data, options);
    } else {
      g.putDataset(field, data);
    }
  }

  /** C-order doubles as a nested Java array of {@code shape}, the form jhdf writes. */
  static Object nested(int[] shape, double[] flat) {
    Object root = Array.newInstance(double.class, shape);
    fill(root, shape, 0, flat, new int[] {0});
    return root;
  }

  private static void fill(Object array, int[] shape, int axis, double[] flat, int[] pos) {
    if (axis == shape.length - 1) {
      System.arraycopy(flat, pos[0], array, 0, shape[axis]);
      pos[0] += shape[axis];
      return;
    }
    for (int i = 0; i < shape[axis]; i++) {
      fill(Array.get(array, i), shape, axis + 1, flat, pos);
    }
  }

  private void writeMetadata(WritableGroup g, String hdfPath, Metadata meta, String path)
      throws NirFormatException {
    for (Map.Entry<String, Object> e : meta.entries().entrySet()) {
      String key = e.getKey();
      Object v = e.getValue();
      if (key.isEmpty() || key.contains("/")) {
        throw new NirFormatException(file + ": " + where(path) + " metadata key '" + key
            + "' cannot be empty or hold '/' in HDF5; rename it");
      }
      if (v instanceof Metadata m) {
        writeMetadata(g.putGroup(key), hdfPath + "/" + key, m, path);
      } else if (v instanceof String s) {
        g.putDataset(key, s);
      } else if (v instanceof Long l) {
        g.putDataset(key, l);
      } else if (v instanceof Double d) {
        g.putDataset(key, d);
      } else if (v instanceof Boolean b) {
        // jhdf cannot write the enum h5py uses for numpy booleans; int8 0/1 reads as a number
        // everywhere, and the tag lets our reader restore the Boolean.
        WritableDataset ds = g.putDataset(key, (byte) (b ? 1 : 0));
        ds.putAttribute(NirReader.BOOL_ATTRIBUTE, "bool");
      } else if (v instanceof Tensor t) {
        putTensor(g, hdfPath, key, t);
      } else if (v instanceof List<?> list && list.stream().allMatch(x -> x instanceof String)
          && !list.isEmpty()) {
        g.putDataset(key, list.toArray(new String[0]));
      } else {
        throw new NirFormatException(file + ": " + where(path) + " metadata '" + key
            + "' holds a " + (v instanceof List ? "list that is not a non-empty list of strings"
            : v.getClass().getSimpleName()) + "; store it as a Tensor or a string");
      }
    }
  }

  private static String where(String path) {
    return path.isEmpty() ? "root graph" : "node '" + path + "'";
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
