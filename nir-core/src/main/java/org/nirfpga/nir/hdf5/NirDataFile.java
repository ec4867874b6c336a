package org.nirfpga.nir.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.WritableNode;
import io.jhdf.object.datatype.BitField;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.nirfpga.nir.graph.Tensor;

/**
 * NIR's recorded-observable files ({@code nir.write_data} / {@code nir.read_data}): per node of a
 * graph, named observables that are either time-gridded arrays or event lists.
 *
 * <p>Layout: every group carries a string attribute {@code __type__}; the root and nested graphs
 * ({@code NIRGraphData}) hold {@code nodes/}, a node ({@code NIRNodeData}) holds
 * {@code observables/}; a {@code TimeGriddedData} group holds dataset {@code data} and attribute
 * {@code dt}; an {@code EventData} / {@code ValuedEventData} group holds {@code idx},
 * {@code time} (and {@code value}) with attributes {@code n_neurons} and {@code t_max}.
 */
public final class NirDataFile {
  private static final String TYPE = "__type__";
  private static final int GZIP_LEVEL = 4;

  private NirDataFile() {}

  /** Data recorded for one node or one nested graph. */
  public sealed interface NodeData permits NodeObservables, GraphData {}

  /** One recorded quantity: a time-gridded array or an event list. */
  public sealed interface Observable permits TimeGriddedData, EventData {}

  /** NIR's {@code NIRGraphData}: data per node name, nested graphs included. */
  public record GraphData(Map<String, NodeData> nodes) implements NodeData {
    public GraphData {
      nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }
  }

  /** NIR's {@code NIRNodeData}: observables of one node by name, e.g. {@code spikes}. */
  public record NodeObservables(Map<String, Observable> observables) implements NodeData {
    public NodeObservables {
      observables = Collections.unmodifiableMap(new LinkedHashMap<>(observables));
    }
  }

  /**
   * NIR's {@code TimeGriddedData}: {@code data} of shape (samples, time steps, neurons) sampled
   * every {@code dtSeconds}; {@code binary} when the file stores booleans (spikes).
   */
  public record TimeGriddedData(Tensor data, double dtSeconds, boolean binary)
      implements Observable {
    public TimeGriddedData {
      Objects.requireNonNull(data, "data");
      if (data.rank() != 3) {
        throw new IllegalArgumentException("data must have shape (samples, time steps, neurons),"
            + " not " + Arrays.toString(data.shape()));
      }
    }
  }

  /**
   * NIR's {@code EventData} (when {@code value} is null) or {@code ValuedEventData}: per sample,
   * the neuron index ({@code -1}: none) and time (inf: none) of each event, shape (samples,
   * events).
   */
  public record EventData(Tensor idx, Tensor time, Tensor value, long nNeurons, double tMaxSeconds)
      implements Observable {
    public EventData {
      Objects.requireNonNull(idx, "idx");
      Objects.requireNonNull(time, "time");
      if (!Arrays.equals(idx.shape(), time.shape())
          || (value != null && !Arrays.equals(idx.shape(), value.shape()))) {
        throw new IllegalArgumentException("idx, time and value must have the same shape, not "
            + Arrays.toString(idx.shape()) + ", " + Arrays.toString(time.shape())
            + (value == null ? "" : ", " + Arrays.toString(value.shape())));
      }
    }
  }

  // ------------------------------------------------------------------ reading

  /**
   * Reads a NIRData file.
   *
   * @throws NirFormatException naming the file and the group path when the file is not NIRData
   */
  public static GraphData read(Path file) throws NirFormatException {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    if (!Files.isRegularFile(file)) {
      throw new NirFormatException(name + ": no such file (" + file + ")");
    }
    String[] where = {"/"};
    try (HdfFile hdf = HdfFile.fromBytes(Files.readAllBytes(file))) {
      if (!"NIRGraphData".equals(typeOf(hdf))) {
        throw new NirFormatException(name + ": the root has no __type__ 'NIRGraphData'; not a "
            + "NIRData file (a graph model is read with NirReader)");
      }
      return readGraph(name, hdf, where, 0);
    } catch (NirFormatException e) {
      throw e;
    } catch (IOException | RuntimeException | StackOverflowError e) {
      throw new NirFormatException(name + ": at " + where[0] + ": cannot read ("
          + NirReader.oneLine(e) + "); the file is truncated or corrupt", e);
    }
  }

  private static GraphData readGraph(String file, Group g, String[] where, int depth)
      throws NirFormatException {
    if (depth > NirReader.MAX_DEPTH) {
      throw new NirFormatException(at(file, g) + "graphs nested deeper than "
          + NirReader.MAX_DEPTH + " levels");
    }
    Group nodes = group(file, g, "nodes");
    Map<String, NodeData> out = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : new TreeMap<>(nodes.getChildren()).entrySet()) {
      where[0] = NirReader.hdfPath(e.getValue());
      if (!(e.getValue() instanceof Group child)) {
        throw new NirFormatException(file + ": at " + where[0] + ": expected a group");
      }
      String type = typeOf(child);
      if ("NIRNodeData".equals(type)) {
        out.put(e.getKey(), readNode(file, child, where));
      } else if ("NIRGraphData".equals(type)) {
        out.put(e.getKey(), readGraph(file, child, where, depth + 1));
      } else {
        throw new NirFormatException(at(file, child) + "unknown __type__ '"
            + type + "'; expected NIRNodeData or NIRGraphData");
      }
    }
    return new GraphData(out);
  }

  private static NodeObservables readNode(String file, Group g, String[] where)
      throws NirFormatException {
    Group obs = group(file, g, "observables");
    Map<String, Observable> out = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : new TreeMap<>(obs.getChildren()).entrySet()) {
      where[0] = NirReader.hdfPath(e.getValue());
      if (!(e.getValue() instanceof Group o)) {
        throw new NirFormatException(file + ": at " + where[0] + ": expected a group");
      }
      String type = typeOf(o);
      try {
        if ("TimeGriddedData".equals(type)) {
          Dataset data = dataset(file, o, "data");
          out.put(e.getKey(), new TimeGriddedData(tensor(file, data), number(file, o, "dt"),
              isBoolean(data)));
        } else if ("EventData".equals(type) || "ValuedEventData".equals(type)) {
          Tensor value = "ValuedEventData".equals(type)
              ? tensor(file, dataset(file, o, "value")) : null;
          out.put(e.getKey(), new EventData(tensor(file, dataset(file, o, "idx")),
              tensor(file, dataset(file, o, "time")), value,
              (long) number(file, o, "n_neurons"), number(file, o, "t_max")));
        } else {
          throw new NirFormatException(at(file, o) + "unknown observable "
              + "__type__ '" + type + "'; expected TimeGriddedData, EventData or ValuedEventData");
        }
      } catch (IllegalArgumentException ex) {
        throw new NirFormatException(at(file, o) + ex.getMessage(), ex);
      }
    }
    return new NodeObservables(out);
  }

  private static String at(String file, Node n) {
    return file + ": at " + NirReader.hdfPath(n) + ": ";
  }

  private static String typeOf(Node n) {
    Attribute a = n.getAttributes().get(TYPE);
    return a == null ? null : String.valueOf(a.getData());
  }

  private static Group group(String file, Group g, String child) throws NirFormatException {
    Node n = g.getChildren().get(child);
    if (!(n instanceof Group c)) {
      throw new NirFormatException(at(file, g) + "missing group '" + child
          + "'");
    }
    return c;
  }

  private static Dataset dataset(String file, Group g, String child) throws NirFormatException {
    Node n = g.getChildren().get(child);
    if (!(n instanceof Dataset d)) {
      throw new NirFormatException(at(file, g) + "missing dataset '" + child
          + "'");
    }
    return d;
  }

  private static double number(String file, Group g, String attribute) throws NirFormatException {
    Attribute a = g.getAttributes().get(attribute);
    Object v = a == null ? null : a.getData();
    if (v != null && v.getClass().isArray() && Array.getLength(v) == 1) {
      v = Array.get(v, 0);
    }
    if (!(v instanceof Number num)) {
      throw new NirFormatException(at(file, g) + "attribute '" + attribute
          + "' is " + (v == null ? "missing" : "not a number") + "; expected a number");
    }
    return num.doubleValue();
  }

  private static boolean isBoolean(Dataset d) {
    DataType t = d.getDataType();
    Attribute tag = d.getAttributes().get(NirReader.BOOL_ATTRIBUTE);
    return t instanceof EnumDataType || t instanceof BitField
        || (tag != null && "bool".equals(String.valueOf(tag.getData())));
  }

  private static Tensor tensor(String file, Dataset d) throws NirFormatException {
    DataType t = d.getDataType();
    if (!(t instanceof FloatingPoint || t instanceof FixedPoint || t instanceof EnumDataType
        || t instanceof BitField)) {
      throw new NirFormatException(at(file, d) + "dtype "
          + NirReader.describe(t) + ", expected numbers");
    }
    long[] dims = d.isScalar() ? new long[0] : d.getDimensionsAsLong();
    long n = 1;
    for (long x : dims) {
      n = x == 0 ? 0 : (n > NirReader.MAX_ELEMENTS / Math.max(1, x) ? Long.MAX_VALUE : n * x);
    }
    if (n > NirReader.MAX_ELEMENTS) {
      throw new NirFormatException(at(file, d) + "shape "
          + Arrays.toString(dims) + " holds more than 2^28 elements");
    }
    int[] shape = d.isScalar() ? new int[0] : d.getDimensions();
    if (n == 0) {
      return Tensor.of(shape);
    }
    Object raw = d.isScalar() ? d.getData() : d.getDataFlat();
    double[] out = new double[(int) n];
    if (raw instanceof double[] a) {
      out = a;
    } else if (raw instanceof float[] a) {
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
    } else if (raw instanceof long[] a) {
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
    } else if (raw instanceof int[] a) {
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
    } else if (raw instanceof short[] a) {
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
    } else if (raw instanceof byte[] a) {
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
    } else if (raw instanceof boolean[] a) {
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i] ? 1 : 0;
      }
    } else if (raw instanceof String[] a) {
      // jhdf returns enum members by name; h5py stores numpy booleans as enum {FALSE, TRUE}.
      for (int i = 0; i < a.length; i++) {
        out[i] = "TRUE".equalsIgnoreCase(a[i]) ? 1 : 0;
      }
    } else if (raw instanceof Number num) {
      out[0] = num.doubleValue();
    } else {
      throw new NirFormatException(at(file, d) + "could not read numbers");
    }
    return Tensor.of(shape, out);
  }

  // ------------------------------------------------------------------ writing

  /** Writes {@code data} with gzip-compressed arrays, as {@code nir.write_data} does. */
  public static void write(Path file, GraphData data) throws NirFormatException {
    write(file, data, true);
  }

  /**
   * Writes {@code data} to {@code file} atomically (temporary file, then move).
   *
   * <p>Booleans are stored as int8 0/1 tagged for this reader (jhdf cannot write HDF5 enums), and
   * the {@code __type__} attributes are fixed-length strings, which h5py returns as bytes:
   * Python's {@code nir.read_data} compares them with str and will not recognise such a file.
   */
  public static void write(Path file, GraphData data, boolean gzip) throws NirFormatException {
    String[] where = {"the root"};
    AtomicHdfWrite.write(file, (hdf, patches) -> {
      writeGraph(hdf, "", data, gzip, patches, where);
    }, () -> where[0]);
  }

  private static void writeGraph(WritableGroup g, String path, GraphData data, boolean gzip,
      Map<String, long[]> patches, String[] where) {
    g.putAttribute(TYPE, "NIRGraphData");
    WritableGroup nodes = g.putGroup("nodes");
    for (Map.Entry<String, NodeData> e : data.nodes().entrySet()) {
      String nodePath = path + "/nodes/" + e.getKey();
      where[0] = nodePath;
      WritableGroup child = nodes.putGroup(e.getKey());
      if (e.getValue() instanceof GraphData sub) {
        writeGraph(child, nodePath, sub, gzip, patches, where);
      } else {
        NodeObservables node = (NodeObservables) e.getValue();
        child.putAttribute(TYPE, "NIRNodeData");
        WritableGroup obs = child.putGroup("observables");
        for (Map.Entry<String, Observable> o : node.observables().entrySet()) {
          String obsPath = nodePath + "/observables/" + o.getKey();
          where[0] = obsPath;
          writeObservable(obs.putGroup(o.getKey()), obsPath, o.getValue(), gzip, patches);
        }
      }
    }
  }

  private static void writeObservable(WritableGroup g, String path, Observable o, boolean gzip,
      Map<String, long[]> patches) {
    if (o instanceof TimeGriddedData t) {
      g.putAttribute(TYPE, "TimeGriddedData");
      g.putAttribute("dt", t.dtSeconds());
      WritableDataset d = put(g, path, "data", t.data(), t.binary() ? byte.class : double.class,
          gzip, patches);
      if (t.binary()) {
        tag(d);
      }
    } else {
      EventData e = (EventData) o;
      g.putAttribute(TYPE, e.value() == null ? "EventData" : "ValuedEventData");
      put(g, path, "idx", e.idx(), long.class, gzip, patches);
      put(g, path, "time", e.time(), double.class, gzip, patches);
      if (e.value() != null) {
        put(g, path, "value", e.value(), double.class, gzip, patches);
      }
      g.putAttribute("n_neurons", e.nNeurons());
      g.putAttribute("t_max", e.tMaxSeconds());
    }
  }

  private static void tag(WritableNode d) {
    d.putAttribute(NirReader.BOOL_ATTRIBUTE, "bool");
  }

  private static WritableDataset put(WritableGroup g, String path, String field, Tensor t,
      Class<?> type, boolean gzip, Map<String, long[]> patches) {
    int[] shape = t.shape();
    if (shape.length == 0) {
      return g.putDataset(field, convert(t.get(0), type));
    }
    if (t.size() == 0) {
      // jhdf cannot write zero-size arrays; see DataspacePatch.
      int[] placeholder = new int[shape.length];
      long[] real = new long[shape.length];
      for (int i = 0; i < shape.length; i++) {
        real[i] = shape[i];
        placeholder[i] = Math.max(1, shape[i]);
      }
      patches.put(path + "/" + field, real);
      return g.putDataset(field, Array.newInstance(type, placeholder));
    }
    Object data = nested(shape, t.toArray(), type);
    if (gzip) {
      return g.putDataset(field, data, DatasetCreationOptions.builder().deflate(GZIP_LEVEL)
          .chunkDimensions(shape).build());
    }
    return g.putDataset(field, data);
  }

  private static Object convert(double v, Class<?> type) {
    if (type == long.class) {
      return (long) v;
    }
    if (type == byte.class) {
      return (byte) v;
    }
    return v;
  }

  private static Object nested(int[] shape, double[] flat, Class<?> type) {
    Object root = Array.newInstance(type, shape);
    fill(root, shape, 0, flat, new int[] {0}, type);
    return root;
  }

  private static void fill(Object array, int[] shape, int axis, double[] flat, int[] pos,
      Class<?> type) {
    if (axis == shape.length - 1) {
      for (int i = 0; i < shape[axis]; i++) {
        Array.set(array, i, convert(flat[pos[0]++], type));
      }
      return;
    }
    for (int i = 0; i < shape[axis]; i++) {
      fill(Array.get(array, i), shape, axis + 1, flat, pos, type);
    }
  }
}
