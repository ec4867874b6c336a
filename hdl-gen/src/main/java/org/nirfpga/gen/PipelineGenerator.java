package org.nirfpga.gen;

import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.cat;
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
import java.util.Set;
import org.nirfpga.fixed.EventRange;
import org.nirfpga.fixed.FixedMath;
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
import org.nirfpga.hdl.lib.SyncFifo;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.AvgPool2d;
import org.nirfpga.nir.graph.Conv1d;
import org.nirfpga.nir.graph.Conv2d;
import org.nirfpga.nir.graph.Delay;
import org.nirfpga.nir.graph.Flatten;
import org.nirfpga.nir.graph.CubaLI;
import org.nirfpga.nir.graph.CubaLIF;
import org.nirfpga.nir.graph.I;
import org.nirfpga.nir.graph.IF;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LI;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Scale;
import org.nirfpga.nir.graph.SumPool2d;
import org.nirfpga.nir.graph.Threshold;
import org.nirfpga.nir.ref.Contract;

/**
 * Turns a spiking graph into one layer engine per neuron node behind a streaming top module,
 * bit-exact with the golden model: every synapse chain the golden model lowers (Linear, Affine,
 * Conv1d/2d, SumPool2d, AvgPool2d, Flatten, Scale, nested subgraphs) becomes the layer's row and
 * weight tables; sources feed several layers (fan-out), layers take several chains (fan-in),
 * recurrent edges replay a step's events one step later, and graded events (input counts, a
 * readout's v, a multi-spike IF's spike counts) multiply the weights. Neurons are LIF, IF (also
 * Sinabs' multi-spike IF), CubaLIF, LI, I, CubaLI and Threshold, updated by one
 * {@link NeuronCore}. Anything else is refused with a {@link NirfpgaException} naming the node.
 */
public final class PipelineGenerator {
  /** Version written into every file header. */
  public static final String VERSION = "0.2.0";
  /** Width of the top's {@code err_o}: one sticky bit per error kind; unused bits read 0. */
  public static final int ERR_BITS = 8;
  /**
   * Bit of {@code err_o} set when an input event's address was at or past the input's size; the
   * event was accepted and dropped. Cleared only by reset.
   */
  public static final int ERR_INPUT_ADDRESS = 0;
  /**
   * Bit of {@code err_o} that reads 1 while a design with weights in SPRAM waits for its weight
   * image (the inputs take nothing until the image's last word is written). Not sticky: it
   * clears when the image is in; the reset does not set it again, only {@code wl_clear_i}.
   */
  public static final int ERR_WEIGHTS_UNLOADED = 1;

  /**
   * Test only: a system property planting a fault in the guard of out-of-range input addresses,
   * which the tests of that guard must catch: {@code no-drop} builds the top without the guard
   * (such events reach the layers, err_o stays 0), {@code no-flag} drops them but never sets
   * the error bit. Never set outside tests; read at generation time and absent by default.
   */
  static final String TEST_FAULT_ADDRESS_GUARD = "nirfpga.test.fault.address-guard";

  private PipelineGenerator() {}

  /** An event source of the top: an input port or a layer's output stream. */
  private record Source(String path, int size, int addressBits, int valueBits, Stream stream) {
    int width() {
      return 1 + addressBits + valueBits;
    }
  }

  /** A consumer of a source's events: a stream the top must drive. */
  private record Sink(Stream stream) {}

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
    return generate(graph, config, contract, source, topName, Map.of());
  }

  /**
   * The pipeline of {@code graph} with the formats of {@code config} and the given lanes per
   * layer ({@link LanedLayer}; 1 where a layer is not named).
   *
   * @param graph the NIR graph
   * @param config its quantization config
   * @param contract the discrete-time contract the golden model runs with
   * @param source the source name written into file headers (a file name, not a path)
   * @param topName the top module's name
   * @param lanes neuron node path -> lanes: a power of two up to {@link Lanes#MAX}, at most the
   *     layer's neurons
   */
  public static GeneratedPipeline generate(NirGraph graph, QuantConfig config, Contract contract,
      String source, String topName, Map<String, Integer> lanes) throws NirfpgaException {
    return generate(graph, config, contract, source, topName, lanes, Set.of());
  }

  /**
   * The pipeline of {@code graph} with the given lanes per layer and ping-pong accumulators in
   * the layers named in {@code pingPong} ({@link LayerEngine}: a layer's synapse work of step
   * t + 1 overlaps its neuron scan of step t, for a second accumulator memory).
   *
   * @param pingPong neuron node paths of the layers with two accumulator banks
   */
  public static GeneratedPipeline generate(NirGraph graph, QuantConfig config, Contract contract,
      String source, String topName, Map<String, Integer> lanes, Set<String> pingPong)
      throws NirfpgaException {
    return generate(graph, config, contract, source, topName, lanes, pingPong, Set.of());
  }

  /**
   * The pipeline with the given lanes and ping-pong accumulators, and the weight words of the
   * layers named in {@code spram} in single-port memories without initial contents (iCE40
   * SPRAM): the top then has a weight-load stream {@code wl} ({@code {address, word}} of the
   * {@link WeightImage}) and an input {@code wl_clear_i}, and takes no input event until the
   * image's last word has been written. The reset leaves the weights loaded; {@code wl_clear_i}
   * (the power-on reset) asks for them again.
   *
   * @param spram neuron node paths of the layers whose weights live in SPRAM
   */
  public static GeneratedPipeline generate(NirGraph graph, QuantConfig config, Contract contract,
      String source, String topName, Map<String, Integer> lanes, Set<String> pingPong,
      Set<String> spram) throws NirfpgaException {
    checkNodes(graph, source);
    GoldenModel golden = GoldenModel.create(graph, config, contract);
    Map<String, Integer> inputs = golden.inputSizes();
    Map<String, String> outputs = golden.outputSources();
    List<LayerConstants> consts = golden.constants();
    if (consts.isEmpty()) {
      throw new NirfpgaException(source + ": the graph has no neuron node; the RTL generator"
          + " needs at least one layer");
    }
    Map<String, LayerConstants> byPath = new LinkedHashMap<>();
    for (LayerConstants c : consts) {
      byPath.put(c.path(), c);
    }
    checkLanes(lanes, byPath, source);
    for (String path : pingPong) {
      if (!byPath.containsKey(path)) {
        throw new NirfpgaException(source + ": ping-pong accumulators for '" + path + "', which"
            + " is no neuron node of the graph; its layers are "
            + String.join(", ", byPath.keySet()));
      }
    }
    for (String path : spram) {
      if (!byPath.containsKey(path)) {
        throw new NirfpgaException(source + ": SPRAM weights for '" + path + "', which is no"
            + " neuron node of the graph; its layers are " + String.join(", ", byPath.keySet()));
      }
    }
    for (Map.Entry<String, String> o : outputs.entrySet()) {
      if (!byPath.containsKey(o.getValue())) {
        throw new NirfpgaException(source + ": output '" + o.getKey() + "' is fed straight by"
            + " input '" + o.getValue() + "'; the RTL generator needs a layer in between");
      }
    }

    // ---- the top's ports: one input stream per Input node, one output per Output node
    Module top = new Module(topName);
    Map<String, Source> sources = new LinkedHashMap<>();
    List<EventPort> inPorts = new ArrayList<>();
    // An out-of-range event taken this cycle on any input (null: no input can have one).
    Expr dropped = null;
    // With weights in SPRAM: whether the weight image is in (no reset; wl_clear_i clears it).
    Signal loaded = spram.isEmpty() ? null : top.regNoReset("weights_loaded", bool());
    int k = 0;
    for (Map.Entry<String, Integer> in : inputs.entrySet()) {
      EventRange range = config.inputs().get(in.getKey());
      boolean binary = range.min() >= 0 && range.max() <= 1 && range.fracBits() == 0;
      int vb = binary ? 0 : FixedMath.signedBitsFor(range.min(), range.max());
      int aw = LayerEngine.addressBits(in.getValue());
      String prefix = inputs.size() == 1 ? "in" : "in_" + k;
      Stream s = top.streamIn(prefix, uint(1 + aw + vb));
      Stream open = s;
      if (loaded != null) {
        // No event enters before the weights are in.
        open = new Stream(top.wire(prefix + "_open_valid", s.valid().and(loaded)),
            top.wire(prefix + "_open_ready", bool()), s.payload());
        top.assign(s.ready(), open.ready().and(loaded));
      }
      Stream feed = open;
      String fault = System.getProperty(TEST_FAULT_ADDRESS_GUARD, "");
      if ((1L << aw) > in.getValue() && !fault.equals("no-drop")) {
        // The address field can name a row past the input's last one (another chain's rows,
        // or past the table): such an event is taken (the stream never stalls on it), dropped
        // and flagged. End-of-step markers carry address 0 and pass.
        Signal bad = top.wire(prefix + "_addr_bad", s.payload().bit(aw + vb).not()
            .and(s.payload().slice(aw + vb - 1, vb).ge(in.getValue())));
        feed = new Stream(top.wire(prefix + "_kept_valid", open.valid().and(bad.not())),
            top.wire(prefix + "_kept_ready", bool()), s.payload());
        top.assign(open.ready(), feed.ready().or(bad));
        Expr now = fault.equals("no-flag") ? lit(0, uint(1)) : open.valid().and(bad);
        dropped = dropped == null ? now : dropped.or(now);
      }
      sources.put(in.getKey(), new Source(in.getKey(), in.getValue(), aw, vb, feed));
      inPorts.add(new EventPort(in.getKey(), prefix, s, in.getValue(), aw, vb,
          range.fracBits(), in.getKey(), binary));
      k++;
    }

    // ---- one engine per layer; its chains in the golden model's accumulation order
    List<LayerInfo> infos = new ArrayList<>();
    List<Instance> insts = new ArrayList<>();
    List<List<ChainInput>> chainInputs = new ArrayList<>();
    Map<String, int[]> sizes = new LinkedHashMap<>();
    List<WeightImage.Part> parts = new ArrayList<>();
    List<Instance> spramInsts = new ArrayList<>();
    for (Map.Entry<String, Integer> in : inputs.entrySet()) {
      sizes.put(in.getKey(), new int[] {in.getValue(), sources.get(in.getKey()).valueBits()});
    }
    for (LayerConstants c : consts) {
      // A layer's events carry nothing (spikes), a spike count (multi-spike IF) or its v.
      sizes.put(c.path(), new int[] {c.threshold().length, NeuronCore.valueBits(c)});
    }
    for (int i = 0; i < consts.size(); i++) {
      LayerConstants c = consts.get(i);
      checkLayer(c, contract, source);
      List<ChainInput> ci = new ArrayList<>();
      for (LayerConstants.Chain ch : c.chains()) {
        int[] sz = sizes.get(ch.source());
        ci.add(new ChainInput(ch.source(), sz[0], sz[1], ch.lag()));
      }
      chainInputs.add(ci);
      String name = "layer_" + c.path();
      int laneCount = lanes.getOrDefault(c.path(), 1);
      boolean twoBanks = pingPong.contains(c.path());
      boolean inSpram = spram.contains(c.path());
      Module mod = laneCount == 1
          ? LayerEngine.build(name, c, ci, contract, false, twoBanks, inSpram)
          : LanedLayer.build(name, c, ci, contract, laneCount, twoBanks, inSpram);
      int size = c.threshold().length;
      SynapseTables tables = SynapseTables.of(c, ci);
      LayerInfo info = new LayerInfo(i, c.path(), c.type(), LayerEngine.spiking(c.type()), size,
          LayerEngine.addressBits(size), ci.get(0).source(), ci.get(0).sourceSize(),
          c.quant().v(), tables.words(), name,
          NeuronCore.hasCurrent(c) ? c.quant().current() : null,
          c.multiSpike() ? NeuronCore.countBits(c) : 0);
      infos.add(info);
      Instance u = top.instance(c.path(), mod);
      insts.add(u);
      if (inSpram) {
        spramInsts.add(u);
        List<long[]> words = WeightImage.engineWords(c, ci, laneCount);
        if (words.stream().allMatch(w -> w.length == 0)) {
          throw new NirfpgaException(source + ": SPRAM weights for '" + c.path() + "', which"
              + " stores no weight word (every weight is zero); leave it out of --spram");
        }
        int at = parts.isEmpty() ? 0 : parts.get(parts.size() - 1).base()
            + parts.get(parts.size() - 1).words().length;
        for (int g = 0; g < laneCount; g++) {
          parts.add(new WeightImage.Part(c.path(), g, at, words.get(g),
              LayerEngine.addressBits(Lanes.size(size, laneCount, g))
                  + c.quant().weight().totalBits()));
          at += words.get(g).length;
        }
      }
      sources.put(c.path(), new Source(c.path(), size, info.addressBits(), info.valueBits(),
          u.stream("out")));
    }

    // ---- output ports
    List<EventPort> outPorts = new ArrayList<>();
    Map<String, List<Sink>> sinks = new LinkedHashMap<>();
    for (String s : sources.keySet()) {
      sinks.put(s, new ArrayList<>());
    }
    k = 0;
    for (Map.Entry<String, String> o : outputs.entrySet()) {
      Source s = sources.get(o.getValue());
      LayerInfo l = infos.get(indexOf(consts, o.getValue()));
      String prefix = outputs.size() == 1 ? "out" : "out_" + k;
      Stream st = top.streamOut(prefix, uint(s.width()));
      outPorts.add(new EventPort(o.getKey(), prefix, st, s.size(), s.addressBits(),
          s.valueBits(), 0, o.getValue(), l.spiking()));
      sinks.get(o.getValue()).add(new Sink(st));
      k++;
    }
    if (outPorts.isEmpty()) {
      throw new NirfpgaException(source + ": the graph has no output node; the RTL generator"
          + " needs one to stream events out");
    }

    // ---- links: a source with one consumer that takes one chain is wired straight; every
    // other link gets a FIFO that holds a whole step of the source's events, so no producer
    // waits on a consumer that is busy with another chain or another step (no deadlock). The
    // cycle model makes that choice, so that its replay and the hardware agree.
    CycleModel cycles = CycleModel.of(golden, lanes, pingPong);
    List<Map<String, Object>> links = new ArrayList<>();
    for (int i = 0; i < consts.size(); i++) {
      List<ChainInput> ci = chainInputs.get(i);
      for (int c = 0; c < ci.size(); c++) {
        ChainInput ch = ci.get(c);
        Source s = sources.get(ch.source());
        Stream into = insts.get(i).stream(ci.size() == 1 ? "in" : "in_c" + c);
        int[] delay = consts.get(i).chains().get(c).delay();
        boolean direct = cycles.fifoDepth(i, c) == 0;
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("from", ch.source());
        link.put("to", consts.get(i).path());
        link.put("chain", c);
        link.put("lag", ch.lag());
        if (direct) {
          sinks.get(ch.source()).add(new Sink(into));
          link.put("fifo_words", 0);
        } else {
          // A recurrent link starts with `lag` end-of-step markers: the empty steps before 0;
          // its FIFO holds lag steps of events and markers.
          int depth = cycles.fifoDepth(i, c);
          String fname = "fifo_" + consts.get(i).path() + "_c" + c;
          // Named by its shape: links with the same word width and depth share one module.
          SyncFifo fifo = new SyncFifo("fifo_w" + s.width() + "_d" + depth, uint(s.width()),
              depth);
          Instance f = top.instance(fname, fifo);
          sinks.get(ch.source()).add(new Sink(f.stream("in")));
          Stream fout = f.stream("out");
          Stream next = into;
          if (delay != null) {
            // FIFO -> delay ring buffer -> engine: the ring holds the delayed steps.
            String dname = "delay_" + consts.get(i).path() + "_c" + c;
            Instance d = top.instance(dname, DelayLine.build(dname, s.size(), s.valueBits(),
                delay));
            top.connect(d.stream("out"), into);
            next = d.stream("in");
            int most = 0;
            for (int x : delay) {
              most = Math.max(most, x);
            }
            link.put("delay_steps_max", most);
            link.put("delay_ring_words", (most + 1) * s.size());
          }
          if (ch.lag() == 0) {
            top.connect(fout, next);
          } else {
            prime(top, fname, fout, next, ch.lag(), s);
          }
          link.put("fifo_words", fifo.capacity());
        }
        links.add(link);
      }
    }
    for (Map.Entry<String, List<Sink>> e : sinks.entrySet()) {
      broadcast(top, sources.get(e.getKey()).stream(),
          e.getValue().stream().map(Sink::stream).toList());
    }

    // ---- the weight-load stream: {address, word} of the image, taken while no SPRAM engine
    // reads a word; the image's last word marks the weights loaded.
    WeightImage image = null;
    if (loaded != null) {
      int dataBits = 1;
      for (WeightImage.Part part : parts) {
        dataBits = Math.max(dataBits, part.dataBits());
      }
      image = new WeightImage(LayerEngine.addressBits(sizeOf(parts)), dataBits, parts);
      int total = image.size();
      int wa = image.addressBits();
      Stream wl = top.streamIn("wl", uint(wa + dataBits));
      Signal wlClear = top.input("wl_clear_i", bool());
      Signal wlFire = top.wire("wl_fire", bool());
      Expr wAddr = wl.payload().slice(wa + dataBits - 1, dataBits);
      Expr wData = wl.payload().slice(dataBits - 1, 0);
      Expr free = lit(1, uint(1));
      int part = 0;
      for (Instance u : spramInsts) {
        // A laned layer decodes its lanes' shares itself.
        int base = parts.get(part).base();
        int words = 0;
        String node = parts.get(part).node();
        while (part < parts.size() && parts.get(part).node().equals(node)) {
          words += parts.get(part).words().length;
          part++;
        }
        free = free.and(WeightImage.connect(u, wlFire, wAddr, wData, base, words));
      }
      top.assign(wl.ready(), free);
      wlFire.set(wl.valid().and(wl.ready()));
      top.when(wlClear, () -> loaded.set(0))
          .elseWhen(wlFire.and(wAddr.eq(total - 1)), () -> loaded.set(1));
    }

    // ---- debug and status
    int layerBits = LayerEngine.addressBits(infos.size());
    int dbgAw = 1;
    int dbgVb = 2;
    for (LayerInfo l : infos) {
      dbgAw = Math.max(dbgAw, l.addressBits());
      dbgVb = Math.max(dbgVb, l.v().totalBits());
      dbgVb = Math.max(dbgVb, l.current() == null ? 0 : l.current().totalBits());
    }
    Signal dbgLayer = top.input("dbg_layer_i", uint(layerBits));
    Signal dbgAddr = top.input("dbg_addr_i", uint(dbgAw));
    Signal dbgV = top.output("dbg_v_o", sint(dbgVb));
    Signal satAcc = top.output("sat_acc_o", uint(LayerEngine.COUNTER_BITS));
    Signal satV = top.output("sat_v_o", uint(LayerEngine.COUNTER_BITS));
    Signal timestep = top.output("timestep_o", uint(LayerEngine.COUNTER_BITS));
    // Neuron state select of the debug port (0 = v, 1 = I) and the current/count saturation.
    Signal dbgVar = top.input("dbg_var_i", uint(1));
    Signal satI = top.output("sat_i_o", uint(LayerEngine.COUNTER_BITS));
    Signal satSpikes = top.output("sat_spikes_o", uint(LayerEngine.COUNTER_BITS));
    Expr iCount = lit(0, uint(LayerEngine.COUNTER_BITS));
    Expr spikesCount = lit(0, uint(LayerEngine.COUNTER_BITS));
    // The layers' debug reads take one clock; the select follows them by one clock too.
    Signal dbgSel = top.regNext("dbg_sel", dbgLayer, 0);
    Expr dbg = lit(0, sint(dbgVb));
    Expr accCount = lit(0, uint(LayerEngine.COUNTER_BITS));
    Expr vCount = lit(0, uint(LayerEngine.COUNTER_BITS));
    for (int i = 0; i < insts.size(); i++) {
      Instance u = insts.get(i);
      u.connect("dbg_addr_i", dbgAddr.truncate(infos.get(i).addressBits()));
      dbg = mux(dbgSel.eq(i), u.port("dbg_v_o").resize(dbgVb), dbg);
      accCount = mux(dbgSel.eq(i), u.port("sat_acc_o"), accCount);
      vCount = mux(dbgSel.eq(i), u.port("sat_v_o"), vCount);
      if (infos.get(i).current() != null) {
        u.connect("dbg_var_i", dbgVar);
        iCount = mux(dbgSel.eq(i), u.port("sat_i_o"), iCount);
      }
      if (infos.get(i).countBits() > 0) {
        spikesCount = mux(dbgSel.eq(i), u.port("sat_spikes_o"), spikesCount);
      }
    }
    dbgV.set(dbg);
    satAcc.set(accCount);
    satV.set(vCount);
    satI.set(iCount);
    satSpikes.set(spikesCount);
    // Steps completed: end-of-step markers that left through the first output port.
    Stream first = outPorts.get(0).stream();
    Signal steps = top.reg("steps", uint(LayerEngine.COUNTER_BITS), 0);
    top.when(first.valid().and(first.ready()).and(first.payload().msb()),
        () -> steps.set(steps.add(1).truncate(LayerEngine.COUNTER_BITS)));
    timestep.set(steps);
    Signal err = top.output("err_o", uint(ERR_BITS));
    Expr errAddressBit = lit(0, uint(1));
    if (dropped != null) {
      Signal errAddress = top.reg("err_input_address", bool(), 0);
      top.when(dropped, () -> errAddress.set(1));
      errAddressBit = errAddress;
    }
    // Every input's size a power of two: no address can be out of range (bit 0 reads 0).
    if (loaded == null) {
      err.set(dropped == null ? lit(0, uint(ERR_BITS))
          : cat(lit(0, uint(ERR_BITS - 1)), errAddressBit));
    } else {
      err.set(cat(lit(0, uint(ERR_BITS - 2)), loaded.not(), errAddressBit));
    }
    top.build();
    EmittedDesign design = new VerilogEmitter(VERSION, source).emit(top);
    String manifest = manifest(design, config, infos, chainInputs, consts, inPorts, outPorts,
        links, dbgAw, layerBits, dbgVb, source, cycles, image);
    return new GeneratedPipeline(top, inPorts.get(0).stream(), first, dbgLayer, dbgAddr, dbgV,
        satAcc, satV, timestep, infos, insts, design, manifest, inPorts, outPorts, cycles,
        image);
  }

  private static int sizeOf(List<WeightImage.Part> parts) {
    int n = 0;
    for (WeightImage.Part p : parts) {
      n += p.words().length;
    }
    return n;
  }

  /** The SyncFifo memory depth (a power of two, at least 2) that holds {@code words} words. */
  static int fifoDepth(int words) {
    int depth = 2;
    while (depth + 1 < words) {
      depth *= 2;
    }
    return depth;
  }

  private static int indexOf(List<LayerConstants> consts, String path) {
    for (int i = 0; i < consts.size(); i++) {
      if (consts.get(i).path().equals(path)) {
        return i;
      }
    }
    throw new IllegalStateException("no layer " + path);
  }

  /**
   * Drives every sink from {@code from} in lockstep: a word moves when every sink is ready, so
   * each consumer sees every word exactly once; a sink's valid never depends on its own ready.
   */
  static void broadcast(Module top, Stream from, List<Stream> sinks) {
    if (sinks.isEmpty()) {
      top.assign(from.ready(), lit(1, uint(1)));
      return;
    }
    if (sinks.size() == 1) {
      top.connect(from, sinks.get(0));
      return;
    }
    Expr all = lit(1, uint(1));
    for (Stream s : sinks) {
      all = all.and(s.ready());
    }
    for (int i = 0; i < sinks.size(); i++) {
      Expr others = from.valid();
      for (int j = 0; j < sinks.size(); j++) {
        if (j != i) {
          others = others.and(sinks.get(j).ready());
        }
      }
      top.assign(sinks.get(i).valid(), others);
      top.assign(sinks.get(i).payload(), from.payload());
    }
    top.assign(from.ready(), all);
  }

  /**
   * A recurrent link: after reset it offers {@code lag} end-of-step markers (the steps before 0,
   * which carry no events), then the FIFO's words, so step t's events enter at step t + lag.
   */
  private static void prime(Module top, String name, Stream fifoOut, Stream into, int lag,
      Source s) {
    int bits = LayerEngine.addressBits(lag + 1);
    Signal left = top.reg(name + "_prime", uint(bits), lag);
    Expr priming = left.ne(0);
    top.assign(into.valid(), priming.or(fifoOut.valid()));
    top.assign(into.payload(), mux(priming, lit(1L << (s.width() - 1), uint(s.width())),
        fifoOut.payload()));
    top.assign(fifoOut.ready(), priming.not().and(into.ready()));
    top.when(priming.and(into.ready()), () -> left.set(left.sub(1).truncate(bits)));
  }

  private static void checkNodes(NirGraph graph, String source) throws NirfpgaException {
    for (Map.Entry<String, NirNode> e : graph.nodes().entrySet()) {
      NirNode node = e.getValue();
      if (node instanceof NirGraph sub) {
        // Lowering flattens nested graphs; their nodes must be supported all the same.
        checkNodes(sub, source);
        continue;
      }
      if (node instanceof Input || node instanceof Output || node instanceof Linear
          || node instanceof Affine || node instanceof Conv1d || node instanceof Conv2d
          || node instanceof SumPool2d || node instanceof AvgPool2d || node instanceof Flatten
          || node instanceof Scale || node instanceof Delay || node instanceof LIF
          || node instanceof IF || node instanceof LI || node instanceof I
          || node instanceof CubaLIF || node instanceof CubaLI || node instanceof Threshold) {
        continue;
      }
      throw new NirfpgaException(source + ": node '" + e.getKey() + "' ("
          + node.getClass().getSimpleName() + "): " + node.getClass().getSimpleName()
          + " nodes are not supported by the RTL generator yet; it supports Input, Output,"
          + " Linear, Affine, Conv1d, Conv2d, SumPool2d, AvgPool2d, Flatten, Scale, Delay, LIF,"
          + " IF, LI, I, CubaLIF, CubaLI and Threshold");
    }
  }

  /** Every layer named has a lane count the generator builds. */
  private static void checkLanes(Map<String, Integer> lanes, Map<String, LayerConstants> layers,
      String source) throws NirfpgaException {
    for (Map.Entry<String, Integer> e : lanes.entrySet()) {
      LayerConstants c = layers.get(e.getKey());
      if (c == null) {
        throw new NirfpgaException(source + ": lanes for '" + e.getKey() + "', which is no"
            + " neuron node of the graph; its layers are " + String.join(", ", layers.keySet()));
      }
      int n = c.threshold().length;
      int l = e.getValue();
      if (!Lanes.valid(l) || l > n) {
        throw new NirfpgaException(source + ": node '" + c.path() + "' (" + c.type() + "): "
            + l + " lanes; a layer takes a power of two up to "
            + Integer.highestOneBit(Math.min(Lanes.MAX, n))
            + " (at most " + Lanes.MAX + " and no more than its " + n + " neurons)");
      }
    }
  }

  private static void checkLayer(LayerConstants c, Contract contract, String source)
      throws NirfpgaException {
    String at = source + ": node '" + c.path() + "' (" + c.type() + "): ";
    if (c.chains().isEmpty()) {
      throw new NirfpgaException(at + "has no incoming synapse; the RTL generator needs every"
          + " layer fed by an input or a layer");
    }
    boolean driven = false;
    for (LayerConstants.Chain ch : c.chains()) {
      driven |= ch.lag() == 0;
    }
    if (!driven) {
      // Its steps would be paced by nothing but itself and run ahead of the inputs.
      throw new NirfpgaException(at + "is fed only over recurrent edges; the RTL generator needs"
          + " at least one feed-forward input per layer");
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

  private static Map<String, Object> port(EventPort p) {
    return ordered("node", p.node(), "port", p.prefix(), "source", p.source(), "size", p.size(),
        "address_bits", p.addressBits(), "kind",
        p.spiking() ? (p.valueBits() > 0 ? "spike_counts" : "spikes") : "values",
        "value_bits", p.valueBits(), "value_frac_bits", p.fracBits());
  }

  private static String manifest(EmittedDesign design, QuantConfig config, List<LayerInfo> infos,
      List<List<ChainInput>> chainInputs, List<LayerConstants> consts, List<EventPort> inPorts,
      List<EventPort> outPorts, List<Map<String, Object>> links, int dbgAw, int layerBits,
      int dbgVb, String source, CycleModel cycles, WeightImage image) {
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
        + " 0); value (signed) only on graded inputs and on the output of a non-spiking readout"
        + " (v code, one event per neuron per step); on the output of a multi-spike IF the value"
        + " is the spike count (unsigned, >= 1; one event per neuron that spikes)");
    ev.put("port_naming", "one Input node: in_*; several: in_<k> in the order of 'inputs'; the"
        + " same for outputs (out_*, out_<k>)");
    ev.put("input", port(inPorts.get(0)));
    ev.put("output", port(outPorts.get(0)));
    List<Object> ins = new ArrayList<>();
    inPorts.forEach(p -> ins.add(port(p)));
    List<Object> outs = new ArrayList<>();
    outPorts.forEach(p -> outs.add(port(p)));
    ev.put("inputs", ins);
    ev.put("outputs", outs);
    ev.put("links", links);
    m.put("events", ev);
    Map<String, Object> dbg = new LinkedHashMap<>();
    dbg.put("layer_bits", layerBits);
    dbg.put("address_bits", dbgAw);
    dbg.put("v_bits", dbgVb);
    dbg.put("latency_cycles", 1);
    dbg.put("var_select", "dbg_var_i: 0 reads v, 1 reads the synaptic current I of a CubaLI or"
        + " CubaLIF layer (other layers return v); dbg_v_o carries the selected code,"
        + " sign-extended");
    dbg.put("status", "sat_acc_o / sat_v_o / sat_i_o / sat_spikes_o: saturation events of the"
        + " selected layer's accumulator / v / current / spike count (32-bit, stop at the"
        + " maximum; 0 where the layer has no such site); timestep_o: steps completed;"
        + " err_o: sticky error bits, cleared only by reset: bit " + ERR_INPUT_ADDRESS + " = an"
        + " input event's address was >= the input's size (the event was accepted and dropped);"
        + (image == null ? "" : " bit " + ERR_WEIGHTS_UNLOADED + " = the weight image is not"
            + " loaded yet (not sticky);")
        + " the other bits read 0");
    m.put("debug", dbg);
    List<Object> layers = new ArrayList<>();
    for (LayerInfo l : infos) {
      LayerConstants c = consts.get(l.index());
      List<ChainInput> ci = chainInputs.get(l.index());
      CycleModel.Layer modelled = cycles.layers().get(l.index());
      int laneCount = modelled.lanes();
      int bw = c.quant().weight().totalBits();
      long rowBits = 0;
      long weightBits = 0;
      long stored = 0;
      int offsetBits = 0;
      for (int g = 0; g < laneCount; g++) {
        LayerConstants cl = laneCount == 1 ? c : Lanes.slice(c, laneCount, g);
        SynapseTables t = SynapseTables.of(cl, ci);
        int aw = LayerEngine.addressBits(cl.threshold().length);
        rowBits += (long) t.rowInit().length * t.rowBits();
        weightBits += (long) Math.max(1, t.wordInit().length) * (aw + bw);
        stored += t.wordInit().length;
        offsetBits = Math.max(offsetBits, t.offsetBits());
      }
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("index", l.index());
      o.put("node", l.path());
      o.put("type", l.type());
      o.put("module", l.moduleName());
      o.put("neurons", l.size());
      o.put("address_bits", l.addressBits());
      o.put("source", l.source());
      o.put("source_size", l.sourceSize());
      List<Object> chains = new ArrayList<>();
      for (int k = 0; k < ci.size(); k++) {
        LayerConstants.Chain ch = c.chains().get(k);
        int words = 0;
        for (long[] row : ch.weights()) {
          words += row.length;
        }
        chains.add(ordered("source", ch.source(), "synapses", ch.synapses(), "lag", ch.lag(),
            "source_size", ci.get(k).sourceSize(), "event_value_bits", ci.get(k).valueBits(),
            "weight_words", words));
      }
      o.put("chains", chains);
      o.put("weight_words", l.weightWords());
      // Equal rows are stored once (with relative targets when that is smaller): a
      // convolution's kernel once per distinct border case, not per output position.
      o.put("row_offset_bits", offsetBits);
      o.put("stored_weight_words", stored);
      o.put("memory_bits", ordered(
          "rows", rowBits,
          "weights", weightBits,
          "preload", (long) l.size() * c.quant().accumulator().totalBits(),
          "acc", (long) l.size() * c.quant().accumulator().totalBits()
              * (modelled.pingPong() ? 2 : 1),
          "v", (long) l.size() * l.v().totalBits()));
      o.put("v_format", l.v().toString());
      if (l.current() != null) {
        o.put("i_format", l.current().toString());
      }
      if (l.countBits() > 0) {
        o.put("count_bits", l.countBits());
      }
      o.put("lanes", laneCount);
      if (modelled.pingPong()) {
        o.put("ping_pong", true);
      }
      if (image != null && image.parts().stream().anyMatch(p -> p.node().equals(l.path()))) {
        o.put("weights_store", "spram");
      }
      layers.add(o);
    }
    m.put("layers", layers);
    if (image != null) {
      List<Object> parts = new ArrayList<>();
      for (WeightImage.Part p : image.parts()) {
        parts.add(ordered("node", p.node(), "lane", p.lane(), "base", p.base(),
            "words", p.words().length, "word_bits", p.dataBits()));
      }
      m.put("weight_image", ordered(
          "file", WeightImage.FILE,
          "port", "wl",
          "words", image.size(),
          "address_bits", image.addressBits(),
          "data_bits", image.dataBits(),
          "layout", "wl payload {address, word}: word of image address 'address'; the file has"
              + " one hex word a line in address order; the inputs take no event until the"
              + " word at address words - 1 has been written; wl_clear_i = 1 (the power-on"
              + " reset) forgets the load, the reset does not",
          "parts", parts));
    }
    m.put("cycle_model", cycles.toManifest());
    try {
      m.put("quantization", json.readTree(config.toJson()));
      return json.writeValueAsString(m) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("manifest not serializable", e);
    }
  }
}
