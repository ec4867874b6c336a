package org.nirfpga.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LI;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.ref.Contract;

class QuantizerTest {
  /** 16 inputs all wired with +1.0 into one LI neuron (it never resets, so v just integrates). */
  static NirGraph fanIn(double weight, int n) {
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(n), null));
    nodes.put("fc", new Linear(Tensor.full(new int[] {1, n}, weight), null));
    nodes.put("li", new LI(Tensor.vector(1e-3), Tensor.vector(1), Tensor.vector(0), null));
    nodes.put("out", new Output(Dims.of(1), null));
    return new NirGraph(nodes,
        List.of(new Edge("in", "fc"), new Edge("fc", "li"), new Edge("li", "out")));
  }

  static double[][] allOnes(int steps, int n) {
    double[][] x = new double[steps][n];
    for (double[] r : x) {
      java.util.Arrays.fill(r, 1.0);
    }
    return x;
  }

  @Test
  void weightScaleIsThePowerOfTwoThatFitsTheLargestFoldedWeight() throws Exception {
    // lif_norse-like: weight 1 * dt/tau * r = 0.04 -> 0.04 * 2^11 = 81.9 fits 8 bits, 2^12 not.
    QuantConfig q = Quantizer.quantize(fanIn(0.4, 1), QuantOptions.defaults(Contract.norse()));
    assertEquals(new FixedFormat(8, 11), q.layers().get("li").weight());
    assertEquals(7, Quantizer.fracFor(0.99, 8)); // 126.7 -> 127 fits
    assertEquals(6, Quantizer.fracFor(1.0, 8)); // 128 does not
  }

  @Test
  void intervalAnalysisSizesTheAccumulatorForEveryInputFiringAtOnce() throws Exception {
    // gain dt/tau = 0.1: each weight folds to 0.1 -> s8.10 code 102; 16 of them: 1632 -> 12 bits.
    QuantConfig q = Quantizer.quantize(fanIn(1.0, 16), QuantOptions.defaults(Contract.norse()));
    LayerQuant l = q.layers().get("li");
    assertEquals(new FixedFormat(8, 10), l.weight());
    assertEquals(new FixedFormat(12, 10), l.accumulator());
    GoldenResult r = GoldenModel.create(fanIn(1.0, 16), q, Contract.norse()).run(allOnes(50, 16));
    assertTrue(r.saturation().getOrDefault("li.acc", 0L) == 0, r.saturation().toString());
  }

  @Test
  void aPlantedTooNarrowAccumulatorSaturatesAndEveryEventIsCounted() throws Exception {
    QuantOptions o = QuantOptions.defaults(Contract.norse()).withAccumulatorBits(11);
    QuantConfig q = Quantizer.quantize(fanIn(1.0, 16), o);
    assertEquals(11, q.layers().get("li").accumulator().totalBits());
    GoldenResult r = GoldenModel.create(fanIn(1.0, 16), q, Contract.norse()).run(allOnes(50, 16));
    // 11 bits hold 1023 = 10 events of 102; the 11th to 16th add saturates: 6 per step.
    assertEquals(Map.of("li.acc", 300L), r.saturation());
  }

  @Test
  void accumulatorsNeverSaturateOnRandomNetworksAndInputs() throws Exception {
    SplittableRandom rnd = new SplittableRandom(11);
    for (int trial = 0; trial < 20; trial++) {
      int in = 1 + rnd.nextInt(40);
      int out = 1 + rnd.nextInt(20);
      double[] w = new double[in * out];
      for (int i = 0; i < w.length; i++) {
        w[i] = rnd.nextDouble(-2, 2) * (rnd.nextInt(4) == 0 ? 10 : 1);
      }
      Map<String, NirNode> nodes = new LinkedHashMap<>();
      nodes.put("in", new Input(Dims.of(in), null));
      nodes.put("fc", new Linear(Tensor.of(new int[] {out, in}, w), null));
      nodes.put("lif", new LIF(Tensor.full(new int[] {out}, 2e-3), Tensor.full(new int[] {out}, 1),
          Tensor.full(new int[] {out}, 0), Tensor.full(new int[] {out}, 1),
          Tensor.full(new int[] {out}, 0), null));
      nodes.put("o", new Output(Dims.of(out), null));
      NirGraph g = new NirGraph(nodes,
          List.of(new Edge("in", "fc"), new Edge("fc", "lif"), new Edge("lif", "o")));
      EventRange events = new EventRange(0, 1 + rnd.nextInt(7));
      QuantConfig q = Quantizer.quantize(g,
          QuantOptions.defaults(Contract.norse()).withInputEvents(events));
      double[][] x = new double[30][in];
      for (double[] row : x) {
        for (int j = 0; j < in; j++) {
          row[j] = rnd.nextInt(3) == 0 ? events.max() : rnd.nextInt((int) events.max() + 1);
        }
      }
      GoldenResult r = GoldenModel.create(g, q, Contract.norse()).run(x);
      assertEquals(0L, r.saturation().getOrDefault("lif.acc", 0L), "trial " + trial);
    }
  }

  @Test
  void anInputOutsideTheConfiguredEventRangeIsRefused() throws Exception {
    QuantConfig q = Quantizer.quantize(fanIn(1.0, 2), QuantOptions.defaults(Contract.norse()));
    GoldenModel m = GoldenModel.create(fanIn(1.0, 2), q, Contract.norse());
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> m.run(new double[][] {{0, 1}, {2, 0}}));
    assertEquals("input 'in': step 1, element 0 = 2.0 is not an integer event value in [0, 1];"
        + " widen inputs.in in the quantization config", e.getMessage());
  }

  @Test
  void quantizingIsDeterministic() throws Exception {
    NirGraph g = Examples.named("cnn").orElseThrow().graph();
    String a = Quantizer.quantize(g, QuantOptions.defaults(Contract.nir())).toJson();
    String b = Quantizer.quantize(g, QuantOptions.defaults(Contract.nir())).toJson();
    assertEquals(a, b);
  }

  @Test
  void shiftDecayNeedsNoMultiplierAndStaysCloseToTheFloatModel() throws Exception {
    // tau = 2 ms at dt = 0.1 ms: alpha 0.95 becomes 1 - 2^-4 = 0.9375 with the shift encoding.
    NirGraph g = Examples.named("mlp").orElseThrow().graph();
    double[][] x = Examples.named("mlp").orElseThrow().sampleInput();
    QuantOptions o = QuantOptions.defaults(Contract.norse()).withDecay(DecayEncoding.SHIFT, 12);
    QuantConfig q = Quantizer.quantize(g, o);
    assertEquals(DecayEncoding.SHIFT, q.layers().get("lif1").decay());
    Agreement a = Agreement.measure(g, q, Contract.norse(), x);
    assertTrue(a.layers().get(0).spikeAgreement() > 0.9, a.format());
  }

  @Test
  void theEventRangeCoveringAnInputUsesIntegersWhenItCan() {
    assertEquals(new EventRange(0, 1, 0), EventRange.covering(new double[][] {{0, 1}, {1, 0}}));
    assertEquals(new EventRange(0, 8, 0), EventRange.covering(new double[][] {{0, 8}, {3, 0}}));
    assertEquals(new EventRange(-2, 3, 0), EventRange.covering(new double[][] {{-2, 3}}));
    // 2.5 needs fractions: 16 bits keep 2.5 * 2^16 within 2^20.
    assertEquals(new EventRange(0, 163840, 16), EventRange.covering(new double[][] {{0.5, 2.5}}));
    // 100.5 allows only 13 fractional bits.
    assertEquals(new EventRange(0, 823296, 13), EventRange.covering(new double[][] {{100.5}}));
  }
}
