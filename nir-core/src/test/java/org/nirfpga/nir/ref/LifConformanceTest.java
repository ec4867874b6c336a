package org.nirfpga.nir.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nirfpga.nir.SharedCorpus;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.graph.NirGraph;

/** The single LIF neuron of the NIR paper against Norse and against the exact solution. */
class LifConformanceTest {
  static double[][] lifInput() throws Exception {
    return Npy.read(SharedCorpus.oracle().resolve("lif_input.npy")).rows();
  }

  static RunResult run(NirGraph g, Contract c) throws Exception {
    return Evaluator.create(g, c).run(lifInput(), Set.of("1"), ProgressListener.NONE);
  }

  static List<Integer> spikeSteps(NodeTrace t) {
    List<Integer> s = new ArrayList<>();
    for (int k = 0; k < t.steps(); k++) {
      if (t.output()[k][0] != 0) {
        s.add(k);
      }
    }
    return s;
  }

  @Test
  void norsePresetSpikesAtTheNorseStepsAndTracksItsMembrane() throws Exception {
    assertMatchesNorse(run(TestGraphs.lifNorse(), Contract.norse()).trace("1"));
  }

  @Test
  void nirPresetAlsoMatchesNorseOnTheSingleLif() throws Exception {
    assertMatchesNorse(run(TestGraphs.lifNorse(), Contract.nir()).trace("1"));
  }

  @Test
  void snntorchPresetMatchesSnntorchsScaledMembraneAndSpikes() throws Exception {
    NodeTrace t = run(TestGraphs.lifNorse(), Contract.snntorch()).trace("1");
    assertEquals(LifCheck.NONE, LifCheck.compare(t, snntorchV(), spikes("lif_snntorch_spikes"),
        1e-6));
  }

  @Test
  void snntorchComparisonCatchesSubtractionInPlaceOfReset() throws Exception {
    NodeTrace t = run(TestGraphs.lifNorse(), Contract.snntorch()
        .withReset(Contract.Reset.SUBTRACT_DELAYED)).trace("1");
    assertTrue(LifCheck.compare(t, snntorchV(), spikes("lif_snntorch_spikes"), 1e-6)
        .startsWith("step 460: v "));
  }

  @Test
  void sinabsPresetReproducesSinabsLifOfThePaper() throws Exception {
    NodeTrace t = run(TestGraphs.lifNorse(), Contract.sinabs()).trace("1");
    double[][] csv = csv("lif_sinabs.csv");
    assertEquals(List.of(450, 500, 710, 760), spikeSteps(t));
    assertEquals(LifCheck.NONE, LifCheck.compare(t, column(csv, 1), column(csv, 2), 1e-6));
  }

  @Test
  void sinabsComparisonCatchesEulerInPlaceOfExpDecay() throws Exception {
    NodeTrace t = run(TestGraphs.lifNorse(), Contract.sinabs()
        .withIntegrator(Contract.Integrator.EULER)).trace("1");
    double[][] csv = csv("lif_sinabs.csv");
    assertTrue(LifCheck.compare(t, column(csv, 1), column(csv, 2), 1e-6).startsWith("step "));
  }

  /** snnTorch's membrane in NIR units: it runs with the threshold divided by r dt/tau = 0.04. */
  static double[] snntorchV() throws Exception {
    double[] v = Npy.read(SharedCorpus.oracle().resolve("lif_snntorch_v.npy")).data();
    for (int k = 0; k < v.length; k++) {
      v[k] *= 0.04;
    }
    return v;
  }

  static double[] spikes(String stem) throws Exception {
    return Npy.read(SharedCorpus.oracle().resolve(stem + ".npy")).data();
  }

  static void assertMatchesNorse(NodeTrace t) throws Exception {
    double[] v = Npy.read(SharedCorpus.oracle().resolve("lif_norse_v.npy")).data();
    double[] z = Npy.read(SharedCorpus.oracle().resolve("lif_norse_spikes.npy")).data();
    assertEquals(List.of(460, 510, 710, 760), spikeSteps(t));
    assertEquals(LifCheck.NONE, LifCheck.compare(t, v, z, 1e-6));
  }

  @Test
  void norseComparisonCatchesAPerturbedTimeConstant() throws Exception {
    NodeTrace t = run(TestGraphs.lifNorse(0.0025 * 1.01, (float) 0.1), Contract.norse())
        .trace("1");
    double[] v = Npy.read(SharedCorpus.oracle().resolve("lif_norse_v.npy")).data();
    double[] z = Npy.read(SharedCorpus.oracle().resolve("lif_norse_spikes.npy")).data();
    assertTrue(LifCheck.compare(t, v, z, 1e-6).startsWith("step "),
        "a 1 % change of tau must show");
  }

  @Test
  void exactIntegratorReproducesTheExactSolutionOfThePaper() throws Exception {
    NodeTrace t = run(TestGraphs.lifNorse(), Contract.nir()
        .withIntegrator(Contract.Integrator.EXACT)).trace("1");
    double[][] csv = exactCsv();
    assertEquals(LifCheck.NONE, LifCheck.compare(t, column(csv, 1), column(csv, 2), 1e-6));
  }

  @Test
  void exactComparisonCatchesEulerInPlaceOfExact() throws Exception {
    NodeTrace t = run(TestGraphs.lifNorse(), Contract.nir()).trace("1");
    double[][] csv = exactCsv();
    assertTrue(LifCheck.compare(t, column(csv, 1), column(csv, 2), 1e-6).startsWith("step "));
  }

  static double[][] exactCsv() throws Exception {
    return csv("lif_exact.csv");
  }

  /** A per-platform trace of the NIR paper's LIF task: rows of (input, v, spike). */
  static double[][] csv(String name) throws Exception {
    Path p = SharedCorpus.nirData().resolve("neuromorphs_NIR/paper/01_lif").resolve(name);
    List<String> lines = Files.readAllLines(p);
    double[][] out = new double[lines.size()][];
    for (int k = 0; k < out.length; k++) {
      String[] f = lines.get(k).split(",");
      out[k] = new double[f.length];
      for (int j = 0; j < f.length; j++) {
        out[k][j] = Double.parseDouble(f[j]);
      }
    }
    return out;
  }

  static double[] column(double[][] m, int c) {
    double[] out = new double[m.length];
    for (int k = 0; k < m.length; k++) {
      out[k] = m[k][c];
    }
    return out;
  }

  @Test
  void exactCsvInputIsTheOracleInput() throws Exception {
    assertArrayEquals(column(exactCsv(), 0), Npy.read(SharedCorpus.oracle()
        .resolve("lif_input.npy")).data());
  }

  /** Compares one neuron's trace with reference v and spikes; the first difference, or NONE. */
  static final class LifCheck {
    static final String NONE = "equal";

    static String compare(NodeTrace t, double[] v, double[] z, double tol) {
      if (t.steps() != v.length) {
        return "length " + t.steps() + " vs " + v.length;
      }
      for (int k = 0; k < v.length; k++) {
        if ((t.output()[k][0] != 0) != (z[k] != 0)) {
          return "step " + k + ": spike " + t.output()[k][0] + " vs " + z[k];
        }
        if (Math.abs(t.v()[k][0] - v[k]) > tol) {
          return "step " + k + ": v " + t.v()[k][0] + " vs " + v[k];
        }
      }
      return NONE;
    }
  }

}
