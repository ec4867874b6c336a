package org.nirfpga.nir.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.SharedCorpus;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.hdf5.NirReader;

/** Every corpus graph that loads can be simulated for 100 steps on a seeded random input. */
class CorpusSimulationTest {
  static final int STEPS = 100;

  /**
   * Files NIR's own reader loads with type checking (the corpus README's table) must simulate; the
   * others, which NIR finds inconsistent, must simulate or fail with a message naming a node or
   * edge.
   */
  @Test
  void everyCorpusGraphNirTypeChecksRunsAHundredStepsAndTheRestFailClearly() throws Exception {
    Set<String> typeChecked = typeCheckedByNir();
    List<String> failures = new ArrayList<>();
    int simulated = 0;
    int rejected = 0;
    for (Path file : SharedCorpus.allNirFiles()) {
      String rel = SharedCorpus.nirData().relativize(file).toString().replace('\\', '/');
      String outcome;
      try {
        outcome = simulate(NirReader.read(file).graph(), new Random(rel.hashCode()));
      } catch (NirfpgaException e) {
        outcome = e.getMessage();
      }
      if (outcome == null) {
        simulated++;
      } else if (typeChecked.contains(rel)) {
        failures.add(rel + ": " + outcome);
      } else if (!outcome.contains("node '") && !outcome.contains("edge (")) {
        failures.add(rel + ": unclear error: " + outcome);
      } else {
        rejected++;
      }
    }
    System.out.println("corpus: " + simulated + " graphs simulated 100 steps, " + rejected
        + " rejected with a message naming the node or edge");
    assertEquals(List.of(), failures);
    assertTrue(simulated >= typeChecked.size(), simulated + " simulated");
  }

  /** Paths whose row in the corpus README says NIR's type-checking reader loads them. */
  static Set<String> typeCheckedByNir() throws Exception {
    Set<String> ok = new java.util.TreeSet<>();
    for (String line : java.nio.file.Files.readAllLines(SharedCorpus.nirData()
        .resolve("README.md"))) {
      String[] cells = line.split("\\|");
      if (cells.length >= 5 && cells[1].trim().startsWith("`") && cells[3].trim().equals("OK")) {
        ok.add(cells[1].trim().replace("`", ""));
      }
    }
    assertTrue(ok.size() >= 20, "README table not found: " + ok);
    return ok;
  }

  /** Null when 100 steps ran and every recorded value is finite, else why not. */
  static String simulate(NirGraph g, Random rnd) {
    try {
      Evaluator ev = Evaluator.create(g, Contract.nir());
      List<String> all = ev.nodeNames();
      ev.reset();
      for (int t = 0; t < STEPS; t++) {
        java.util.Map<String, double[]> in = new java.util.HashMap<>();
        for (String name : ev.inputNames()) {
          double[] x = new double[(int) ev.shapeOf(name).product()];
          for (int k = 0; k < x.length; k++) {
            x[k] = rnd.nextDouble() < 0.2 ? 1.0 : 0.0;
          }
          in.put(name, x);
        }
        ev.step(in);
      }
      for (String n : all) {
        for (double v : ev.output(n)) {
          if (!Double.isFinite(v)) {
            return "node " + n + " output is not finite";
          }
        }
      }
      return null;
    } catch (NirfpgaException e) {
      return e.getMessage();
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  @Test
  void theCheckReportsAGraphThatCannotRun() {
    NirGraph g = TestGraphs.lifNorse();
    Map<String, org.nirfpga.nir.graph.NirNode> nodes = new java.util.LinkedHashMap<>(g.nodes());
    nodes.put("1", new org.nirfpga.nir.graph.LIF(
        org.nirfpga.nir.graph.Tensor.vector(0.0025, 0.0025),
        org.nirfpga.nir.graph.Tensor.vector(1), org.nirfpga.nir.graph.Tensor.vector(0),
        org.nirfpga.nir.graph.Tensor.vector(0.1), org.nirfpga.nir.graph.Tensor.vector(0), null));
    nodes.put("input", new org.nirfpga.nir.graph.Input(org.nirfpga.nir.graph.Dims.of(3), null));
    String outcome = simulate(new NirGraph(nodes, g.edges()), new Random(1));
    assertTrue(outcome != null && outcome.contains("'0'"), String.valueOf(outcome));
  }

}
