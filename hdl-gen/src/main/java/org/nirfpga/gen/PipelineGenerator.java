package org.nirfpga.gen;

import static org.nirfpga.hdl.Hdl.lit;
import static org.nirfpga.hdl.Hdl.mux;
import static org.nirfpga.hdl.Hdl.sint;
import static org.nirfpga.hdl.Hdl.uint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nirfpga.fixed.DecayEncoding;
import org.nirfpga.fixed.EventRange;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.Stream;
import org.nirfpga.hdl.emit.EmittedDesign;
import org.nirfpga.hdl.emit.VerilogEmitter;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.I;
import org.nirfpga.nir.graph.IF;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LI;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.ref.Contract;

/**
 * Turns a dense feed-forward graph (Input → (Linear|Affine) → (LIF|IF) → ... → Output, the last
 * layer may be a non-spiking LI or I readout) into a chain of layer engines behind one streaming top module, bit-exact with the golden model.
 * Anything else is refused with a {@link NirfpgaException} naming the node.
 */
public final class PipelineGenerator {
  /** Version written into every file header. */
  public static final String VERSION = "0.1.0";

  private PipelineGenerator() {}

  /**
   * The pipeline of {@code graph} with the formats of {@code config}.
   *
   * @param graph the NIR graph
   * @param config its quantization config
   * @param contract the discrete-time contract the golden model runs with
   * @param source the source name written into file headers (a file name, not a path)
   * @param topName the top module's name
   */
  public static GeneratedPipeline generate(NirGraph graph, QuantConfig config, Contract contract,
      String source, String topName) throws NirfpgaException {
    checkNodes(graph, source);
    GoldenModel golden = GoldenModel.create(graph, config, contract);
    Map<String, Integer> inputs = golden.inputSizes();
    if (inputs.size() != 1) {
      throw new NirfpgaException(source + ": the graph has " + inputs.size() + " input nodes; the"
          + " RTL generator supports exactly one for now");
    }
    String inputPath = inputs.keySet().iterator().next();
    EventRange range = config.inputs().get(inputPath);
    if (range.min() < 0 || range.max() > 1 || range.fracBits() != 0) {
      throw new NirfpgaException(source + ": input '" + inputPath + "' carries events in ["
          + range.min() + ", " + range.max() + "]; the RTL generator supports binary spikes"
          + " (0/1) only for now");
    }
    List<LayerConstants> consts = golden.constants();
    List<LayerInfo> infos = new ArrayList<>();
    List<Module> modules = new ArrayList<>();
    String prev = inputPath;
    int prevSize = inputs.get(inputPath);
    for (int i = 0; i < consts.size(); i++) {
      LayerConstants c = consts.get(i);
      checkLayer(c, prev, contract, source);
      if (!LayerEngine.spiking(c.type()) && i + 1 < consts.size()) {
        throw new NirfpgaException(source + ": node '" + c.path() + "' (" + c.type() + "): its v"
            + " drives the synapses of '" + consts.get(i + 1).path() + "'; the RTL generator"
            + " supports a non-spiking layer only as the last layer for now");
      }
      String name = "layer_" + c.path();
      modules.add(LayerEngine.build(name, c, prevSize, contract));
      int words = 0;
      for (long[] row : c.chains().get(0).weights()) {
        words += row.length;
      }
      int size = c.threshold().length;
      infos.add(new LayerInfo(i, c.path(), c.type(), LayerEngine.spiking(c.type()), size, LayerEngine.addressBits(size), prev,
          prevSize, c.quant().v(), words, name));
      prev = c.path();
      prevSize = size;
    }
    checkOutput(graph, prev, source);

    // ---- top: input stream -> layer 0 -> ... -> layer n-1 -> output stream
    Module top = new Module(topName);
    int awIn = LayerEngine.addressBits(inputs.get(inputPath));
    Stream in = top.streamIn("in", uint(1 + awIn));
    LayerInfo lastLayer = infos.get(infos.size() - 1);
    Stream out = top.streamOut("out", uint(1 + lastLayer.addressBits() + lastLayer.valueBits()));
    int layerBits = LayerEngine.addressBits(infos.size());
    int dbgAw = 1;
    int dbgVb = 2;
    for (LayerInfo l : infos) {
      dbgAw = Math.max(dbgAw, l.addressBits());
      dbgVb = Math.max(dbgVb, l.v().totalBits());
    }
    Signal dbgLayer = top.input("dbg_layer_i", uint(layerBits));
    Signal dbgAddr = top.input("dbg_addr_i", uint(dbgAw));
    Signal dbgV = top.output("dbg_v_o", sint(dbgVb));
    Signal satAcc = top.output("sat_acc_o", uint(LayerEngine.COUNTER_BITS));
    Signal satV = top.output("sat_v_o", uint(LayerEngine.COUNTER_BITS));
    Signal timestep = top.output("timestep_o", uint(LayerEngine.COUNTER_BITS));
    // The layers' debug reads take one clock; the select follows them by one clock too.
    Signal dbgSel = top.regNext("dbg_sel", dbgLayer, 0);
    List<Instance> insts = new ArrayList<>();
    Stream upstream = in;
    Expr dbg = lit(0, sint(dbgVb));
    Expr accCount = lit(0, uint(LayerEngine.COUNTER_BITS));
    Expr vCount = lit(0, uint(LayerEngine.COUNTER_BITS));
    for (int i = 0; i < modules.size(); i++) {
      Instance u = top.instance(infos.get(i).path(), modules.get(i));
      top.connect(upstream, u.stream("in"));
      u.connect("dbg_addr_i", dbgAddr.truncate(infos.get(i).addressBits()));
      dbg = mux(dbgSel.eq(i), u.port("dbg_v_o").resize(dbgVb), dbg);
      accCount = mux(dbgSel.eq(i), u.port("sat_acc_o"), accCount);
      vCount = mux(dbgSel.eq(i), u.port("sat_v_o"), vCount);
      upstream = u.stream("out");
      insts.add(u);
    }
    top.connect(upstream, out);
    dbgV.set(dbg);
    satAcc.set(accCount);
    satV.set(vCount);
    // Steps completed: end-of-step markers that left the last layer.
    Signal steps = top.reg("steps", uint(LayerEngine.COUNTER_BITS), 0);
    top.when(upstream.fire().and(upstream.payload().msb()),
        () -> steps.set(steps.add(1).truncate(LayerEngine.COUNTER_BITS)));
    timestep.set(steps);
    top.build();
    EmittedDesign design = new VerilogEmitter(VERSION, source).emit(top);
    String manifest = manifest(design, config, infos, inputPath, inputs.get(inputPath), awIn,
        dbgAw, layerBits, dbgVb, source, CycleModel.of(consts));
    return new GeneratedPipeline(top, in, out, dbgLayer, dbgAddr, dbgV, satAcc, satV, timestep,
        infos, insts, design,
        manifest);
  }

  private static void checkNodes(NirGraph graph, String source) throws NirfpgaException {
    for (Map.Entry<String, NirNode> e : graph.nodes().entrySet()) {
      NirNode node = e.getValue();
      if (node instanceof Input || node instanceof Output || node instanceof Linear
          || node instanceof Affine || node instanceof LIF || node instanceof IF
          || node instanceof LI || node instanceof I) {
        continue;
      }
      String what = node instanceof NirGraph ? "nested subgraphs"
          : node.getClass().getSimpleName() + " nodes";
      throw new NirfpgaException(source + ": node '" + e.getKey() + "' ("
          + node.getClass().getSimpleName() + "): " + what + " are not supported by the RTL"
          + " generator yet; it supports Input, Linear, Affine, LIF, IF, LI, I and Output");
    }
  }

  private static void checkLayer(LayerConstants c, String expectedSource, Contract contract,
      String source) throws NirfpgaException {
    String at = source + ": node '" + c.path() + "' (" + c.type() + "): ";
    if (c.chains().size() != 1) {
      throw new NirfpgaException(at + "fan-in from " + c.chains().size() + " synapse chains is"
          + " not supported by the RTL generator yet; it needs exactly one Linear/Affine input");
    }
    LayerConstants.Chain ch = c.chains().get(0);
    if (ch.lag() != 0) {
      throw new NirfpgaException(at + "recurrent edge (through " + ch.synapses() + ") is not"
          + " supported by the RTL generator yet");
    }
    if (ch.delay() != null) {
      throw new NirfpgaException(at + "Delay on its input is not supported yet");
    }
    if (!ch.source().equals(expectedSource)) {
      throw new NirfpgaException(at + "is fed by '" + ch.source() + "' but the RTL generator"
          + " supports only a chain fed by the previous layer '" + expectedSource + "'");
    }
    if (c.multiSpike()) {
      throw new NirfpgaException(at + "multi-spike IF (if-mode " + contract.ifMode()
          + ") is not supported by the RTL generator yet");
    }
    if (c.preload().length != 1) {
      throw new NirfpgaException(at + "a bias arriving late is not supported yet");
    }
    long[] shifts = new long[c.shiftV().length];
    for (int i = 0; i < shifts.length; i++) {
      shifts[i] = c.shiftV()[i];
    }
    if (c.quant().decay() == DecayEncoding.SHIFT) {
      uniform(at, "decay shift", shifts);
    }
  }

  private static void uniform(String at, String what, long[] values) throws NirfpgaException {
    for (long x : values) {
      if (x != values[0]) {
        throw new NirfpgaException(at + "per-neuron " + what + " codes differ ("
            + values[0] + " vs " + x + "); the RTL generator supports one shared value per"
            + " layer for now");
      }
    }
  }

  private static void checkOutput(NirGraph graph, String last, String source)
      throws NirfpgaException {
    List<String> outputs = new ArrayList<>();
    for (Map.Entry<String, NirNode> e : graph.nodes().entrySet()) {
      if (e.getValue() instanceof Output) {
        outputs.add(e.getKey());
      }
    }
    if (outputs.size() != 1) {
      throw new NirfpgaException(source + ": the graph has " + outputs.size() + " output nodes;"
          + " the RTL generator supports exactly one for now");
    }
    for (Edge e : graph.edges()) {
      if (e.destination().equals(outputs.get(0)) && !e.source().equals(last)) {
        throw new NirfpgaException(source + ": output '" + outputs.get(0) + "' is fed by '"
            + e.source() + "'; the RTL generator supports only the last layer '" + last
            + "' as output");
      }
    }
  }

  /** A map in the given key order (Map.of's order changes from run to run). */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static String manifest(EmittedDesign design, QuantConfig config, List<LayerInfo> infos,
      String inputPath, int inputSize, int awIn, int dbgAw, int layerBits, int dbgVb,
      String source, CycleModel cycles) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", "nirfpga-rtl");
    m.put("version", 1);
    m.put("generator", VERSION);
    m.put("source", source);
    m.put("top", design.top());
    m.put("files", design.verilogFiles());
    m.put("ports", design.topPorts());
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("layout", "{eot, address, value}: eot (the top bit) = 1 ends a time step (other bits"
        + " 0); value (v code, signed) only on the output of a non-spiking readout");
    ev.put("input", ordered("node", inputPath, "size", inputSize, "address_bits", awIn));
    LayerInfo last = infos.get(infos.size() - 1);
    ev.put("output", ordered("node", last.path(), "size", last.size(), "address_bits",
        last.addressBits(), "kind", last.spiking() ? "spikes" : "values", "value_bits",
        last.valueBits()));
    m.put("events", ev);
    Map<String, Object> dbg = new LinkedHashMap<>();
    dbg.put("layer_bits", layerBits);
    dbg.put("address_bits", dbgAw);
    dbg.put("v_bits", dbgVb);
    dbg.put("latency_cycles", 1);
    dbg.put("status", "sat_acc_o / sat_v_o: saturation events of the selected layer's"
        + " accumulator / v (32-bit, stop at the maximum); timestep_o: steps completed");
    m.put("debug", dbg);
    List<Object> layers = new ArrayList<>();
    for (LayerInfo l : infos) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("index", l.index());
      o.put("node", l.path());
      o.put("type", l.type());
      o.put("module", l.moduleName());
      o.put("neurons", l.size());
      o.put("address_bits", l.addressBits());
      o.put("source", l.source());
      o.put("source_size", l.sourceSize());
      o.put("weight_words", l.weightWords());
      o.put("v_format", l.v().toString());
      o.put("lanes", 1);
      layers.add(o);
    }
    m.put("layers", layers);
    m.put("cycle_model", cycles.toManifest());
    try {
      m.put("quantization", json.readTree(config.toJson()));
      return json.writeValueAsString(m) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("manifest not serializable", e);
    }
  }
}
