package org.nirfpga.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.nirfpga.board.Board;
import org.nirfpga.board.Boards;
import org.nirfpga.board.ResourceEstimator;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.CycleModel;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.LayerInfo;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.hdf5.NirFile;
import org.nirfpga.nir.ref.Contract;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nirfpga compile}: writes the Verilog of a graph's pipeline with its manifest. */
@Command(name = "compile", mixinStandardHelpOptions = true,
    description = "Generate the RTL of a NIR graph: one .v per module, .hex memory images, "
        + "manifest.json (ports, event formats, layers, cycle model) and the quant.json used. "
        + "With --board also the link top (UART + protocol bridge + accelerator) for the board "
        + "clock, and a resource and time-step prediction; a design predicted not to fit is "
        + "refused (exit 2) unless --allow-unfit.")
final class CompileCommand implements Callable<Integer> {
  /** A Verilog-2005 simple identifier. */
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL.nir", description = "The network.")
  Path model;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
      description = "Output folder: new, empty, or an earlier compile output (replaced).")
  Path output;

  @Mixin
  QuantChoice quantChoice;

  @Mixin
  ContractOptions contractOptions;

  @Option(names = "--top", paramLabel = "NAME",
      description = "Top module name (default: the model's file name + _top).")
  String top;

  @Mixin
  LaneOptions laneOptions;

  @Option(names = "--board", paramLabel = "NAME",
      description = "Also write the link top for this board (icebreaker, ulx3s, arty-a7-35t) "
          + "and predict its resources and time-step cycles.")
  String board;

  @Option(names = "--freq", paramLabel = "MHz", defaultValue = "0",
      description = "Core clock with --board, made by the board's PLL (iCE40: above the "
          + "oscillator only) at the closest frequency it can (default: the board oscillator).")
  double freqMhz;

  @Option(names = "--baud", paramLabel = "N", defaultValue = "115200",
      description = "UART baud of the link top with --board (default: ${DEFAULT-VALUE}).")
  long baud;

  @Option(names = "--events", paramLabel = "N", defaultValue = "-1",
      description = "Input events per time step for the predicted cycles with --board "
          + "(default: every input address once).")
  long events;

  @Option(names = "--allow-unfit",
      description = "With --board, write the output even when the prediction says it does not "
          + "fit the board.")
  boolean allowUnfit;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String topName = top != null ? top : defaultTop(model);
    if (!IDENTIFIER.matcher(topName).matches()) {
      throw new NirfpgaException("--top " + topName + ": not a Verilog identifier (letters,"
          + " digits and _, not starting with a digit)");
    }
    checkOutputFolder(output);
    NirFile nir = Loading.load(model);
    Contract contract = contractOptions.contract();
    String source = model.getFileName().toString();
    Path quant = quantChoice.quant;
    QuantConfig q;
    try {
      q = quant != null ? Loading.quantConfig(nir.graph(), contract, quant, 0, 0, null)
          : Quantizer.quantize(nir.graph(), QuantOptions.defaults(contract)
              .withBits(quantChoice.weightBits, quantChoice.stateBits));
    } catch (NirfpgaException e) {
      throw Loading.inFile(source, e);
    }
    if (quant != null && !q.preset().equals(contract.preset())) {
      throw new NirfpgaException(quant.getFileName() + ": preset = \"" + q.preset() + "\" but"
          + " compile runs with --preset " + contract.preset() + "; pass --preset " + q.preset()
          + " or quantize again");
    }
    GeneratedPipeline p;
    Map<String, Integer> lanes;
    Set<String> pingPong;
    boolean auto = laneOptions.spramAuto() && board != null;
    try {
      GoldenModel golden = GoldenModel.create(nir.graph(), q, contract);
      lanes = laneOptions.plan(golden);
      laneOptions.report(golden, lanes, out);
      pingPong = laneOptions.pingPong(golden);
      p = PipelineGenerator.generate(nir.graph(), q, contract, source, topName, lanes,
          pingPong, auto ? Set.of() : laneOptions.spram(golden));
    } catch (NirfpgaException e) {
      throw Loading.inFile(source, e);
    }
    if (board == null) {
      for (String o : new String[] {"--freq", "--baud", "--events", "--allow-unfit"}) {
        if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
          throw new NirfpgaException(o + " needs --board NAME");
        }
      }
      write(p, q, output, source, topName, out);
      return 0;
    }
    Board target = Boards.byName(board);
    if (p.weights() != null && target.resources().sprams() == 0) {
      throw new NirfpgaException("--spram: " + target.name() + " (" + target.family() + ") has"
          + " no SPRAM; leave --spram out");
    }
    BoardCompile bc = BoardCompile.of(p, target, freqMhz, baud, events, source);
    if (auto) {
      // As the board allows: while block RAM runs short, the layer holding the most of it
      // moves its weights to SPRAM, as long as the SPRAM lasts.
      Set<String> moved = new LinkedHashSet<>();
      while (target.resources().sprams() > 0 && bc.prediction() != null
          && bc.prediction().resources().get("bram").exceeds()) {
        String most = null;
        long mostBlocks = 0;
        for (int i = 0; i < p.layers().size(); i++) {
          String path = p.layers().get(i).path();
          long blocks = ResourceEstimator.estimate(p.instances().get(i).child()).brams();
          if (!moved.contains(path) && p.layers().get(i).weightWords() > 0
              && blocks > mostBlocks) {
            most = path;
            mostBlocks = blocks;
          }
        }
        if (most == null) {
          break;
        }
        Set<String> tried = new LinkedHashSet<>(moved);
        tried.add(most);
        GeneratedPipeline next;
        try {
          next = PipelineGenerator.generate(nir.graph(), q, contract, source, topName, lanes,
              pingPong, tried);
        } catch (NirfpgaException e) {
          throw Loading.inFile(source, e);
        }
        BoardCompile nextBc = BoardCompile.of(next, target, freqMhz, baud, events, source);
        if (nextBc.prediction().resources().get("spram").exceeds()) {
          break;
        }
        moved = tried;
        p = next;
        bc = nextBc;
      }
      out.printf("--spram auto: %s%n", moved.isEmpty() ? "block RAM suffices, no layer's"
          + " weights in SPRAM" : "weights of " + String.join(", ", moved) + " in SPRAM");
    }
    if (!bc.fits() && !allowUnfit) {
      bc.print(out);
      out.flush();
      throw new NirfpgaException(source + ": predicted not to fit " + bc.board().name() + " ("
          + String.join("; ", bc.prediction().ranOut()) + "); nothing written. "
          + String.join("; ", bc.prediction().suggestions())
          + "; or pass --allow-unfit to write it anyway");
    }
    write(p, q, output, source, topName, out, bc);
    return 0;
  }

  /**
   * Writes a generated pipeline and its quantization config into {@code output} atomically
   * (removing files an earlier compile left there) and prints the per-layer summary; the demo
   * compiles through this too.
   */
  static void write(GeneratedPipeline p, QuantConfig q, Path output, String source,
      String topName, PrintWriter out) throws NirfpgaException, IOException {
    write(p, q, output, source, topName, out, null);
  }

  /**
   * As {@link #write(GeneratedPipeline, QuantConfig, Path, String, String, PrintWriter)}, with the
   * link top's files and the manifest's {@code board} section of {@code board} (null: none).
   */
  static void write(GeneratedPipeline p, QuantConfig q, Path output, String source,
      String topName, PrintWriter out, BoardCompile board) throws NirfpgaException, IOException {
    checkOutputFolder(output);
    Map<String, String> files = files(p, q);
    if (board != null) {
      files = board.addTo(files);
      files.put("manifest.json", board.manifest(p));
    }
    try (OutputFolder folder = OutputFolder.create(output)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        Files.write(folder.staging().resolve(f.getKey()),
            f.getValue().getBytes(StandardCharsets.UTF_8));
      }
      folder.commit();
    }
    removeStale(output, files.keySet());
    out.printf("%s: top %s, %d layer(s), %d files%n", source, topName, p.layers().size(),
        files.size());
    Map<String, String> cycles = cycleFormulas(p);
    for (LayerInfo l : p.layers()) {
      CycleModel.Layer cl = p.cycles().layers().get(l.index());
      List<String> notes = new ArrayList<>();
      if (cl.lanes() > 1) {
        notes.add(cl.lanes() + " lanes");
      }
      if (cl.pingPong()) {
        notes.add("ping-pong");
      }
      if (p.weights() != null
          && p.weights().parts().stream().anyMatch(w -> w.node().equals(l.path()))) {
        notes.add("weights in SPRAM");
      }
      out.printf("  %-16s %-4s %6d neurons %8d synapses  cycles/step %s%s%n", l.path(),
          l.type(), l.size(), l.weightWords(), cycles.getOrDefault(l.path(), "?"),
          notes.isEmpty() ? "" : "  (" + String.join(", ", notes) + ")");
    }
    if (board != null) {
      board.print(out);
    }
    out.printf("wrote %s%n", output);
  }

  /** Every file of the output folder: the pipeline's files and {@code quant.json}. */
  static Map<String, String> files(GeneratedPipeline p, QuantConfig q) {
    Map<String, String> files = new TreeMap<>(p.files());
    files.put("quant.json", q.toJson());
    return files;
  }

  /** The default top name for a model file: its name without .nir, as an identifier, + _top. */
  static String defaultTop(Path model) {
    String stem = model.getFileName().toString().replaceFirst("\\.nir$", "");
    String id = stem.replaceAll("[^A-Za-z0-9_]", "_");
    if (id.isEmpty() || !Character.isLetter(id.charAt(0))) {
      id = "n" + id;
    }
    return id + "_top";
  }

  /** Per layer node, the layer's cycle formula from the manifest. */
  private static Map<String, String> cycleFormulas(GeneratedPipeline p) throws IOException {
    Map<String, String> byNode = new TreeMap<>();
    JsonNode cm = new ObjectMapper().readTree(p.manifestJson()).path("cycle_model");
    for (JsonNode l : cm.path("layers")) {
      byNode.put(l.path("node").asText(), l.path("formula").asText());
    }
    return byNode;
  }

  /**
   * Refuses an output folder that holds something other than an earlier compile output, so that
   * replacing it cannot delete a user's files.
   */
  private static void checkOutputFolder(Path dir) throws NirfpgaException {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new NirfpgaException(dir + ": exists and is not a folder; choose a new folder for -o");
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      if (!s.iterator().hasNext()) {
        return;
      }
    } catch (IOException e) {
      throw new NirfpgaException(dir + ": cannot list (" + e.getMessage() + ")", e);
    }
    Path manifest = dir.resolve("manifest.json");
    boolean ours = false;
    if (Files.isRegularFile(manifest)) {
      try {
        ours = "nirfpga-rtl".equals(new ObjectMapper().readTree(manifest.toFile())
            .path("format").asText());
      } catch (IOException e) {
        ours = false;
      }
    }
    if (!ours) {
      throw new NirfpgaException(dir + ": the folder is not empty and holds no compile output"
          + " (manifest.json); choose a new or empty folder for -o");
    }
  }

  /** Deletes the files of an earlier compile that this one did not write. */
  private static void removeStale(Path dir, Set<String> keep) throws NirfpgaException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path f : s) {
        if (Files.isRegularFile(f) && !keep.contains(f.getFileName().toString())) {
          Files.delete(f);
        }
      }
    } catch (IOException e) {
      throw new NirfpgaException(dir + ": cannot remove files of the earlier compile ("
          + e.getMessage() + ")", e);
    }
  }
}
