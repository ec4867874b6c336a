package org.nirfpga.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.ref.Contract;

/**
 * The top drops an input event whose address is at or past the input's size (possible when the
 * size is not a power of two), keeps its stream moving and raises a sticky bit of err_o.
 */
class InputAddressDropTest {
  private static final int STEPS = 24;
  private static final int BAD_STEP = 9;

  private static GeneratedPipeline generate(NirGraph g, String name) throws Exception {
    Contract c = Contract.nir();
    QuantConfig q = Graphs.quantize(g, c);
    return PipelineGenerator.generate(g, q, c, name + ".nir", name + "_top");
  }

  /** The words of one step's events of {@code in} (codes per address, 0 = none). */
  private static long[] words(EventPort in, long[] codes) {
    long mask = in.valueBits() == 0 ? 0 : (1L << in.valueBits()) - 1;
    return IntStream.range(0, codes.length).filter(j -> codes[j] != 0)
        .mapToLong(j -> ((long) j << in.valueBits()) | (codes[j] & mask)).toArray();
  }

  /** Every input's codes at step {@code t} of {@code x} (x[input][step][element]). */
  private static Map<String, long[]> codes(GeneratedPipeline p, double[][][] x, int t) {
    Map<String, long[]> m = new LinkedHashMap<>();
    for (int i = 0; i < p.inputs().size(); i++) {
      m.put(p.inputs().get(i).node(), Arrays.stream(x[i][t]).mapToLong(v -> (long) v).toArray());
    }
    return m;
  }

  /**
   * Runs {@code p} twice over the same spikes, the second time with events at every address
   * past each input's size sent before and after the events of step {@code BAD_STEP}; returns
   * the first way the second run differs from the first, or where err_o is not what it should
   * be (0 in a clean run and before the bad events, bit 0 from then on, 0 again after reset).
   */
  static Optional<String> firstProblem(GeneratedPipeline p) {
    double[][][] x = new double[p.inputs().size()][][];
    for (int i = 0; i < x.length; i++) {
      x[i] = Graphs.spikes(61 + i, STEPS, p.inputs().get(i).size(), 0.4);
    }
    PipelineSimulation clean = new PipelineSimulation(p);
    PipelineSimulation hit = new PipelineSimulation(p);
    long bit = 1L << PipelineGenerator.ERR_INPUT_ADDRESS;
    for (int t = 0; t < STEPS; t++) {
      Map<String, long[]> codes = codes(p, x, t);
      Map<String, long[]> want = clean.step(codes);
      if (clean.errors() != 0) {
        return Optional.of("clean run: err_o = " + clean.errors() + " after step " + t);
      }
      Map<String, long[]> words = new LinkedHashMap<>();
      for (EventPort in : p.inputs()) {
        long[] good = words(in, codes.get(in.node()));
        if (t != BAD_STEP) {
          words.put(in.node(), good);
          continue;
        }
        int bad = (1 << in.addressBits()) - in.size();
        long[] all = new long[good.length + 2 * bad];
        for (int b = 0; b < bad; b++) {
          // A bad address with the largest value bits: nothing of it may leak through.
          long w = ((long) (in.size() + b) << in.valueBits()) | ((1L << in.valueBits()) - 1);
          all[b] = w;
          all[bad + good.length + b] = w;
        }
        System.arraycopy(good, 0, all, bad, good.length);
        words.put(in.node(), all);
      }
      Map<String, long[]> got = hit.stepWords(words);
      for (String out : want.keySet()) {
        if (!Arrays.equals(want.get(out), got.get(out))) {
          return Optional.of("step " + t + ", output '" + out + "': "
              + Arrays.toString(got.get(out)) + " with the bad events, "
              + Arrays.toString(want.get(out)) + " without");
        }
      }
      long expected = t >= BAD_STEP ? bit : 0;
      if (hit.errors() != expected) {
        return Optional.of("err_o = " + hit.errors() + " after step " + t + ", expected "
            + expected + " (bad addresses sent in step " + BAD_STEP + ")");
      }
    }
    if (hit.timestep() != STEPS) {
      return Optional.of("timestep_o = " + hit.timestep() + " after " + STEPS + " steps");
    }
    hit.reset();
    if (hit.errors() != 0) {
      return Optional.of("err_o = " + hit.errors() + " after reset");
    }
    return Optional.empty();
  }

  @Test
  void outOfRangeAddressIsDroppedFlaggedAndStickyUntilReset() throws Exception {
    // Input(3) feeds a LIF whose second chain (its recurrent edge) sits right after the
    // input's rows: an undropped address 3 would add a recurrent row's weights.
    GeneratedPipeline p = generate(GraphStructureTest.recurrentGraph(), "rec");
    assertEquals(3, p.inputs().get(0).size());
    assertEquals(Optional.empty(), firstProblem(p));
  }

  @Test
  void secondOfTwoInputsDropsItsOutOfRangeAddresses() throws Exception {
    // in1(4) has no spare address; in2(3) has one.
    GeneratedPipeline p = generate(TestGraphs.fan(), "fan");
    assertEquals(Optional.empty(), firstProblem(p));
  }

  private static Optional<String> problemWithFault(String fault) throws Exception {
    System.setProperty(PipelineGenerator.TEST_FAULT_ADDRESS_GUARD, fault);
    try {
      return firstProblem(generate(GraphStructureTest.recurrentGraph(), "rec"));
    } finally {
      System.clearProperty(PipelineGenerator.TEST_FAULT_ADDRESS_GUARD);
    }
  }

  @Test
  void checkCatchesADesignThatLetsTheBadAddressThrough() throws Exception {
    Optional<String> problem = problemWithFault("no-drop");
    assertTrue(problem.isPresent(), "the check passed a design without the drop");
    assertTrue(problem.get().startsWith("step " + BAD_STEP + ", output 'out': "),
        problem.get());
  }

  @Test
  void checkCatchesADesignThatDropsWithoutRaisingTheFlag() throws Exception {
    assertEquals(Optional.of("err_o = 0 after step " + BAD_STEP + ", expected 1 (bad addresses"
        + " sent in step " + BAD_STEP + ")"), problemWithFault("no-flag"));
  }

  @Test
  void powerOfTwoInputNeedsNoDropAndAValidRunLeavesErrAtZero() throws Exception {
    GeneratedPipeline p = generate(Graphs.readout("LI"), "ro");
    assertEquals(4, p.inputs().get(0).size());
    assertTrue(p.design().files().values().stream().noneMatch(v -> v.contains("addr_bad")),
        "a 4-wide input has no spare address to drop");
    PipelineSimulation sim = new PipelineSimulation(p);
    for (double[] step : Graphs.spikes(8, 10, 4, 0.5)) {
      sim.step(Arrays.stream(step).mapToInt(v -> (int) v).toArray());
    }
    assertEquals(10, sim.timestep());
    assertEquals(0, sim.errors());
  }

  @Test
  void goldenModelRefusesAStepWithAnElementPastTheInputSoCosimNeverSendsOne() throws Exception {
    // Its input is dense, one value per element: an address past the input cannot be said,
    // only a longer row, which is refused before anything runs.
    NirGraph g = Graphs.smallIf(1.0);
    Contract c = Contract.nir();
    double[][] x = {{0, 1, 0}, {0, 0, 1, 1}};
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> Graphs.golden(g, Graphs.quantize(g, c), c, x));
    assertEquals("input 'in': step 1 has 4 values, the input node takes 3", e.getMessage());
  }

  @Test
  void manifestDocumentsTheErrorBits() throws Exception {
    GeneratedPipeline p = generate(Graphs.smallIf(1.0), "small");
    assertEquals(PipelineGenerator.ERR_BITS, p.err().width());
    assertTrue(p.manifestJson().contains("err_o: sticky error bits"), p.manifestJson());
  }
}
