package org.nirfpga.board;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.emit.EmittedDesign;
import org.nirfpga.hdl.emit.VerilogEmitter;
import org.nirfpga.nir.NirfpgaException;

/**
 * The open synthesis flow for one board: yosys, then on the iCEBreaker nextpnr-ice40 and
 * icepack to a bitstream; on ECP5 and Xilinx boards yosys cell counts plus the scripts a user
 * runs where nextpnr-ecp5/ecppack or Vivado are installed. Raw logs, the netlist and the report
 * go into the output directory, which appears complete or not at all.
 *
 * <p>A core with the {@link BoardTop} interface (ports {@code clk_i rst_ni uart_rx_i uart_tx_o}
 * and optionally {@code status_o}) is wrapped in the board top and placed on the board's pins.
 * Any other top (a bare accelerator with more ports than the board has pins) is measured inside
 * a {@link ProbeCore} harness in the board top; no bitstream is written for it.
 */
public final class SynthFlow {
  /** The tool timeout: place-and-route of a full UP5K takes minutes, not hours. */
  private static final long TIMEOUT_SECONDS = 3600;
  /** nextpnr placement seeds tried, in turn, until one meets timing. */
  static final int PLACEMENT_SEEDS = 8;
  /**
   * Seconds one placement seed may take. A seed routes an 85 %-full UP5K in under a minute
   * here; the router can also cycle without end on a congested placement, and such a seed is
   * given up and the next one tried.
   */
  static final long SEED_SECONDS = 300;
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * What to synthesize: the Verilog folder, its top module (null: from {@code manifest.json}),
   * the board, the core clock in MHz (0: the board oscillator) and the output folder.
   */
  public record Request(Path rtlDir, String top, Board board, double freqMhz, Path outDir) {
  }

  private final Consumer<String> progress;
  private final String version;

  /** A flow that reports each step to {@code progress}; {@code version} heads the Verilog. */
  public SynthFlow(String version, Consumer<String> progress) {
    this.version = version;
    this.progress = progress;
  }

  /** Runs the flow and returns the report also written to {@code outDir/report.json}. */
  public SynthReport run(Request r) throws NirfpgaException, IOException {
    Path rtl = r.rtlDir();
    if (!Files.isDirectory(rtl)) {
      throw new NirfpgaException(rtl + ": not a directory; give the folder with the Verilog "
          + "(e.g. the output of nirfpga compile)");
    }
    String top = r.top() != null ? r.top() : topFromManifest(rtl);
    List<Path> sources = listVerilog(rtl);
    Path topFile = null;
    Map<String, Integer> ports = null;
    for (Path f : sources) {
      ports = VerilogPorts.of(Files.readString(f), top);
      if (ports != null) {
        topFile = f;
        break;
      }
    }
    if (topFile == null) {
      throw new NirfpgaException(rtl + ": no .v file defines module '" + top + "'; check "
          + "--top or manifest.json");
    }
    ClockPlan plan = ClockPlan.of(r.board(), r.freqMhz());
    Path out = r.outDir().toAbsolutePath().normalize();
    prepareOut(out);
    Path parent = out.getParent();
    Files.createDirectories(parent);
    Path work = Files.createTempDirectory(parent, "." + out.getFileName() + ".partial-");
    try {
      SynthReport report = runIn(work, r, rtl, top, ports, plan);
      JSON.writeValue(work.resolve("report.json").toFile(), toJson(report));
      replace(work, out);
      return report;
    } catch (NirfpgaException e) {
      // A tool failed: keep what it wrote where the user can read it, never as DIR itself.
      Path failed = parent.resolve(out.getFileName() + ".failed");
      deleteTree(failed);
      Files.move(work, failed, StandardCopyOption.ATOMIC_MOVE);
      throw new NirfpgaException(e.getMessage() + "; logs in " + failed);
    } catch (IOException | RuntimeException e) {
      deleteTree(work);
      throw e;
    }
  }

  private SynthReport runIn(Path work, Request r, Path rtl, String coreTop,
      Map<String, Integer> ports, ClockPlan plan) throws NirfpgaException, IOException {
    Board board = r.board();
    Path src = work.resolve("rtl");
    Files.createDirectories(src);
    for (Path f : listFiles(rtl)) {
      Files.copy(f, src.resolve(f.getFileName()));
    }
    List<String> notes = new ArrayList<>();
    int status = statusWidth(ports);
    boolean probe = status < 0;
    String top;
    {
      Module core;
      if (probe) {
        ProbeCore p = new ProbeCore(coreTop, ports);
        core = p;
        notes.add("top '" + coreTop + "' lacks the board interface (clk_i, rst_ni, uart_rx_i, "
            + "uart_tx_o[, status_o]): measured inside a probe harness (inputs from a shift "
            + "register, outputs XOR-ed to one pin) that adds " + p.overheadFlops()
            + " flip-flops; no bitstream is written");
      } else {
        core = BoardTop.verilogCore(coreTop, status);
      }
      Module boardTop = BoardTop.build(board, plan, core);
      EmittedDesign d = new VerilogEmitter(version, coreTop).emit(boardTop);
      for (Map.Entry<String, String> e : d.files().entrySet()) {
        Path p = src.resolve(e.getKey());
        if (Files.exists(p)) {
          throw new NirfpgaException(rtl.resolve(e.getKey()) + ": the board top would "
              + "overwrite this file; rename module " + e.getKey().replace(".v", ""));
        }
        Files.writeString(p, e.getValue());
      }
      top = d.top();
      Files.writeString(work.resolve(board.constraintResource()), PinConstraints.text(board));
    }

    Map<String, String> logs = new LinkedHashMap<>();
    Map<String, Long> cells = yosys(work, rtl, board, top, logs);
    Map<String, Usage> res = fromYosys(board, cells);
    List<String> ranOut = ranOut(res);
    List<String> scripts = writeScripts(work, board, top, plan, !probe);
    Map<String, Double> fmax = new LinkedHashMap<>();
    Boolean timingMet = null;
    String bitstream = null;
    String stage = "yosys";
    if (board.family() == Family.ICE40 && ranOut.isEmpty()) {
      Path pnrLog = work.resolve("nextpnr.log");
      logs.put("nextpnr", "nextpnr.log");
      int rc = placeAndRoute(work, board, plan, notes);
      if (rc != 0) {
        String err = firstError(pnrLog);
        ranOut.add("nextpnr-ice40 failed: " + err);
        stage = "nextpnr";
      } else {
        stage = "nextpnr";
        JsonNode rep = JSON.readTree(work.resolve("nextpnr-report.json").toFile());
        mergePnr(res, rep.path("utilization"), board);
        timingMet = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = rep.path("fmax").fields();
            it.hasNext();) {
          Map.Entry<String, JsonNode> e = it.next();
          double achieved = e.getValue().path("achieved").asDouble();
          fmax.put(e.getKey(), achieved);
          if (achieved < e.getValue().path("constraint").asDouble()) {
            timingMet = false;
          }
        }
        if (!probe) {
          step("icepack");
          long t1 = System.nanoTime();
          logs.put("icepack", "icepack.log");
          int prc = ToolRunner.run(work, work.resolve("icepack.log"), TIMEOUT_SECONDS,
              List.of("icepack", "design.asc", "design.bin"));
          done(t1);
          if (prc != 0) {
            throw new NirfpgaException("icepack failed on " + r.outDir().resolve("design.asc")
                + ": " + firstError(work.resolve("icepack.log")));
          }
          bitstream = "design.bin";
          stage = "icepack";
        }
      }
    } else if (board.family() != Family.ICE40) {
      notes.add("no " + board.family().name().toLowerCase(Locale.ROOT) + " place-and-route "
          + "here: figures are yosys cell counts; run " + scripts + " where the tools are");
    }
    return new SynthReport(board.name(), board.device() + "-" + board.packageName(), top,
        coreTop, probe, plan.coreMhz(), plan.pll(), stage, res, fmax, timingMet,
        ranOut.isEmpty(), ranOut, bitstream, logs, scripts, notes);
  }

  /**
   * Runs nextpnr-ice40 with placement seeds 1, 2, ... {@link #PLACEMENT_SEEDS} in turn until one
   * meets timing, and keeps the outputs of that seed, or of the fastest when none does, under
   * the usual names ({@code nextpnr.log}, {@code nextpnr-report.json}, {@code design.asc}).
   * Returns nextpnr's exit code (a failing seed ends the search; a seed that does not finish
   * within {@link #SEED_SECONDS} is given up and the next tried; 1 when every seed is).
   */
  private int placeAndRoute(Path work, Board board, ClockPlan plan, List<String> notes)
      throws NirfpgaException, IOException {
    int best = 0;
    double bestMhz = -1;
    List<String> tried = new ArrayList<>();
    int rc = 0;
    for (int seed = 1; seed <= PLACEMENT_SEEDS; seed++) {
      List<String> cmd = new ArrayList<>(List.of("nextpnr-ice40", "--" + board.pnrDevice(),
          "--package", board.pnrPackage(), "--json", "design.json",
          "--asc", "design-seed" + seed + ".asc", "--freq", fmt(plan.coreMhz()),
          "--report", "nextpnr-report-seed" + seed + ".json", "--timing-allow-fail",
          "--seed", Integer.toString(seed), "--pcf", board.constraintResource()));
      step("nextpnr-ice40 place and route at " + fmt(plan.coreMhz()) + " MHz, seed " + seed);
      long t0 = System.nanoTime();
      Integer code = ToolRunner.runWithin(work, work.resolve("nextpnr-seed" + seed + ".log"),
          SEED_SECONDS, cmd);
      done(t0);
      if (code == null) {
        tried.add("seed " + seed + " unrouted after " + SEED_SECONDS + " s");
        continue;
      }
      rc = code;
      if (rc != 0) {
        best = seed;
        break;
      }
      JsonNode fmax = JSON.readTree(work.resolve("nextpnr-report-seed" + seed + ".json")
          .toFile()).path("fmax");
      double slowest = Double.MAX_VALUE;
      boolean met = true;
      for (Iterator<Map.Entry<String, JsonNode>> it = fmax.fields(); it.hasNext();) {
        JsonNode f = it.next().getValue();
        slowest = Math.min(slowest, f.path("achieved").asDouble());
        met &= f.path("achieved").asDouble() >= f.path("constraint").asDouble();
      }
      tried.add(String.format(Locale.ROOT, "seed %d %.2f MHz", seed, slowest));
      if (slowest > bestMhz) {
        bestMhz = slowest;
        best = seed;
      }
      if (met) {
        break;
      }
    }
    if (best == 0) {
      // Every seed was given up: the search fails, with the last one's log.
      rc = 1;
      best = PLACEMENT_SEEDS;
      Files.writeString(work.resolve("nextpnr-seed" + best + ".log"), "ERROR: no placement"
          + " seed finished routing within " + SEED_SECONDS + " s (" + String.join(", ", tried)
          + ")\n", StandardOpenOption.APPEND);
    }
    for (String[] f : new String[][] {{"nextpnr-seed", ".log", "nextpnr.log"},
        {"nextpnr-report-seed", ".json", "nextpnr-report.json"},
        {"design-seed", ".asc", "design.asc"}}) {
      Path chosen = work.resolve(f[0] + best + f[1]);
      if (Files.exists(chosen)) {
        Files.move(chosen, work.resolve(f[2]), StandardCopyOption.REPLACE_EXISTING);
      }
      for (int seed = 1; seed <= PLACEMENT_SEEDS; seed++) {
        Files.deleteIfExists(work.resolve(f[0] + seed + f[1]));
      }
    }
    if (tried.size() > 1) {
      notes.add("placement: nextpnr seed " + best + " kept; tried " + String.join(", ", tried)
          + " (seeds are tried in turn until one meets timing, else the fastest is kept)");
    }
    return rc;
  }

  // ---- yosys ----

  private Map<String, Long> yosys(Path work, Path userRtl, Board board, String top,
      Map<String, String> logs) throws NirfpgaException, IOException {
    StringBuilder script = new StringBuilder();
    for (Path f : listVerilog(work.resolve("rtl"))) {
      script.append("read_verilog -defer ").append(f.getFileName()).append("\n");
    }
    script.append(synthCommand(board)).append(" -top ").append(top).append("\n");
    script.append("write_json ../design.json\n");
    script.append("tee -q -o ../yosys-stat.json stat -json\n");
    Files.writeString(work.resolve("synth.ys"), script.toString());
    logs.put("yosys", "yosys.log");
    step("yosys " + synthCommand(board) + " (top " + top + ")");
    long t0 = System.nanoTime();
    // Run inside rtl/ so the .hex files of $readmemh resolve as they do for the emitter.
    int rc = ToolRunner.run(work.resolve("rtl"), work.resolve("yosys.log"), TIMEOUT_SECONDS,
        List.of("yosys", "-s", "../synth.ys"));
    done(t0);
    if (rc != 0) {
      throw new NirfpgaException(userRtl + ": yosys failed: "
          + firstError(work.resolve("yosys.log")));
    }
    JsonNode stat = JSON.readTree(work.resolve("yosys-stat.json").toFile());
    JsonNode byType = stat.path("design").path("num_cells_by_type");
    Map<String, Long> cells = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = byType.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      cells.put(e.getKey(), e.getValue().asLong());
    }
    return cells;
  }

  /** The yosys command the flow uses for {@code board} (SPRAM inference on the UP5K). */
  public static String synthCommand(Board board) {
    if (board.family() == Family.ICE40 && board.resources().sprams() > 0) {
      return board.family().yosysCommand() + " -spram";
    }
    if (board.family() == Family.XILINX7) {
      // synth_xilinx keeps the hierarchy unless told; the others flatten by default.
      return board.family().yosysCommand() + " -flatten";
    }
    return board.family().yosysCommand();
  }

  /** Resource use from yosys cell counts, keyed as in {@link SynthReport#resources()}. */
  public static Map<String, Usage> fromYosys(Board board, Map<String, Long> cells) {
    DeviceResources d = board.resources();
    Map<String, Usage> res = new LinkedHashMap<>();
    switch (board.family()) {
      case ICE40:
        res.put("lut", new Usage(sum(cells, "SB_LUT4"), d.luts()));
        res.put("ff", new Usage(sum(cells, "SB_DFF"), d.ffs()));
        res.put("carry", new Usage(sum(cells, "SB_CARRY"), d.luts()));
        res.put("bram", new Usage(sum(cells, "SB_RAM40_4K"), d.bramBlocks()));
        res.put("spram", new Usage(sum(cells, "SB_SPRAM256KA"), d.sprams()));
        res.put("dsp", new Usage(sum(cells, "SB_MAC16"), d.dsps()));
        res.put("pll", new Usage(sum(cells, "SB_PLL40"), d.plls()));
        break;
      case ECP5:
        res.put("lut", new Usage(sum(cells, "LUT4"), d.luts()));
        res.put("ff", new Usage(sum(cells, "TRELLIS_FF"), d.ffs()));
        res.put("carry", new Usage(sum(cells, "CCU2C"), d.luts() / 2));
        res.put("lutram", new Usage(sum(cells, "TRELLIS_DPR16X4"), -1));
        res.put("bram", new Usage(sum(cells, "DP16KD"), d.bramBlocks()));
        res.put("dsp", new Usage(sum(cells, "MULT18X18D"), d.dsps()));
        res.put("pll", new Usage(sum(cells, "EHXPLLL"), d.plls()));
        break;
      default:
        res.put("lut", new Usage(sum(cells, "LUT"), d.luts()));
        res.put("ff", new Usage(sum(cells, "FD"), d.ffs()));
        res.put("carry", new Usage(sum(cells, "CARRY4"), d.luts() / 4));
        res.put("lutram", new Usage(sum(cells, "RAM") - sum(cells, "RAMB"), -1));
        res.put("bram", new Usage(sum(cells, "RAMB18E1") + 2 * sum(cells, "RAMB36E1"),
            d.bramBlocks()));
        res.put("dsp", new Usage(sum(cells, "DSP48E1"), d.dsps()));
        res.put("pll", new Usage(sum(cells, "MMCME2") + sum(cells, "PLLE2"), d.plls()));
        break;
    }
    // Everything is placed inside the board top, whose ports are the board's pins.
    res.put("io", new Usage(BoardTop.portNames(board).size(), d.ios()));
    return res;
  }

  private static void mergePnr(Map<String, Usage> res, JsonNode util, Board board) {
    res.put("logic_cell", usage(util.path("ICESTORM_LC")));
    res.put("bram", usage(util.path("ICESTORM_RAM")));
    res.put("spram", usage(util.path("ICESTORM_SPRAM")));
    res.put("dsp", usage(util.path("ICESTORM_DSP")));
    res.put("pll", usage(util.path("ICESTORM_PLL")));
    // nextpnr counts every SB_IO site of the die; the package bonds fewer.
    res.put("io", new Usage(util.path("SB_IO").path("used").asLong(),
        board.resources().ios()));
  }

  private static Usage usage(JsonNode n) {
    return new Usage(n.path("used").asLong(), n.path("available").asLong(-1));
  }

  private static long sum(Map<String, Long> cells, String prefix) {
    return cells.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** One line per exhausted resource, e.g. {@code bram: 32 used, 30 available}. */
  public static List<String> ranOut(Map<String, Usage> res) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Usage> e : res.entrySet()) {
      if (e.getValue().exceeds()) {
        out.add(e.getKey() + ": " + e.getValue().used() + " used, " + e.getValue().available()
            + " available");
      }
    }
    return out;
  }

  // ---- scripts for the tools that are not here ----

  private List<String> writeScripts(Path work, Board board, String top, ClockPlan plan,
      boolean usable) throws IOException {
    List<String> files = new ArrayList<>();
    List<String> verilog = new ArrayList<>();
    for (Path f : listVerilog(work.resolve("rtl"))) {
      verilog.add(work.relativize(f).toString());
    }
    if (board.family() == Family.ECP5) {
      String lpf = " --lpf " + board.constraintResource();
      String pack = usable ? "ecppack --compress design.config design.bit\n" : "";
      String sh = "#!/bin/sh\n# Place, route and pack for " + board.description()
          + "; run in this folder where nextpnr-ecp5 and ecppack are installed.\nset -e\n"
          + "nextpnr-ecp5 --" + board.pnrDevice() + " --package " + board.pnrPackage()
          + " --json design.json" + lpf + " --freq " + fmt(plan.coreMhz())
          + " --textcfg design.config --report nextpnr-report.json --timing-allow-fail\n"
          + pack;
      Files.writeString(work.resolve("pnr_ecp5.sh"), sh);
      work.resolve("pnr_ecp5.sh").toFile().setExecutable(true);
      files.add("pnr_ecp5.sh");
    } else if (board.family() == Family.XILINX7) {
      StringBuilder tcl = new StringBuilder();
      tcl.append("# Vivado batch flow for ").append(board.description())
          .append(": vivado -mode batch -source vivado.tcl (in this folder)\n");
      for (String v : verilog) {
        tcl.append("read_verilog ").append(v).append("\n");
      }
      tcl.append("read_xdc ").append(board.constraintResource()).append("\n");
      tcl.append("synth_design -top ").append(top).append(" -part ").append(board.pnrDevice())
          .append("\nopt_design\nplace_design\nroute_design\n")
          .append("report_utilization -file vivado_utilization.rpt\n")
          .append("report_timing_summary -file vivado_timing.rpt\n");
      if (usable) {
        tcl.append("write_bitstream -force design.bit\n");
      }
      Files.writeString(work.resolve("vivado.tcl"), tcl.toString());
      files.add("vivado.tcl");
    }
    return files;
  }

  // ---- the report file ----

  /** The JSON form of a report, as written to {@code report.json}. */
  public static ObjectNode toJson(SynthReport r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("board", r.board());
    o.put("device", r.device());
    o.put("top", r.top());
    o.put("core_top", r.coreTop());
    o.put("probe", r.probe());
    o.put("core_mhz", r.coreMhz());
    if (r.pll() != null) {
      ObjectNode p = o.putObject("pll");
      p.put("cell", r.pll().cell());
      for (Map.Entry<String, Object> e : r.pll().settings().entrySet()) {
        Object v = e.getValue();
        if (v instanceof Integer) {
          p.put(e.getKey(), (Integer) v);
        } else if (v instanceof Double) {
          p.put(e.getKey(), (Double) v);
        } else {
          p.put(e.getKey(), String.valueOf(v));
        }
      }
      p.put("requested_mhz", r.pll().requestedMhz());
      p.put("achieved_mhz", r.pll().achievedMhz());
      p.put("pfd_mhz", r.pll().pfdMhz());
      p.put("vco_mhz", r.pll().vcoMhz());
    } else {
      o.putNull("pll");
    }
    o.put("stage", r.stage());
    ObjectNode res = o.putObject("resources");
    for (Map.Entry<String, Usage> e : r.resources().entrySet()) {
      ObjectNode u = res.putObject(e.getKey());
      u.put("used", e.getValue().used());
      if (e.getValue().available() >= 0) {
        u.put("available", e.getValue().available());
      } else {
        u.putNull("available");
      }
    }
    ObjectNode fmax = o.putObject("fmax_mhz");
    r.fmaxMhz().forEach(fmax::put);
    if (r.timingMet() == null) {
      o.putNull("timing_met");
    } else {
      o.put("timing_met", r.timingMet());
    }
    o.put("fits", r.fits());
    r.ranOut().forEach(o.putArray("ran_out")::add);
    if (r.bitstream() == null) {
      o.putNull("bitstream");
    } else {
      o.put("bitstream", r.bitstream());
    }
    ObjectNode logs = o.putObject("logs");
    r.logs().forEach(logs::put);
    r.scripts().forEach(o.putArray("scripts")::add);
    r.notes().forEach(o.putArray("notes")::add);
    return o;
  }

  // ---- files ----

  private static String topFromManifest(Path rtl) throws NirfpgaException, IOException {
    Path m = rtl.resolve("manifest.json");
    if (!Files.isRegularFile(m)) {
      throw new NirfpgaException(rtl + ": no manifest.json to name the top module; pass "
          + "--top NAME");
    }
    JsonNode top = JSON.readTree(m.toFile()).path("top");
    if (!top.isTextual()) {
      throw new NirfpgaException(m + ": field 'top' missing or not a string; pass --top NAME");
    }
    return top.asText();
  }

  /**
   * Width of {@code status_o} when the ports are exactly the core interface (0 without
   * status_o), or -1 when they are not.
   */
  public static int statusWidth(Map<String, Integer> ports) {
    boolean core = Integer.valueOf(1).equals(ports.get("clk_i"))
        && Integer.valueOf(1).equals(ports.get("rst_ni"))
        && Integer.valueOf(1).equals(ports.get(BoardTop.CORE_RX))
        && Integer.valueOf(-1).equals(ports.get(BoardTop.CORE_TX));
    Integer status = ports.get(BoardTop.CORE_STATUS);
    if (!core || ports.size() != (status == null ? 4 : 5) || (status != null && status > 0)) {
      return -1;
    }
    return status == null ? 0 : -status;
  }

  private static List<Path> listVerilog(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : listFiles(dir)) {
      if (p.getFileName().toString().endsWith(".v")) {
        out.add(p);
      }
    }
    return out;
  }

  private static List<Path> listFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void prepareOut(Path out) throws NirfpgaException, IOException {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new NirfpgaException(out + ": exists and is not a directory; choose another --out");
    }
    if (Files.isDirectory(out)) {
      try (Stream<Path> s = Files.list(out)) {
        if (s.findAny().isPresent() && !Files.exists(out.resolve("report.json"))) {
          throw new NirfpgaException(out + ": not empty and holds no report.json of an earlier "
              + "run; choose an empty or new --out");
        }
      }
    }
  }

  /** Swaps the finished work folder in for {@code out}, removing an earlier run's folder. */
  private static void replace(Path work, Path out) throws IOException {
    if (Files.exists(out)) {
      Path old = Files.createTempDirectory(out.getParent(), "." + out.getFileName() + ".old-");
      Files.delete(old);
      Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
      Files.move(work, out, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(old);
    } else {
      Files.move(work, out, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  private static String firstError(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "no log";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    for (String l : lines) {
      int at = l.indexOf("ERROR:");
      if (at >= 0) {
        return l.substring(at).strip();
      }
    }
    return lines.isEmpty() ? "empty log" : lines.get(lines.size() - 1).strip();
  }

  private void step(String what) {
    progress.accept(what + " ...");
  }

  private void done(long t0) {
    progress.accept(String.format(Locale.ROOT, "  done in %.1f s", (System.nanoTime() - t0)
        / 1e9));
  }

  private static String fmt(double mhz) {
    return String.format(Locale.ROOT, "%.3f", mhz).replaceAll("\\.?0+$", "");
  }
}
