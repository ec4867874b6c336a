package org.nirfpga.nir.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.BitField;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import io.jhdf.object.message.DataLayout;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
 * Reads a {@code .nir} file of any layout generation into the graph model, leniently like NIR's
 * {@code nir.read(type_check=False)}: edges naming missing nodes and shape mismatches are left for
 * {@code org.nirfpga.nir.check}; structural damage is a {@link NirFormatException}.
 */
public final class NirReader {
  /** Largest element count of one dataset (2^28), so a corrupt shape cannot exhaust memory. */
  public static final long MAX_ELEMENTS = 1L << 28;

  /** Deepest nesting of subgraphs accepted; deeper means a corrupt or cyclic file. */
  public static final int MAX_DEPTH = 64;

  /** The node types this reader knows, as written in a node's {@code type} field. */
  public static final List<String> KNOWN_TYPES = List.of("Input", "Output", "Affine", "Linear",
      "Scale", "Conv1d", "Conv2d", "SumPool2d", "AvgPool2d", "Flatten", "Delay", "Threshold", "I",
      "LI", "IF", "LIF", "CubaLI", "CubaLIF", "NIRGraph");

  /** Attribute our writer puts on an int8 metadata dataset that holds a boolean. */
  static final String BOOL_ATTRIBUTE = "nirfpga_dtype";

  /** Files up to this size are read into memory before parsing (see {@link #open}). */
  private static final long IN_MEMORY_LIMIT = 1L << 30;

  private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  private NirReader() {}

  /**
   * Reads {@code file}.
   *
   * @throws NirFormatException when the file is missing, is not HDF5, is truncated or corrupt, or
   *     holds a node that cannot be built; the message is one line naming the file and node path
   */
  public static NirFile read(Path file) throws NirFormatException {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    long size = preflight(file, name);
    List<String> warnings = new ArrayList<>();
    Reading reading = new Reading(name, size, warnings);
    try (HdfFile hdf = open(file, size)) {
      return reading.readFile(hdf, file);
    } catch (NirFormatException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      // jhdf reports damage with assorted runtime exceptions; the user needs the file named.
      throw new NirFormatException(name + ": " + reading.location()
          + "cannot read the HDF5 structure (" + oneLine(e)
          + "); the file is truncated or corrupt, re-export it", e);
    } catch (IOException e) {
      throw new NirFormatException(name + ": cannot read the file (" + oneLine(e) + ")", e);
    } catch (OutOfMemoryError e) {
      throw new NirFormatException(name + ": " + reading.location()
          + "a dataset is too large to load; the file is corrupt or not a NIR model", e);
    }
  }

  /**
   * Opens the file from memory when it fits: jhdf reading from a channel allocates a buffer of
   * whatever length a corrupt header claims before noticing the file is shorter, which took tens
   * of seconds on damaged files; from memory such reads fail at once.
   */
  private static HdfFile open(Path file, long size) throws IOException {
    if (size <= IN_MEMORY_LIMIT) {
      return HdfFile.fromBytes(Files.readAllBytes(file));
    }
    return new HdfFile(file);
  }

  private static long preflight(Path file, String name) throws NirFormatException {
    if (!Files.exists(file)) {
      throw new NirFormatException(name + ": no such file (" + file + ")");
    }
    if (!Files.isRegularFile(file)) {
      throw new NirFormatException(name + ": not a regular file (" + file + ")");
    }
    long size;
    byte[] head = new byte[8];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      size = Files.size(file);
      n = in.readNBytes(head, 0, 8);
    } catch (IOException e) {
      throw new NirFormatException(name + ": cannot read the file (" + oneLine(e) + ")", e);
    }
    if (size == 0) {
      throw new NirFormatException(name + ": the file is empty; expected a .nir (HDF5) model");
    }
    // A user block can shift the superblock to offset 512, 1024, 2048, ...
    if (n < 8 || !Arrays.equals(head, SIGNATURE) && !hasSignatureAfterUserBlock(file, size)) {
      throw new NirFormatException(name + ": not an HDF5 file (no HDF5 signature at offset 0, "
          + "512, 1024, ...); expected a .nir model written by NIR");
    }
    return size;
  }

  private static boolean hasSignatureAfterUserBlock(Path file, long size)
      throws NirFormatException {
    try (SeekableByteChannel ch = Files.newByteChannel(file)) {
      for (long off = 512; off + SIGNATURE.length <= size; off *= 2) {
        ByteBuffer head = ByteBuffer.allocate(SIGNATURE.length);
        ch.position(off);
        while (head.hasRemaining() && ch.read(head) >= 0) {
          continue;
        }
        if (Arrays.equals(head.array(), SIGNATURE)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new NirFormatException(
          file.getFileName() + ": cannot read the file (" + oneLine(e) + ")", e);
    }
  }

  /** An HDF5 object's path as h5py shows it: jhdf ends group paths with a slash. */
  static String hdfPath(Node n) {
    String p = n.getPath();
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  static String oneLine(Throwable e) {
    String msg = e.getMessage();
    String text = e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    text = text.replaceAll("\\s+", " ").trim();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  /** Describes an HDF5 datatype the way numpy would name it, for messages. */
  static String describe(DataType t) {
    if (t instanceof FloatingPoint) {
      return "float" + t.getSize() * 8;
    }
    if (t instanceof FixedPoint f) {
      return (f.isSigned() ? "int" : "uint") + t.getSize() * 8;
    }
    if (t instanceof StringData) {
      return "fixed-length string";
    }
    if (t instanceof VariableLength v) {
      return v.isVariableLengthString() ? "string" : "variable-length sequence";
    }
    if (t instanceof EnumDataType) {
      return "enum";
    }
    if (t instanceof BitField) {
      return "bitfield";
    }
    return t.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  private static String shapeText(int[] shape) {
    return Dims.of(shape).toString();
  }

  /** A numeric dataset as doubles in C order with its shape. */
  private record Numeric(int[] shape, double[] data) {}

  /** One read of one file: the file name for messages and the warnings gathered. */
  private static final class Reading {
    private final String file;
    private final long fileSize;
    private final List<String> warnings;
    private String currentPath = "";
    private String currentNode;

    Reading(String file, long fileSize, List<String> warnings) {
      this.file = file;
      this.fileSize = fileSize;
      this.warnings = warnings;
    }

    /** Where reading stopped, as a message prefix: the node path and the HDF5 object. */
    String location() {
      if (currentNode == null) {
        return currentPath.isEmpty() ? "" : "at " + currentPath + ": ";
      }
      return nodeText(currentNode) + " (at " + currentPath + "): ";
    }

    NirFile readFile(HdfFile hdf, Path path) throws NirFormatException {
      Map<String, Node> top = hdf.getChildren();
      Optional<String> version = Optional.empty();
      Node v = top.get("version");
      if (v == null) {
        warnings.add("no /version dataset; read as a NIR file of unknown version");
      } else if (v instanceof Dataset d && isString(d.getDataType()) && d.getSize() == 1) {
        currentPath = "/version";
        version = Optional.of(stringValue(d, "", "version"));
      } else {
        warnings.add("/version is not a string; ignored");
      }
      Node root = top.get("node");
      NirGraph graph;
      if (root instanceof Group g) {
        NirNode node = readNode(g, "", 0);
        if (!(node instanceof NirGraph rootGraph)) {
          throw new NirFormatException(file + ": the root /node is a " + node.type()
              + ", not a NIRGraph; wrap it in a graph with Input and Output nodes");
        }
        graph = rootGraph;
      } else if (top.get("nodes") instanceof Group && top.containsKey("edges")) {
        warnings.add("legacy layout: the graph is stored at the file root, not under /node");
        NirGraph body = readGraph(hdf, "", 0);
        graph = new NirGraph(body.nodes(), body.edges(), readMetadata(hdf, ""));
      } else {
        throw new NirFormatException(file + ": no /node group (top level holds "
            + new TreeMap<>(top).keySet() + "); not a NIR model file");
      }
      return new NirFile(path, version, graph, warnings);
    }

    // ---------------------------------------------------------------- nodes

    private NirNode readNode(Group g, String path, int depth) throws NirFormatException {
      if (depth > MAX_DEPTH) {
        throw error(path, null, "subgraphs nested deeper than " + MAX_DEPTH
            + " levels; the file is corrupt or cyclic");
      }
      currentPath = hdfPath(g);
      currentNode = path;
      String type = readType(g, path);
      Set<String> used = new java.util.HashSet<>(List.of("type", "metadata"));
      NirNode node;
      try {
        node = build(type, g, path, depth, used);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw error(path, null, type + " cannot be built: " + e.getMessage());
      }
      for (String child : sortedNames(g)) {
        // Groups input_type/output_type hold types NIR derives from the parameters.
        boolean derivedType = (child.equals("input_type") || child.equals("output_type"))
            && g.getChildren().get(child) instanceof Group;
        if (!used.contains(child) && !derivedType) {
          warnings.add(nodeText(path) + ": unknown field '" + child + "' of " + type
              + " ignored");
        }
      }
      return node;
    }

    private NirNode build(String type, Group g, String path, int depth, Set<String> used)
        throws NirFormatException {
      Metadata meta = readMetadata(g, path);
      switch (type) {
        case "NIRGraph":
          used.addAll(List.of("nodes", "edges"));
          NirGraph inner = readGraph(g, path, depth);
          return new NirGraph(inner.nodes(), inner.edges(), meta);
        case "Input":
          used.add("shape");
          return new Input(dims(g, path, "shape"), meta);
        case "Output":
          used.add("shape");
          return new Output(dims(g, path, "shape"), meta);
        case "Affine":
          used.addAll(List.of("weight", "bias"));
          return new Affine(weight(g, path, 2), tensor(g, path, "bias"), meta);
        case "Linear":
          used.add("weight");
          return new Linear(weight(g, path, 2), meta);
        case "Scale":
          used.add("scale");
          return new Scale(tensor(g, path, "scale"), meta);
        case "Conv1d":
          return conv1d(g, path, meta, used);
        case "Conv2d":
          return conv2d(g, path, meta, used);
        case "SumPool2d":
        case "AvgPool2d":
          used.addAll(List.of("kernel_size", "stride", "padding"));
          Dims k = pair(g, path, "kernel_size");
          Dims s = pair(g, path, "stride");
          Dims p = pair(g, path, "padding");
          return type.equals("SumPool2d") ? new SumPool2d(k, s, p, meta)
              : new AvgPool2d(k, s, p, meta);
        case "Flatten":
          return flatten(g, path, meta, used);
        case "Delay":
          used.add("delay");
          return new Delay(tensor(g, path, "delay"), meta);
        case "Threshold":
          used.add("threshold");
          return new Threshold(tensor(g, path, "threshold"), meta);
        case "I":
          used.add("r");
          return new I(tensor(g, path, "r"), meta);
        case "IF": {
          used.addAll(List.of("r", "v_threshold", "v_reset"));
          Tensor vth = tensor(g, path, "v_threshold");
          return new IF(tensor(g, path, "r"), vth, orDefault(g, path, "v_reset", vth, 0.0), meta);
        }
        case "LI":
          used.addAll(List.of("tau", "r", "v_leak"));
          return new LI(tensor(g, path, "tau"), tensor(g, path, "r"), tensor(g, path, "v_leak"),
              meta);
        case "LIF": {
          used.addAll(List.of("tau", "r", "v_leak", "v_threshold", "v_reset"));
          Tensor vth = tensor(g, path, "v_threshold");
          return new LIF(tensor(g, path, "tau"), tensor(g, path, "r"),
              tensor(g, path, "v_leak"), vth, orDefault(g, path, "v_reset", vth, 0.0), meta);
        }
        case "CubaLI": {
          used.addAll(List.of("tau_syn", "tau_mem", "r", "v_leak", "w_in"));
          Tensor vLeak = tensor(g, path, "v_leak");
          return new CubaLI(tensor(g, path, "tau_syn"), tensor(g, path, "tau_mem"),
              tensor(g, path, "r"), vLeak, orDefault(g, path, "w_in", vLeak, 1.0), meta);
        }
        case "CubaLIF": {
          used.addAll(List.of("tau_syn", "tau_mem", "r", "v_leak", "v_threshold", "v_reset",
              "w_in"));
          Tensor vth = tensor(g, path, "v_threshold");
          return new CubaLIF(tensor(g, path, "tau_syn"), tensor(g, path, "tau_mem"),
              tensor(g, path, "r"), tensor(g, path, "v_leak"), vth,
              orDefault(g, path, "v_reset", vth, 0.0), orDefault(g, path, "w_in", vth, 1.0),
              meta);
        }
        default:
          throw error(path, "type", "unknown node type '" + type + "'; known types are "
              + String.join(", ", KNOWN_TYPES));
      }
    }

    private Conv1d conv1d(Group g, String path, Metadata meta, Set<String> used)
        throws NirFormatException {
      used.addAll(List.of("input_shape", "weight", "stride", "padding", "dilation", "groups",
          "bias"));
      Integer inputShape = null;
      if (g.getChildren().containsKey("input_shape")) {
        int[] v = ints(g, path, "input_shape");
        if (v.length != 1) {
          throw error(path, "input_shape", "expected one length, found " + shapeTextOf(v));
        }
        inputShape = v[0];
      } else {
        warnings.add(nodeText(path) + ": Conv1d has no input_shape; output length unknown until "
            + "shape inference");
      }
      Tensor weight = weight(g, path, 3);
      int stride = single(g, path, "stride");
      Padding padding = padding(g, path, 1);
      int dilation = single(g, path, "dilation");
      int groups = single(g, path, "groups");
      return new Conv1d(inputShape, weight, stride, padding, dilation, groups,
          tensor(g, path, "bias"), meta);
    }

    private Conv2d conv2d(Group g, String path, Metadata meta, Set<String> used)
        throws NirFormatException {
      used.addAll(List.of("input_shape", "weight", "stride", "padding", "dilation", "groups",
          "bias"));
      Dims inputShape = null;
      if (g.getChildren().containsKey("input_shape")) {
        inputShape = pair(g, path, "input_shape");
      } else {
        warnings.add(nodeText(path) + ": Conv2d has no input_shape (older NIR file); output "
            + "size unknown until shape inference");
      }
      Tensor weight = weight(g, path, 4);
      Dims stride = pair(g, path, "stride");
      Padding padding = padding(g, path, 2);
      Dims dilation = pair(g, path, "dilation");
      int groups = single(g, path, "groups");
      return new Conv2d(inputShape, weight, stride, padding, dilation, groups,
          tensor(g, path, "bias"), meta);
    }

    private Flatten flatten(Group g, String path, Metadata meta, Set<String> used)
        throws NirFormatException {
      used.addAll(List.of("input_type", "start_dim", "end_dim"));
      Map<String, Node> ch = g.getChildren();
      Dims inputType = null;
      if (ch.get("input_type") instanceof Group typeGroup) {
        // Writers that serialised NIR's dataclasses whole stored {"input": shape} as a group.
        inputType = typeGroup.getChildren().containsKey("input")
            ? dims(typeGroup, path, "input") : null;
      } else if (ch.containsKey("input_type")) {
        inputType = dims(g, path, "input_type");
      }
      int start = Flatten.DEFAULT_START_DIM;
      if (ch.containsKey("start_dim")) {
        start = single(g, path, "start_dim");
      } else {
        warnings.add(nodeText(path) + ": Flatten has no start_dim; using NIR's default 1");
      }
      int end = Flatten.DEFAULT_END_DIM;
      if (ch.containsKey("end_dim")) {
        end = single(g, path, "end_dim");
      } else {
        warnings.add(nodeText(path) + ": Flatten has no end_dim; using NIR's default -1");
      }
      return new Flatten(inputType, start, end, meta);
    }

    private NirGraph readGraph(Group g, String path, int depth) throws NirFormatException {
      Node nodesNode = g.getChildren().get("nodes");
      if (nodesNode == null) {
        throw error(path, "nodes", "missing required group 'nodes' of NIRGraph");
      }
      if (!(nodesNode instanceof Group nodesGroup)) {
        throw error(path, "nodes", "is a dataset, expected a group of nodes");
      }
      // jhdf parses every member's header when listing a group, so damage to one node's header
      // surfaces here, naming the graph that holds it.
      currentPath = hdfPath(nodesGroup);
      Map<String, NirNode> nodes = new LinkedHashMap<>();
      for (Map.Entry<String, Node> e : sortedChildren(nodesGroup).entrySet()) {
        String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (!(e.getValue() instanceof Group child)) {
          throw error(childPath, null, "is a dataset, expected a node group with a 'type'");
        }
        nodes.put(e.getKey(), readNode(child, childPath, depth + 1));
      }
      currentPath = hdfPath(g);
      currentNode = path;
      return new NirGraph(nodes, edges(g, path));
    }

    private List<Edge> edges(Group g, String path) throws NirFormatException {
      Dataset d = dataset(g, path, "edges");
      long[] dims = d.getDimensionsAsLong();
      long count = checkedSize(d, path, "edges");
      if (count == 0) {
        // NIR writes an empty edge list as np.array([]): a (0,) float64 dataset.
        return List.of();
      }
      if (!isString(d.getDataType())) {
        throw error(path, "edges", "holds " + describe(d.getDataType())
            + ", expected (E, 2) strings naming source and destination nodes");
      }
      if (dims.length != 2 || dims[1] != 2) {
        throw error(path, "edges", "has shape " + Arrays.toString(dims)
            + ", expected (E, 2) pairs of node names");
      }
      Object flat = d.getDataFlat();
      if (!(flat instanceof String[] names)) {
        throw error(path, "edges", "could not be read as strings");
      }
      List<Edge> edges = new ArrayList<>();
      for (int i = 0; i + 1 < names.length; i += 2) {
        if (names[i] == null || names[i + 1] == null) {
          throw error(path, "edges", "row " + (i / 2) + " holds a missing name");
        }
        edges.add(new Edge(names[i], names[i + 1]));
      }
      return edges;
    }

    // ---------------------------------------------------------------- fields

    private String readType(Group g, String path) throws NirFormatException {
      Node t = g.getChildren().get("type");
      if (t == null) {
        throw error(path, "type", "missing; every NIR node group needs a 'type' string");
      }
      if (!(t instanceof Dataset d)) {
        throw error(path, "type", "is a group, expected a string dataset");
      }
      if (!isString(d.getDataType())) {
        throw error(path, "type", "is " + describe(d.getDataType())
            + ", expected a string such as 'LIF'");
      }
      return stringValue(d, path, "type");
    }

    private String stringValue(Dataset d, String path, String field) throws NirFormatException {
      if (checkedSize(d, path, field) != 1) {
        throw error(path, field, "holds " + d.getSize() + " strings, expected one");
      }
      Object o = d.isScalar() ? d.getData() : d.getDataFlat();
      if (o instanceof String s) {
        return s;
      }
      if (o instanceof String[] a && a.length == 1 && a[0] != null) {
        return a[0];
      }
      throw error(path, field, "could not be read as a string");
    }

    private Dataset dataset(Group g, String path, String field) throws NirFormatException {
      Node n = g.getChildren().get(field);
      if (n == null) {
        throw error(path, field, "missing required field (present: "
            + sortedNames(g) + ")");
      }
      if (!(n instanceof Dataset d)) {
        throw error(path, field, "is a group, expected a dataset");
      }
      currentPath = hdfPath(d);
      return d;
    }

    private Tensor tensor(Group g, String path, String field) throws NirFormatException {
      Numeric n = numeric(dataset(g, path, field), path, field);
      for (int i = 0; i < n.data.length; i++) {
        if (Double.isNaN(n.data[i])) {
          throw error(path, field, "NaN at flat index " + i + " of shape " + shapeText(n.shape)
              + "; parameters must be numbers (inf is allowed), fix the exporter");
        }
      }
      return Tensor.of(n.shape, n.data);
    }

    private Tensor weight(Group g, String path, int rank) throws NirFormatException {
      Tensor w = tensor(g, path, "weight");
      if (w.rank() != rank) {
        throw error(path, "weight", "has rank " + w.rank() + " (shape " + shapeText(w.shape())
            + "), expected rank " + rank);
      }
      return w;
    }

    private Tensor orDefault(Group g, String path, String field, Tensor like, double value)
        throws NirFormatException {
      if (g.getChildren().containsKey(field)) {
        return tensor(g, path, field);
      }
      warnings.add(nodeText(path) + ": no " + field + "; using " + value + " (NIR's default)");
      return Tensor.full(like.shape(), value);
    }

    private int[] ints(Group g, String path, String field) throws NirFormatException {
      Numeric n = numeric(dataset(g, path, field), path, field);
      if (n.shape.length > 1) {
        throw error(path, field, "has shape " + shapeText(n.shape) + ", expected a scalar or a "
            + "list of integers");
      }
      int[] out = new int[n.data.length];
      for (int i = 0; i < out.length; i++) {
        double v = n.data[i];
        if (v != Math.rint(v) || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
          throw error(path, field, "holds " + v + ", expected an integer within int range");
        }
        out[i] = (int) v;
      }
      return out;
    }

    private Dims dims(Group g, String path, String field) throws NirFormatException {
      return Dims.of(ints(g, path, field));
    }

    private int single(Group g, String path, String field) throws NirFormatException {
      int[] v = ints(g, path, field);
      if (v.length != 1) {
        throw error(path, field, "holds " + shapeTextOf(v) + ", expected one integer");
      }
      return v[0];
    }

    /** An (h, w) pair; NIR lets a single int stand for both. */
    private Dims pair(Group g, String path, String field) throws NirFormatException {
      int[] v = ints(g, path, field);
      if (v.length == 1) {
        return Dims.of(v[0], v[0]);
      }
      if (v.length != 2) {
        throw error(path, field, "holds " + shapeTextOf(v) + ", expected an int or an (h, w) pair");
      }
      return Dims.of(v);
    }

    private Padding padding(Group g, String path, int spatial) throws NirFormatException {
      Dataset d = dataset(g, path, "padding");
      if (isString(d.getDataType())) {
        String s = stringValue(d, path, "padding");
        if (s.equals("same")) {
          return Padding.SAME;
        }
        if (s.equals("valid")) {
          return Padding.VALID;
        }
        throw error(path, "padding", "is '" + s + "', expected 'same', 'valid' or integers");
      }
      int[] v = ints(g, path, "padding");
      if (v.length == 1 && spatial == 2) {
        v = new int[] {v[0], v[0]};
      }
      if (v.length != spatial) {
        throw error(path, "padding", "holds " + shapeTextOf(v) + ", expected " + spatial
            + " amount(s)");
      }
      for (int a : v) {
        if (a < 0) {
          throw error(path, "padding", "holds negative amount " + a);
        }
      }
      return Padding.of(v);
    }

    private String shapeTextOf(int[] values) {
      return Arrays.toString(values);
    }

    private long checkedSize(Dataset d, String path, String field) throws NirFormatException {
      long[] dims = d.isScalar() ? new long[0] : d.getDimensionsAsLong();
      long n = 1;
      for (long x : dims) {
        if (x < 0) {
          throw error(path, field, "has negative dimension in " + Arrays.toString(dims));
        }
        try {
          n = Math.multiplyExact(n, x);
        } catch (ArithmeticException e) {
          throw error(path, field, "shape " + Arrays.toString(dims) + " overflows a 64-bit "
              + "element count; the file is corrupt");
        }
      }
      if (n > MAX_ELEMENTS) {
        throw error(path, field, "shape " + Arrays.toString(dims) + " holds " + n
            + " elements, more than the " + MAX_ELEMENTS + " (2^28) this reader accepts");
      }
      if (d.getDataLayout() != DataLayout.CHUNKED) {
        long bytes = n * Math.max(1, d.getDataType().getSize());
        if (bytes > fileSize) {
          throw error(path, field, "claims " + bytes + " bytes of data but the file has only "
              + fileSize + "; the file is truncated or corrupt");
        }
      }
      return n;
    }

    private Numeric numeric(Dataset d, String path, String field) throws NirFormatException {
      DataType t = d.getDataType();
      if (!(t instanceof FloatingPoint || t instanceof FixedPoint || t instanceof EnumDataType
          || t instanceof BitField)) {
        throw error(path, field, "has dtype " + describe(t) + ", expected numbers");
      }
      long n = checkedSize(d, path, field);
      int[] shape = d.isScalar() ? new int[0] : d.getDimensions();
      if (n == 0) {
        return new Numeric(shape, new double[0]);
      }
      Object raw = d.isScalar() ? d.getData() : d.getDataFlat();
      double[] data = toDoubles(raw, t, path, field);
      if (data.length != n) {
        throw error(path, field, "read " + data.length + " values for shape "
            + shapeText(shape) + "; the file is corrupt");
      }
      return new Numeric(shape, data);
    }

    private double[] toDoubles(Object raw, DataType t, String path, String field)
        throws NirFormatException {
      if (raw instanceof double[] a) {
        return a;
      }
      if (raw instanceof float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
          out[i] = a[i];
        }
        return out;
      }
      if (raw instanceof long[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
          out[i] = a[i];
        }
        return out;
      }
      if (raw instanceof int[] a) {
        return Arrays.stream(a).asDoubleStream().toArray();
      }
      if (raw instanceof short[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
          out[i] = a[i];
        }
        return out;
      }
      if (raw instanceof byte[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
          out[i] = a[i];
        }
        return out;
      }
      if (raw instanceof boolean[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
          out[i] = a[i] ? 1 : 0;
        }
        return out;
      }
      if (raw instanceof Object[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
          out[i] = scalarToDouble(a[i], t, path, field);
        }
        return out;
      }
      return new double[] {scalarToDouble(raw, t, path, field)};
    }

    private double scalarToDouble(Object o, DataType t, String path, String field)
        throws NirFormatException {
      if (o instanceof Number num) {
        return num instanceof BigInteger b ? b.doubleValue() : num.doubleValue();
      }
      if (o instanceof Boolean b) {
        return b ? 1 : 0;
      }
      // jhdf returns enum members by name; h5py stores numpy booleans as enum {FALSE, TRUE}.
      if (o instanceof String s && t instanceof EnumDataType) {
        if (s.equalsIgnoreCase("TRUE")) {
          return 1;
        }
        if (s.equalsIgnoreCase("FALSE")) {
          return 0;
        }
        throw error(path, field, "holds enum member '" + s + "', expected numbers or booleans");
      }
      throw error(path, field, "has dtype " + describe(t) + ", expected numbers");
    }

    // ---------------------------------------------------------------- metadata

    private Metadata readMetadata(Group g, String path) throws NirFormatException {
      Node m = g.getChildren().get("metadata");
      if (m == null) {
        return Metadata.EMPTY;
      }
      if (!(m instanceof Group mg)) {
        warnings.add(nodeText(path) + ": 'metadata' is a dataset, not a group; ignored");
        return Metadata.EMPTY;
      }
      return new Metadata(metadataTree(mg, path, 0));
    }

    private Map<String, Object> metadataTree(Group g, String path, int depth)
        throws NirFormatException {
      if (depth > MAX_DEPTH) {
        throw error(path, "metadata", "nested deeper than " + MAX_DEPTH + " levels");
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Node> e : sortedChildren(g).entrySet()) {
        String key = e.getKey();
        if (e.getValue() instanceof Group sub) {
          out.put(key, new Metadata(metadataTree(sub, path, depth + 1)));
        } else if (e.getValue() instanceof Dataset d) {
          currentPath = hdfPath(d);
          Object value = metadataValue(d, path, "metadata/" + key);
          if (value == null) {
            warnings.add(nodeText(path) + ": metadata '" + key + "' has dtype "
                + describe(d.getDataType()) + "; ignored");
          } else {
            out.put(key, value);
          }
        }
      }
      return out;
    }

    private Object metadataValue(Dataset d, String path, String field) throws NirFormatException {
      DataType t = d.getDataType();
      if (isString(t)) {
        if (d.isScalar()) {
          return stringValue(d, path, field);
        }
        checkedSize(d, path, field);
        if (d.getSize() == 0) {
          return List.of();
        }
        Object flat = d.getDataFlat();
        return flat instanceof String[] a ? List.of(a) : null;
      }
      boolean numeric = t instanceof FloatingPoint || t instanceof FixedPoint
          || t instanceof EnumDataType || t instanceof BitField;
      if (!numeric) {
        return null;
      }
      Numeric n = numeric(d, path, field);
      if (!d.isScalar()) {
        return Tensor.of(n.shape, n.data);
      }
      double v = n.data[0];
      if (t instanceof EnumDataType || t instanceof BitField || isTaggedBool(d)) {
        return v != 0;
      }
      if (t instanceof FixedPoint) {
        Object raw = d.getData();
        if (raw instanceof BigInteger b) {
          return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
        }
        return ((Number) raw).longValue();
      }
      return v;
    }

    private boolean isTaggedBool(Dataset d) {
      Attribute a = d.getAttributes().get(BOOL_ATTRIBUTE);
      return a != null && "bool".equals(String.valueOf(a.getData()));
    }

    // ---------------------------------------------------------------- helpers

    private static boolean isString(DataType t) {
      return t instanceof StringData
          || (t instanceof VariableLength v && v.isVariableLengthString());
    }

    /** h5py lists group members in name order; NIR's dicts (and so node order) follow it. */
    private static Map<String, Node> sortedChildren(Group g) {
      return new TreeMap<>(g.getChildren());
    }

    private static List<String> sortedNames(Group g) {
      return new ArrayList<>(new TreeMap<>(g.getChildren()).keySet());
    }

    private static String nodeText(String path) {
      return path.isEmpty() ? "root graph" : "node '" + path + "'";
    }

    NirFormatException error(String path, String field, String what) {
      return new NirFormatException(file + ": " + nodeText(path)
          + (field == null ? "" : " field '" + field + "'") + ": " + what);
    }
  }
}
