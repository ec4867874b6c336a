package org.nirfpga.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.nirfpga.board.Board;
import org.nirfpga.board.BoardTop;
import org.nirfpga.board.ClockPlan;
import org.nirfpga.board.Family;
import org.nirfpga.board.ResourceEstimator;
import org.nirfpga.board.ResourceEstimator.Estimate;
import org.nirfpga.board.ResourceEstimator.Prediction;
import org.nirfpga.board.Usage;
import org.nirfpga.gen.CycleModel;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.link.LinkSpec;
import org.nirfpga.gen.link.LinkTop;
import org.nirfpga.host.device.LinkRtl;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.lib.UartTiming;
import org.nirfpga.nir.NirfpgaException;

/**
 * The board part of {@code nirfpga compile --board}: the link top (UART, protocol bridge and the
 * accelerator) built for the board's core clock, the resource prediction of the whole board
 * design and the bounds on cycles and microseconds per time step.
 *
 * @param board the board
 * @param plan its core clock
 * @param timing the UART bit timing at that clock
 * @param link the link top
 * @param linkFiles the link top's Verilog and memory images (the accelerator's files among them)
 * @param prediction the resource prediction, or null where the estimator has no model (not iCE40)
 * @param step the time-step bounds
 */
record BoardCompile(Board board, ClockPlan plan, UartTiming timing, LinkTop link,
    Map<String, String> linkFiles, Prediction prediction, StepBounds step) {
  /** Largest relative baud error an 8N1 receiver tolerates with margin. */
  static final double MAX_BAUD_ERROR = 0.02;

  /**
   * Cycles of one time step with {@code inputEvents} input events: {@code minCycles} when no layer
   * emits an event (readouts emit all neurons) and each event reads as few weight words as the
   * rows allow, {@code maxCycles} when every neuron emits and every producer stall of the cycle
   * model's upper bound happens.
   */
  record StepBounds(long inputEvents, long inputAddresses, long minCycles, long maxCycles,
      long coreHz) {
    double minMicros() {
      return micros(minCycles);
    }

    double maxMicros() {
      return micros(maxCycles);
    }

    private double micros(long cycles) {
      return Math.round(cycles * 1e9 / coreHz) / 1000.0;
    }
  }

  /**
   * Builds the link top of {@code p} for {@code board} at {@code freqMhz} (0: the oscillator)
   * and {@code baud}, and predicts it; {@code inputEvents} below 0 means every input address once.
   */
  static BoardCompile of(GeneratedPipeline p, Board board, double freqMhz, long baud,
      long inputEvents, String source) throws NirfpgaException {
    ClockPlan plan = ClockPlan.of(board, freqMhz);
    UartTiming timing = timing(plan, baud);
    LinkTop link = LinkTop.build(p, plan.coreHz(), baud);
    Module boardTop = BoardTop.build(board, plan, link.top());
    Prediction prediction = null;
    if (board.family() == Family.ICE40) {
      Estimate accelerator = ResourceEstimator.estimate(p.top());
      Estimate withLink = ResourceEstimator.estimate(link.top());
      Estimate all = ResourceEstimator.estimate(boardTop);
      List<Estimate> parts = new ArrayList<>(ResourceEstimator.predict(p, board).parts());
      parts.add(minus("link (UART, protocol bridge)", withLink, accelerator));
      parts.add(minus("board top (reset, heartbeat)", all, withLink));
      prediction = ResourceEstimator.judge(board, parts, minus("total", all,
          new Estimate("", 0, 0, 0, 0)));
    }
    // link.properties lets run --port sim:DIR and board-sim DIR use the folder as it is.
    Map<String, String> linkFiles = new TreeMap<>(link.emit(source).files());
    linkFiles.put(LinkRtl.PROPERTIES, LinkRtl.properties(link));
    return new BoardCompile(board, plan, timing, link, linkFiles, prediction,
        stepBounds(p, inputEvents, plan.coreHz()));
  }

  /** The UART timing, refused when the clock cannot make {@code baud} within 2%. */
  static UartTiming timing(ClockPlan plan, long baud) throws NirfpgaException {
    long hz = plan.coreHz();
    String clock = String.format(Locale.ROOT, "%.3f MHz", plan.coreMhz());
    if (baud <= 0) {
      throw new NirfpgaException("--baud " + baud + ": must be positive (default 115200)");
    }
    UartTiming t;
    try {
      t = UartTiming.of(hz, baud);
    } catch (IllegalArgumentException e) {
      throw new NirfpgaException("--baud " + baud + ": the " + clock + " core clock of "
          + plan.board().name() + " gives " + Math.round((double) hz / baud) + " cycles per bit"
          + " and the receiver needs at least 4; use --baud " + hz / 4 + " or less, or a"
          + " higher --freq");
    }
    if (Math.abs(t.baudError()) > MAX_BAUD_ERROR) {
      throw new NirfpgaException(String.format(Locale.ROOT, "--baud %d: %d cycles per bit at %s"
          + " give %d baud, %+.1f%% off (8N1 needs within 2%%); use --baud %d or %d, or another"
          + " --freq", baud, t.cyclesPerBit(), clock, Math.round((double) hz / t.cyclesPerBit()),
          100 * t.baudError(), hz / t.cyclesPerBit(), hz / (t.cyclesPerBit() + 1)));
    }
    return t;
  }

  /**
   * Step bounds from the pipeline's cycle model ({@code CycleModel.bounds}, valid for any graph):
   * the least cycles of a step in which every input sends its {@code inputEvents} lightest rows
   * and no layer spikes (a readout still emits every neuron), and the most of a step in which
   * every input sends its heaviest rows and every neuron of every layer emits, one step after
   * another such step. {@code inputEvents} below 0 means every input address once.
   */
  static StepBounds stepBounds(GeneratedPipeline p, long inputEvents, long coreHz)
      throws NirfpgaException {
    CycleModel model = p.cycles();
    Map<String, int[]> quiet = new LinkedHashMap<>();
    Map<String, int[]> busy = new LinkedHashMap<>();
    long firstEvents = -1;
    long firstSize = 0;
    for (Map.Entry<String, Integer> in : model.inputs().entrySet()) {
      int size = in.getValue();
      if (inputEvents > size) {
        throw new NirfpgaException("--events " + inputEvents + ": input '" + in.getKey()
            + "' has " + size + " addresses and each sends at most one event per step; use"
            + " --events " + size + " or less");
      }
      int e = inputEvents < 0 ? size : (int) inputEvents;
      long[] words = new long[size];
      for (CycleModel.Layer l : model.layers()) {
        for (CycleModel.Chain ch : l.chains()) {
          if (in.getKey().equals(ch.source())) {
            for (int a = 0; a < size; a++) {
              words[a] += ch.rowWords()[a];
            }
          }
        }
      }
      Integer[] order = new Integer[size];
      for (int a = 0; a < size; a++) {
        order[a] = a;
      }
      Arrays.sort(order, Comparator.comparingLong((Integer a) -> words[a]).thenComparing(a -> a));
      int[] light = new int[e];
      int[] heavy = new int[e];
      for (int k = 0; k < e; k++) {
        light[k] = order[k];
        heavy[k] = order[size - 1 - k];
      }
      Arrays.sort(light);
      Arrays.sort(heavy);
      quiet.put(in.getKey(), light);
      busy.put(in.getKey(), heavy);
      if (firstEvents < 0) {
        firstEvents = e;
        firstSize = size;
      }
    }
    for (CycleModel.Layer l : model.layers()) {
      int[] all = new int[l.neurons()];
      for (int n = 0; n < all.length; n++) {
        all[n] = n;
      }
      quiet.put(l.node(), l.spiking() ? new int[0] : all);
      busy.put(l.node(), all);
    }
    CycleModel.Step q = new CycleModel.Step(quiet);
    CycleModel.Step b = new CycleModel.Step(busy);
    long lower = model.bounds(List.of(q, q), 1)[0];
    long upper = model.bounds(List.of(b, b), 1)[1];
    return new StepBounds(firstEvents, firstSize, lower, upper, coreHz);
  }

  /**
   * The compile output's files: the link top's beside {@code files}, which they must agree with.
   */
  Map<String, String> addTo(Map<String, String> files) {
    Map<String, String> all = new TreeMap<>(files);
    for (Map.Entry<String, String> f : linkFiles.entrySet()) {
      String before = all.putIfAbsent(f.getKey(), f.getValue());
      if (before != null && !before.equals(f.getValue())) {
        throw new IllegalStateException(f.getKey() + " differs between the accelerator and the"
            + " link top");
      }
    }
    return all;
  }

  /** The manifest's {@code board} section. */
  ObjectNode json(Map<String, String> acceleratorFiles) {
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("name", board.name());
    o.put("device", board.device() + "-" + board.packageName());
    o.put("link_top", link.top().name());
    ArrayNode files = o.putArray("link_files");
    linkFiles.keySet().stream().filter(f -> !acceleratorFiles.containsKey(f)).sorted()
        .forEach(files::add);
    o.put("core_clock_hz", plan.coreHz());
    o.put("pll", plan.pll() != null);
    o.put("baud", timing.baud());
    o.put("cycles_per_bit", timing.cyclesPerBit());
    o.put("status_bits", "bit " + LinkTop.STATUS_ACTIVITY + " activity, bit "
        + LinkTop.STATUS_ERROR + " error (LEDs 2 and 3)");
    if (prediction == null) {
      o.putNull("prediction");
      o.put("prediction_note", "the estimator models iCE40 only; run nirfpga synth for cell"
          + " counts");
    } else {
      ObjectNode pr = o.putObject("prediction");
      ArrayNode parts = pr.putArray("parts");
      for (Estimate e : prediction.parts()) {
        estimate(parts.addObject(), e);
      }
      estimate(pr.putObject("total"), prediction.total());
      ObjectNode res = pr.putObject("resources");
      for (Map.Entry<String, Usage> u : prediction.resources().entrySet()) {
        res.putObject(u.getKey()).put("used", u.getValue().used())
            .put("available", u.getValue().available());
      }
      pr.put("fits", prediction.fits());
      prediction.ranOut().forEach(pr.putArray("ran_out")::add);
      prediction.suggestions().forEach(pr.putArray("suggestions")::add);
    }
    ObjectNode s = o.putObject("timestep");
    s.put("input_events", step.inputEvents());
    s.put("input_addresses", step.inputAddresses());
    s.put("min_cycles", step.minCycles());
    s.put("max_cycles", step.maxCycles());
    s.put("min_us", step.minMicros());
    s.put("max_us", step.maxMicros());
    s.put("min", "step_lower_bound of cycle_model: no layer emits an event (readouts emit every"
        + " neuron), the input events read the fewest weight words the rows allow");
    s.put("max", "step_upper_bound of cycle_model: every neuron emits one event, every event"
        + " reads its row and stalls its producer for its whole scatter");
    return o;
  }

  /** Whether the prediction says it fits (true where there is no prediction). */
  boolean fits() {
    return prediction == null || prediction.fits();
  }

  /** Prints the board, clock, the prediction and the step bounds. */
  void print(PrintWriter out) {
    out.printf(Locale.ROOT, "board %s (%s-%s): link top %s at %.3f MHz%s, %d baud (%d cycles"
        + "/bit, %+.2f%%)%n", board.name(), board.device(), board.packageName(),
        link.top().name(), plan.coreMhz(), plan.pll() == null ? "" : " via PLL", timing.baud(),
        timing.cyclesPerBit(), 100 * timing.baudError());
    if (prediction == null) {
      out.println("  no resource prediction for " + board.family().name().toLowerCase(Locale.ROOT)
          + " (the estimator models iCE40); nirfpga synth counts cells");
    } else {
      out.println("  predicted resources (before synthesis):");
      out.printf("    %-48s %6s %6s %5s %5s%n", "part", "LUT", "FF", "BRAM", "SPRAM");
      for (Estimate e : prediction.parts()) {
        row(out, e.name(), e);
      }
      row(out, "total", prediction.total());
      Map<String, Usage> r = prediction.resources();
      out.printf("    %-48s %6d %6d %5d %5d%n", "device " + board.device(),
          r.get("lut").available(), r.get("ff").available(), r.get("bram").available(),
          r.get("spram").available());
      out.println(prediction.fits() ? "  fits: yes"
          : "  fits: NO, ran out: " + String.join("; ", prediction.ranOut()));
      for (String s : prediction.suggestions()) {
        out.println("  suggestion: " + s);
      }
    }
    out.printf(Locale.ROOT, "  time step with %d of %d input events: %d..%d cycles, %.3f..%.3f"
        + " us at %.3f MHz (min: no layer spikes; max: every neuron spikes, every stall)%n",
        step.inputEvents(), step.inputAddresses(), step.minCycles(), step.maxCycles(),
        step.minMicros(), step.maxMicros(), plan.coreMhz());
  }

  private static void row(PrintWriter out, String name, Estimate e) {
    out.printf("    %-48s %6d %6d %5d %5d%n", name.length() > 48 ? name.substring(0, 45) + "..."
        : name, e.luts(), e.ffs(), e.brams(), e.sprams());
  }

  private static void estimate(ObjectNode o, Estimate e) {
    o.put("name", e.name()).put("lut", e.luts()).put("ff", e.ffs()).put("bram", e.brams())
        .put("spram", e.sprams());
  }

  private static Estimate minus(String name, Estimate a, Estimate b) {
    return new Estimate(name, a.luts() - b.luts(), a.ffs() - b.ffs(), a.brams() - b.brams(),
        a.sprams() - b.sprams(), a.memoryBits() - b.memoryBits());
  }

  /** The manifest text with this board section after the generator's fields. */
  String manifest(GeneratedPipeline p) {
    return LinkSpec.withBoard(p.manifestJson(), json(p.files()));
  }
}
