package org.nirfpga.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nirfpga.nir.NirfpgaException;

/**
 * What the co-simulation needs from an RTL folder's {@code manifest.json}: the top module, its
 * clock and reset, the event streams' layouts, the debug port and the layers in pipeline order.
 *
 * @param dir the RTL folder
 * @param top the top module
 * @param source the graph file the RTL was generated from (a file name)
 * @param clock the clock input's Verilog name
 * @param resetN the active-low reset input's Verilog name, or null
 * @param input the first input event stream
 * @param output the first output event stream
 * @param debug the debug port
 * @param layers the layers in pipeline order
 * @param json the whole manifest
 */
public record Manifest(Path dir, String top, String source, String clock, String resetN,
    Events input, Events output, Debug debug, List<Layer> layers, JsonNode json) {
  public Manifest {
    layers = List.copyOf(layers);
  }

  /** The manifest's file name inside an RTL folder. */
  public static final String FILE = "manifest.json";

  /**
   * One event stream: payloads are {@code {eot, address, value}}.
   *
   * @param node the NIR node the events belong to
   * @param size addresses (neurons or input elements)
   * @param addressBits address width
   * @param valueBits value width (0 for plain spike events)
   * @param spikes true for spike events, false for a readout's values
   * @param fracBits fractional bits of an input's value codes (value = code / 2^fracBits)
   */
  public record Events(String node, int size, int addressBits, int valueBits, boolean spikes,
      int fracBits) {
    /** A stream whose values, if any, are whole numbers. */
    public Events(String node, int size, int addressBits, int valueBits, boolean spikes) {
      this(node, size, addressBits, valueBits, spikes, 0);
    }

    /** The end-of-step marker's payload. */
    public long eot() {
      return 1L << (addressBits + valueBits);
    }
  }

  /**
   * One of the top's event streams with its port prefix.
   *
   * @param port the Verilog port prefix: {@code in}, {@code in_<k>}, {@code out}, {@code out_<k>}
   * @param source for an output, the layer whose events it carries; for an input, its node
   * @param events the payload layout; {@code events.node()} is the NIR Input or Output node
   */
  public record EventStream(String port, String source, Events events) {}

  /**
   * The debug port: {@code dbg_layer_i}, {@code dbg_addr_i} in, {@code dbg_v_o} out.
   *
   * @param layerBits width of the layer select
   * @param addressBits width of the neuron address
   * @param vBits width of the value read
   * @param latencyCycles clocks from address to data
   */
  public record Debug(int layerBits, int addressBits, int vBits, int latencyCycles) {}

  /**
   * One layer.
   *
   * @param index pipeline position (the debug port's layer select)
   * @param node NIR node path
   * @param type NIR node type
   * @param neurons neurons
   * @param sourceSize addresses of the events feeding it
   * @param weightWords weight memory words
   * @param vFormat the v format, e.g. {@code s16.9}
   */
  public record Layer(int index, String node, String type, int neurons, int sourceSize,
      int weightWords, String vFormat) {
    /** Whether the layer keeps a synaptic current I (CubaLI, CubaLIF), read with dbg_var_i = 1. */
    public boolean hasCurrent() {
      return type.equals("CubaLI") || type.equals("CubaLIF");
    }
  }

  /** Reads {@code <dir>/manifest.json}. */
  public static Manifest read(Path dir) throws NirfpgaException {
    Path file = dir.resolve(FILE);
    JsonNode m;
    try {
      m = new ObjectMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new NirfpgaException(file + ": cannot read the RTL manifest (" + e.getMessage()
          + "); an RTL folder is what 'nirfpga compile' writes");
    }
    if (!"nirfpga-rtl".equals(m.path("format").asText())) {
      throw new NirfpgaException(file + ": field 'format' is '" + m.path("format").asText()
          + "', expected 'nirfpga-rtl'");
    }
    String top = text(m, "top", file);
    JsonNode ports = need(m, "ports", file);
    String clock = ports.path("clk_i").asText(null);
    if (clock == null) {
      throw new NirfpgaException(file + ": field 'ports' has no clock 'clk_i'");
    }
    String resetN = ports.path("rst_ni").asText(null);
    JsonNode ev = need(m, "events", file);
    JsonNode in = need(ev, "input", file);
    JsonNode out = need(ev, "output", file);
    Events input = new Events(text(in, "node", file), integer(in, "size", file),
        integer(in, "address_bits", file), in.path("value_bits").asInt(0), true,
        in.path("value_frac_bits").asInt(0));
    // "node" is the NIR Output node; outputLayer() names the layer that drives it.
    Events output = new Events(text(out, "node", file), integer(out, "size", file),
        integer(out, "address_bits", file), out.path("value_bits").asInt(0),
        !"values".equals(out.path("kind").asText("spikes")));
    JsonNode d = need(m, "debug", file);
    Debug debug = new Debug(integer(d, "layer_bits", file), integer(d, "address_bits", file),
        integer(d, "v_bits", file), d.path("latency_cycles").asInt(1));
    List<Layer> layers = new ArrayList<>();
    for (JsonNode l : need(m, "layers", file)) {
      layers.add(new Layer(integer(l, "index", file), text(l, "node", file),
          text(l, "type", file), integer(l, "neurons", file), l.path("source_size").asInt(0),
          l.path("weight_words").asInt(0), l.path("v_format").asText("")));
    }
    if (layers.isEmpty()) {
      throw new NirfpgaException(file + ": field 'layers' is empty");
    }
    return new Manifest(dir, top, m.path("source").asText(""), clock, resetN, input, output,
        debug, layers, m);
  }

  /**
   * The layer whose events leave through the output stream: {@code events.output.source} when
   * the manifest names it (the output stream's node is then the NIR Output node), else the
   * output stream's node.
   */
  public String outputLayer() {
    return json.path("events").path("output").path("source").asText(output.node());
  }

  /** Input event streams the top has ({@code events.inputs}; 1 when the manifest lists none). */
  public int inputStreams() {
    return Math.max(1, json.path("events").path("inputs").size());
  }

  /** Output event streams the top has ({@code events.outputs}; 1 when the manifest lists none). */
  public int outputStreams() {
    return Math.max(1, json.path("events").path("outputs").size());
  }

  /**
   * Every input stream in port order ({@code in_0}, {@code in_1}, ..., the golden model's order
   * of Input nodes); a manifest without {@code events.inputs} gives {@link #input()} as
   * {@code in}.
   */
  public List<EventStream> inputs() throws NirfpgaException {
    return streams("inputs", "in", input, input.node(), true);
  }

  /**
   * Every output stream in port order; a manifest without {@code events.outputs} gives
   * {@link #output()} as {@code out}, fed by {@link #outputLayer()}.
   */
  public List<EventStream> outputs() throws NirfpgaException {
    return streams("outputs", "out", output, outputLayer(), false);
  }

  private List<EventStream> streams(String field, String prefix, Events only, String onlySource,
      boolean input) throws NirfpgaException {
    JsonNode list = json.path("events").path(field);
    if (list.size() == 0) {
      return List.of(new EventStream(prefix, onlySource, only));
    }
    Path file = dir.resolve(FILE);
    List<EventStream> out = new ArrayList<>();
    for (JsonNode s : list) {
      Events e = new Events(text(s, "node", file), integer(s, "size", file),
          integer(s, "address_bits", file), s.path("value_bits").asInt(0),
          input || !"values".equals(s.path("kind").asText("spikes")),
          input ? s.path("value_frac_bits").asInt(0) : 0);
      String port = s.path("port").asText(list.size() == 1 ? prefix : prefix + "_" + out.size());
      out.add(new EventStream(port, input ? e.node() : s.path("source").asText(e.node()), e));
    }
    return List.copyOf(out);
  }

  /**
   * The weight image of a design with weights in SPRAM ({@code weight_image}), read from its
   * file in the folder; none when every weight store is initialised by the bitstream.
   *
   * @param port the weight-load stream's port prefix
   * @param addressBits width of the stream's address field
   * @param dataBits width of its data field
   * @param words the image's words in address order
   */
  public record WeightImage(String port, int addressBits, int dataBits, long[] words) {}

  /** The folder's {@link WeightImage}, checked against the manifest, or empty. */
  public Optional<WeightImage> weightImage() throws NirfpgaException {
    return weightImage(json, dir.resolve(FILE));
  }

  /**
   * The {@link WeightImage} that the manifest text {@code manifestText} of {@code manifestFile}
   * names, read beside that file; empty when it names none or is no JSON (it is then only
   * hashed for the identity).
   */
  public static Optional<WeightImage> weightImage(String manifestText, Path manifestFile)
      throws NirfpgaException {
    JsonNode tree;
    try {
      tree = new ObjectMapper().readTree(manifestText);
    } catch (IOException e) {
      return Optional.empty();
    }
    return weightImage(tree, manifestFile);
  }

  /** The {@link WeightImage} that manifest {@code manifest} names, read beside its file. */
  private static Optional<WeightImage> weightImage(JsonNode manifest, Path manifestFile)
      throws NirfpgaException {
    JsonNode w = manifest.get("weight_image");
    if (w == null) {
      return Optional.empty();
    }
    Path dir = manifestFile.toAbsolutePath().getParent();
    int words = integer(w, "words", manifestFile);
    int aw = integer(w, "address_bits", manifestFile);
    int dw = integer(w, "data_bits", manifestFile);
    if (aw < 1 || dw < 1 || aw + dw > 63 || words < 1 || words > (1L << aw)) {
      throw new NirfpgaException(manifestFile + ": field 'weight_image' has " + words
          + " words of " + dw + " bits at " + aw + " address bits; the image needs 1 <= words"
          + " <= 2^address_bits and address_bits + data_bits <= 63");
    }
    Path file = dir.resolve(text(w, "file", manifestFile));
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new NirfpgaException(file + ": cannot read the weight image (" + e.getMessage()
          + "); it is written by 'nirfpga compile --spram'");
    }
    if (lines.size() != words) {
      throw new NirfpgaException(file + ": " + lines.size() + " lines, the manifest's"
          + " weight_image has " + words + " words");
    }
    long[] out = new long[words];
    for (int k = 0; k < words; k++) {
      String line = lines.get(k).strip();
      try {
        out[k] = line.isEmpty() || line.length() > 16 ? -1 : Long.parseUnsignedLong(line, 16);
      } catch (NumberFormatException e) {
        out[k] = -1;
      }
      if (out[k] < 0 || (out[k] >>> dw) != 0) {
        throw new NirfpgaException(file + ": line " + (k + 1) + ": '" + line + "' is not a hex"
            + " word of " + dw + " bits");
      }
    }
    return Optional.of(new WeightImage(w.path("port").asText("wl"), aw, dw, out));
  }

  /** The {@code quantization} object as JSON text, or null when the manifest has none. */
  public String quantizationJson() {
    JsonNode q = json.get("quantization");
    return q == null ? null : q.toString();
  }

  /**
   * Clock cycles one step may take before the design counts as stuck: twice the worst case of
   * the manifest's cycle model (every input element an event, every weight word read, every
   * neuron spiking), plus the reset's initialization, plus a margin. Without a cycle model the
   * generator's layer engine costs are assumed.
   */
  public long cycleBudget() {
    JsonNode k = json.path("cycle_model").path("constants");
    long perEvent = k.path("per_input_event").asLong(2);
    long perWord = k.path("per_weight_word").asLong(3);
    long perNeuron = k.path("per_neuron").asLong(2);
    long perOut = k.path("per_output_event").asLong(1);
    long perStep = k.path("per_step").asLong(2);
    long init = k.path("init_per_neuron").asLong(2);
    long worst = 0;
    long reset = 0;
    for (Layer l : layers) {
      worst += perEvent * Math.max(1, l.sourceSize()) + perWord * l.weightWords()
          + (perNeuron + perOut) * l.neurons() + perStep;
      reset = Math.max(reset, init * l.neurons());
    }
    return 2 * (worst + reset) + 1000;
  }

  private static JsonNode need(JsonNode n, String field, Path file) throws NirfpgaException {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new NirfpgaException(file + ": field '" + field + "' is missing");
    }
    return v;
  }

  private static String text(JsonNode n, String field, Path file) throws NirfpgaException {
    return need(n, field, file).asText();
  }

  private static int integer(JsonNode n, String field, Path file) throws NirfpgaException {
    JsonNode v = need(n, field, file);
    if (!v.canConvertToInt()) {
      throw new NirfpgaException(file + ": field '" + field + "' is " + v + ", not an integer");
    }
    return v.asInt();
  }
}
