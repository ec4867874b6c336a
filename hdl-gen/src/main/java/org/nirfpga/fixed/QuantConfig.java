package org.nirfpga.fixed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nirfpga.nir.NirfpgaException;

/**
 * A graph's quantization: the preset and dt it was made for, the event range of each input port
 * and the fixed-point formats of each neuron layer, keyed by NIR node path. Saved as JSON with a
 * fixed key order, so the same config always gives the same bytes.
 */
public record QuantConfig(String preset, double dtSeconds, Map<String, EventRange> inputs,
    Map<String, LayerQuant> layers) {
  /** Value of the JSON {@code format} field. */
  public static final String FORMAT = "nirfpga-quant";
  /** Value of the JSON {@code version} field this code writes and reads. */
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public QuantConfig {
    Objects.requireNonNull(preset, "preset");
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
  }

  /** A copy with one layer replaced. */
  public QuantConfig withLayer(String path, LayerQuant layer) {
    Map<String, LayerQuant> m = new LinkedHashMap<>(layers);
    m.put(path, layer);
    return new QuantConfig(preset, dtSeconds, inputs, m);
  }

  /**
   * One line per input and layer for a terminal, e.g. {@code layer lif1 (LIF) weight s8.10 acc
   * s12.10 v s16.12 decay multiply/12 half-even saturate}.
   */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    inputs.forEach((k, r) -> sb.append("input ").append(k).append(" events ").append(r.min())
        .append("..").append(r.max()).append(r.fracBits() == 0 ? "" : " / 2^" + r.fracBits())
        .append('\n'));
    layers.forEach((k, l) -> {
      sb.append("layer ").append(k).append(" (").append(l.type()).append(") weight ")
          .append(l.weight()).append(" acc ").append(l.accumulator()).append(" v ").append(l.v());
      if (l.current() != null) {
        sb.append(" current ").append(l.current());
      }
      sb.append(" decay ").append(l.decay().key());
      if (l.decay() == DecayEncoding.MULTIPLY) {
        sb.append('/').append(l.decayFracBits());
      }
      sb.append(' ').append(l.rounding().key()).append(' ').append(l.overflow().key());
      if (l.maxSpikes() > 1) {
        sb.append(" max-spikes ").append(l.maxSpikes());
      }
      sb.append('\n');
    });
    return sb.toString();
  }

  /** The config as pretty-printed JSON ending in a newline; keys in a fixed order. */
  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("preset", preset);
    root.put("dt", dtSeconds);
    ObjectNode in = root.putObject("inputs");
    inputs.forEach((k, r) -> {
      ObjectNode o = in.putObject(k);
      o.put("min_event", r.min());
      o.put("max_event", r.max());
      o.put("frac", r.fracBits());
    });
    ObjectNode ls = root.putObject("layers");
    layers.forEach((k, l) -> {
      ObjectNode o = ls.putObject(k);
      o.put("type", l.type());
      ArrayNode syn = o.putArray("synapses");
      l.synapses().forEach(syn::add);
      format(o.putObject("weight"), l.weight());
      format(o.putObject("accumulator"), l.accumulator());
      format(o.putObject("v"), l.v());
      if (l.current() != null) {
        format(o.putObject("current"), l.current());
      }
      ObjectNode d = o.putObject("decay");
      d.put("encoding", l.decay().key());
      d.put("frac", l.decayFracBits());
      o.put("rounding", l.rounding().key());
      o.put("overflow", l.overflow().key());
      o.put("max_spikes", l.maxSpikes());
    });
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void format(ObjectNode o, FixedFormat f) {
    o.put("bits", f.totalBits());
    o.put("frac", f.fracBits());
  }

  /**
   * Parses and validates a config; every error names {@code source}, the JSON path of the field,
   * the value and the rule, e.g. {@code q.json: layers.lif1.v.bits = 70: must be 2..48}.
   */
  public static QuantConfig fromJson(String json, String source) throws NirfpgaException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new NirfpgaException(source + ": not valid JSON: " + e.getOriginalMessage());
    }
    Reader r = new Reader(source);
    r.object(root, "");
    r.keys(root, "", Set.of("format", "version", "preset", "dt", "inputs", "layers"));
    String format = r.text(root, "", "format");
    if (!FORMAT.equals(format)) {
      throw r.error("format", "\"" + format + "\"", "must be \"" + FORMAT + "\"");
    }
    r.integer(root, "", "version", VERSION, VERSION);
    String preset = r.text(root, "", "preset");
    JsonNode dtNode = r.field(root, "", "dt");
    if (!dtNode.isNumber() || !(dtNode.asDouble() > 0) || !Double.isFinite(dtNode.asDouble())) {
      throw r.error("dt", dtNode.toString(), "must be a positive number of seconds");
    }
    Map<String, EventRange> inputs = new LinkedHashMap<>();
    JsonNode in = r.field(root, "", "inputs");
    r.object(in, "inputs");
    for (Map.Entry<String, JsonNode> e : in.properties()) {
      String p = "inputs." + e.getKey();
      r.object(e.getValue(), p);
      r.keys(e.getValue(), p, Set.of("min_event", "max_event", "frac"));
      long lo = r.integer(e.getValue(), p, "min_event", -EventRange.LIMIT, EventRange.LIMIT);
      long hi = r.integer(e.getValue(), p, "max_event", -EventRange.LIMIT, EventRange.LIMIT);
      if (lo > hi) {
        throw r.error(p + ".max_event", Long.toString(hi), "must be >= min_event " + lo);
      }
      int frac = (int) r.integer(e.getValue(), p, "frac", 0, 20);
      inputs.put(e.getKey(), new EventRange(lo, hi, frac));
    }
    Map<String, LayerQuant> layers = new LinkedHashMap<>();
    JsonNode ls = r.field(root, "", "layers");
    r.object(ls, "layers");
    for (Map.Entry<String, JsonNode> e : ls.properties()) {
      layers.put(e.getKey(), r.layer(e.getValue(), "layers." + e.getKey()));
    }
    return new QuantConfig(preset, dtNode.asDouble(), inputs, layers);
  }

  /** Field access with errors that name the source file and the JSON path. */
  private static final class Reader {
    private final String source;

    Reader(String source) {
      this.source = source;
    }

    NirfpgaException error(String path, String value, String rule) {
      return new NirfpgaException(source + ": " + path + " = " + value + ": " + rule);
    }

    private static String join(String parent, String key) {
      return parent.isEmpty() ? key : parent + "." + key;
    }

    void object(JsonNode n, String path) throws NirfpgaException {
      if (!n.isObject()) {
        throw new NirfpgaException(source + ": " + (path.isEmpty() ? "the document" : path)
            + " must be a JSON object, found " + n.getNodeType().toString().toLowerCase());
      }
    }

    void keys(JsonNode n, String path, Set<String> allowed) throws NirfpgaException {
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!allowed.contains(k)) {
          List<String> sorted = new ArrayList<>(allowed);
          Collections.sort(sorted);
          throw new NirfpgaException(source + ": unknown field " + join(path, k)
              + "; allowed here: " + String.join(", ", sorted));
        }
      }
    }

    JsonNode field(JsonNode n, String path, String key) throws NirfpgaException {
      JsonNode v = n.get(key);
      if (v == null || v.isNull()) {
        throw new NirfpgaException(source + ": missing field " + join(path, key));
      }
      return v;
    }

    String text(JsonNode n, String path, String key) throws NirfpgaException {
      JsonNode v = field(n, path, key);
      if (!v.isTextual()) {
        throw error(join(path, key), v.toString(), "must be a string");
      }
      return v.asText();
    }

    long integer(JsonNode n, String path, String key, long min, long max)
        throws NirfpgaException {
      JsonNode v = field(n, path, key);
      if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
        throw error(join(path, key), v.toString(), "must be an integer in " + min + ".." + max);
      }
      return v.asLong();
    }

    FixedFormat format(JsonNode n, String path, String key) throws NirfpgaException {
      JsonNode f = field(n, path, key);
      String p = join(path, key);
      object(f, p);
      keys(f, p, Set.of("bits", "frac"));
      int bits = (int) integer(f, p, "bits", 2, FixedFormat.MAX_BITS);
      int frac = (int) integer(f, p, "frac", -FixedFormat.MAX_FRAC, FixedFormat.MAX_FRAC);
      return new FixedFormat(bits, frac);
    }

    LayerQuant layer(JsonNode n, String p) throws NirfpgaException {
      object(n, p);
      keys(n, p, Set.of("type", "synapses", "weight", "accumulator", "v", "current", "decay",
          "rounding", "overflow", "max_spikes"));
      String type = text(n, p, "type");
      JsonNode syn = field(n, p, "synapses");
      if (!syn.isArray()) {
        throw error(p + ".synapses", syn.toString(), "must be an array of node paths");
      }
      List<String> synapses = new ArrayList<>();
      for (JsonNode s : syn) {
        if (!s.isTextual()) {
          throw error(p + ".synapses", syn.toString(), "must be an array of node paths");
        }
        synapses.add(s.asText());
      }
      FixedFormat weight = format(n, p, "weight");
      FixedFormat acc = format(n, p, "accumulator");
      if (acc.fracBits() != weight.fracBits()) {
        throw error(p + ".accumulator.frac", Integer.toString(acc.fracBits()),
            "must equal weight.frac " + weight.fracBits() + " (weights add into it unshifted)");
      }
      if (acc.totalBits() < weight.totalBits()) {
        throw error(p + ".accumulator.bits", Integer.toString(acc.totalBits()),
            "must be at least weight.bits " + weight.totalBits());
      }
      FixedFormat v = format(n, p, "v");
      boolean cuba = type.equals("CubaLIF") || type.equals("CubaLI");
      FixedFormat current = null;
      if (cuba) {
        current = format(n, p, "current");
      } else if (n.has("current")) {
        throw new NirfpgaException(source + ": " + p + ".current is only for CubaLI and"
            + " CubaLIF layers, this layer is " + type);
      }
      JsonNode d = field(n, p, "decay");
      object(d, p + ".decay");
      keys(d, p + ".decay", Set.of("encoding", "frac"));
      String enc = text(d, p + ".decay", "encoding");
      DecayEncoding decay = DecayEncoding.ofKey(enc);
      if (decay == null) {
        throw error(p + ".decay.encoding", "\"" + enc + "\"", "must be multiply or shift");
      }
      int dfrac = (int) integer(d, p + ".decay", "frac", 1, LayerQuant.MAX_DECAY_FRAC);
      int widest = Math.max(v.totalBits(), current == null ? 0 : current.totalBits());
      if (decay == DecayEncoding.MULTIPLY && widest + dfrac > 62) {
        throw error(p + ".decay.frac", Integer.toString(dfrac), "state width " + widest
            + " plus decay.frac must be at most 62 so the product fits 64 bits");
      }
      String rk = text(n, p, "rounding");
      Rounding rounding = Rounding.ofKey(rk);
      if (rounding == null) {
        throw error(p + ".rounding", "\"" + rk + "\"", "must be floor, half-up or half-even");
      }
      String ok = text(n, p, "overflow");
      Overflow overflow = Overflow.ofKey(ok);
      if (overflow == null) {
        throw error(p + ".overflow", "\"" + ok + "\"", "must be saturate or wrap");
      }
      int maxSpikes = (int) integer(n, p, "max_spikes", 1, 1 << 16);
      return new LayerQuant(type, synapses, weight, acc, v, current, decay, dfrac, rounding,
          overflow, maxSpikes);
    }
  }
}
