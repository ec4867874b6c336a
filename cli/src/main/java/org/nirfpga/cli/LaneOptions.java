package org.nirfpga.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.gen.Lanes;
import org.nirfpga.nir.NirfpgaException;
import picocli.CommandLine.Option;

/**
 * How many lanes each generated layer gets: one count for every layer, counts per layer, or the
 * fewest that meet a cycle target; which layers get two accumulator banks; and which keep
 * their weights in SPRAM.
 */
final class LaneOptions {
  @Option(names = "--lanes", paramLabel = "SPEC",
      description = "Lanes per layer: neurons updated and weight words scattered per cycle, a"
          + " power of two up to 16. N for every layer (capped at a layer's neurons), NODE=N"
          + " for one layer, or both, comma-separated: 4,fc2=1 (default: 1).")
  String lanes;

  @Option(names = "--target-cycles", paramLabel = "C", defaultValue = "0",
      description = "Give each layer not named in --lanes the fewest lanes whose cycles per"
          + " time step, with every input address sending an event, are at most C (default:"
          + " none).")
  long targetCycles;

  @Option(names = "--ping-pong", paramLabel = "LAYERS",
      description = "Give these layers two accumulator banks, so that a layer scatters the next"
          + " time step's events while it updates its neurons for this one (a host that streams"
          + " steps back to back gains; each such layer's accumulator memory doubles): 'all',"
          + " or NODE,NODE,... (default: none).")
  String pingPong;

  @Option(names = "--spram", paramLabel = "LAYERS",
      description = "Keep these layers' weight words in single-port memories without initial"
          + " contents, which yosys maps to iCE40 SPRAM (4 x 256 kbit on an UP5K) and frees"
          + " block RAM: 'all', NODE,NODE,..., or with compile --board 'auto': the layers with"
          + " the most block RAM, one by one, until the design fits the board's block RAM"
          + " (default: none). The weights then travel as an image (weights_spram.hex) that"
          + " the host writes after power-on; the inputs wait for it.")
  String spram;

  /** Whether {@code --spram auto} asks the board to choose the layers. */
  boolean spramAuto() {
    return spram != null && spram.trim().equals("auto");
  }

  /** The layers with two accumulator banks ({@code --ping-pong}), by path. */
  Set<String> pingPong(GoldenModel golden) throws NirfpgaException {
    return layers("--ping-pong", pingPong, golden);
  }

  /** The layers whose weights live in SPRAM ({@code --spram}, not 'auto'), by path. */
  Set<String> spram(GoldenModel golden) throws NirfpgaException {
    if (spramAuto()) {
      throw new NirfpgaException("--spram auto: the board chooses the layers; it needs"
          + " compile --board NAME (or name the layers)");
    }
    return layers("--spram", spram, golden);
  }

  /** The layers an option names: 'all' or NODE,...; each a neuron node, named once. */
  private static Set<String> layers(String option, String spec, GoldenModel golden)
      throws NirfpgaException {
    Set<String> out = new LinkedHashSet<>();
    if (spec == null) {
      return out;
    }
    Set<String> layers = new LinkedHashSet<>();
    for (LayerConstants c : golden.constants()) {
      layers.add(c.path());
    }
    if (spec.trim().equals("all")) {
      return layers;
    }
    for (String item : spec.split(",", -1)) {
      String node = item.trim();
      if (node.isEmpty() || !out.add(node)) {
        throw new NirfpgaException(option + " " + spec + ": '" + node + "' "
            + (node.isEmpty() ? "is no node" : "is named twice") + "; give 'all' or NODE,...");
      }
      if (!layers.contains(node)) {
        throw new NirfpgaException(option + " " + spec + ": '" + node + "' is no neuron"
            + " node of the graph; its layers are " + String.join(", ", layers));
      }
    }
    return out;
  }

  /** Lanes by layer path for {@code golden}'s graph. */
  Map<String, Integer> plan(GoldenModel golden) throws NirfpgaException {
    Integer every = null;
    Map<String, Integer> named = new LinkedHashMap<>();
    for (String item : lanes == null ? new String[0] : lanes.split(",", -1)) {
      String s = item.trim();
      int eq = s.lastIndexOf('=');
      String node = eq < 0 ? null : s.substring(0, eq).trim();
      String count = eq < 0 ? s : s.substring(eq + 1).trim();
      int n;
      try {
        n = Integer.parseInt(count);
      } catch (NumberFormatException e) {
        throw new NirfpgaException("--lanes " + lanes + ": '" + s + "' is not N or NODE=N");
      }
      if (node == null) {
        if (every != null) {
          throw new NirfpgaException("--lanes " + lanes + ": two counts for every layer");
        }
        every = n;
      } else if (node.isEmpty() || named.put(node, n) != null) {
        throw new NirfpgaException("--lanes " + lanes + ": '" + s + "' names "
            + (node.isEmpty() ? "no node" : "'" + node + "' twice"));
      }
    }
    if (targetCycles < 0) {
      throw new NirfpgaException("--target-cycles " + targetCycles + ": must be 1 or more");
    }
    if (targetCycles > 0 && every != null) {
      throw new NirfpgaException("--lanes " + lanes + " --target-cycles " + targetCycles
          + ": give lanes for every layer or a target, not both (NODE=N entries may go with"
          + " a target)");
    }
    return Lanes.plan(golden, every == null ? 1 : every, named, targetCycles);
  }

  /**
   * With a cycle target, prints each layer's lanes and its worst-case cycles per step, noting the
   * layers that stay above the target with the most lanes they can have.
   */
  void report(GoldenModel golden, Map<String, Integer> plan, PrintWriter out) {
    if (targetCycles <= 0) {
      return;
    }
    out.printf("lanes for --target-cycles %d (cycles per step with every input address"
        + " sending an event):%n", targetCycles);
    for (LayerConstants c : golden.constants()) {
      int l = plan.get(c.path());
      long worst = Lanes.worstCycles(c, l);
      int most = Integer.highestOneBit(Math.min(Lanes.MAX, c.threshold().length));
      out.printf("  %-16s %2d lane(s) %8d cycles%s%n", c.path(), l, worst,
          worst > targetCycles ? "  above the target: " + (l < most ? "named in --lanes"
              : "no more lanes to give") : "");
    }
  }
}
