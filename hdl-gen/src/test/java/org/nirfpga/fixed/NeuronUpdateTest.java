package org.nirfpga.fixed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.CubaLIF;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.IF;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LI;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.graph.Threshold;
import org.nirfpga.nir.ref.Contract;

/**
 * Hand-computed steps of every neuron update. dt = 1/16 s and tau = 1/4 s give alpha = 3/4, and
 * r = 4 gives an input gain of dt/tau * r = 1: weight 1.0 is code 64 in s8.6, v is s16.8, so one
 * input spike adds 256 to v and the threshold 1.5 is code 384.
 */
class NeuronUpdateTest {
  static final double DT = 0.0625;

  static Tensor v1(double x) {
    return Tensor.vector(x);
  }

  static NirGraph chain(NirNode neuron, int inputs, Tensor weight) {
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(inputs), null));
    nodes.put("fc", new Affine(weight, Tensor.full(new int[] {weight.dim(0)}, 0.0), null));
    nodes.put("n", neuron);
    nodes.put("out", new Output(Dims.of(weight.dim(0)), null));
    return new NirGraph(nodes,
        List.of(new Edge("in", "fc"), new Edge("fc", "n"), new Edge("n", "out")));
  }

  static NirGraph lifGraph() {
    return chain(new LIF(v1(0.25), v1(4), v1(0), v1(1.5), v1(0), null), 1,
        Tensor.of(new int[] {1, 1}, 1.0));
  }

  static QuantConfig config(Contract c, String type, DecayEncoding decay, EventRange in,
      FixedFormat current, int maxSpikes) {
    LayerQuant q = new LayerQuant(type, List.of("fc"), new FixedFormat(8, 6),
        new FixedFormat(16, 6), new FixedFormat(16, 8), current, decay, 8, Rounding.HALF_EVEN,
        Overflow.SATURATE, maxSpikes);
    return new QuantConfig(c.preset(), c.dt(), Map.of("in", in), Map.of("n", q));
  }

  static double[][] column(double... x) {
    double[][] out = new double[x.length][1];
    for (int t = 0; t < x.length; t++) {
      out[t][0] = x[t];
    }
    return out;
  }

  static long[] vColumn(GoldenResult r, int neuron) {
    long[][] v = r.layers().get("n").v();
    long[] out = new long[v.length];
    for (int t = 0; t < v.length; t++) {
      out[t] = v[t][neuron];
    }
    return out;
  }

  static int[] zColumn(GoldenResult r, int neuron) {
    int[][] z = r.layers().get("n").spikes();
    int[] out = new int[z.length];
    for (int t = 0; t < z.length; t++) {
      out[t] = z[t][neuron];
    }
    return out;
  }

  static GoldenResult run(NirGraph g, Contract c, QuantConfig q, double... input) throws Exception {
    return GoldenModel.create(g, q, c).run(column(input));
  }

  @Test
  void lifDecaysIntegratesAndResetsToVReset() throws Exception {
    Contract c = Contract.norse().withDt(DT);
    GoldenResult r = run(lifGraph(), c,
        config(c, "LIF", DecayEncoding.MULTIPLY, EventRange.SPIKES, null, 1), 1, 1, 1, 0, 1);
    // v: 256; 192+256=448>384 spike; 256; 192; 144+256=400>384 spike.
    assertArrayEquals(new long[] {256, 0, 256, 192, 0}, vColumn(r, 0));
    assertArrayEquals(new int[] {0, 1, 0, 0, 1}, zColumn(r, 0));
    assertArrayEquals(new double[] {0, 1, 0, 0, 1}, column(r.outputs().get("out")));
  }

  static double[] column(double[][] x) {
    double[] out = new double[x.length];
    for (int t = 0; t < x.length; t++) {
      out[t] = x[t][0];
    }
    return out;
  }

  @Test
  void shiftDecayMatchesTheMultiplierWhenAlphaIsOneMinusAPowerOfTwo() throws Exception {
    Contract c = Contract.norse().withDt(DT);
    GoldenResult r = run(lifGraph(), c,
        config(c, "LIF", DecayEncoding.SHIFT, EventRange.SPIKES, null, 1), 1, 1, 1, 0, 1);
    assertArrayEquals(new long[] {256, 0, 256, 192, 0}, vColumn(r, 0));
  }

  @Test
  void decayRoundsTheProductWithTheLayersRounding() throws Exception {
    // v = 2 codes after one input of weight 2/256: 0.75 * 2 = 1.5 codes.
    Contract c = Contract.norse().withDt(DT);
    NirGraph g = chain(new LI(v1(0.25), v1(4), v1(0), null), 1,
        Tensor.of(new int[] {1, 1}, 2.0 / 256));
    QuantConfig even = config(c, "LI", DecayEncoding.MULTIPLY, EventRange.SPIKES, null, 1);
    LayerQuant q = even.layers().get("n");
    QuantConfig floor = even.withLayer("n", new LayerQuant("LI", q.synapses(), q.weight(),
        q.accumulator(), q.v(), null, q.decay(), q.decayFracBits(), Rounding.FLOOR, q.overflow(),
        1));
    // weight 2/256 = 0.5 code in s8.6 rounds (half-even) to 0: use s8.8 instead.
    QuantConfig even8 = withWeightFrac(even, 8);
    QuantConfig floor8 = withWeightFrac(floor, 8);
    assertArrayEquals(new long[] {2, 2}, vColumn(run(g, c, even8, 1, 0), 0));
    assertArrayEquals(new long[] {2, 1}, vColumn(run(g, c, floor8, 1, 0), 0));
  }

  static QuantConfig withWeightFrac(QuantConfig cfg, int frac) {
    LayerQuant q = cfg.layers().get("n");
    return cfg.withLayer("n", new LayerQuant(q.type(), q.synapses(), new FixedFormat(8, frac),
        new FixedFormat(16, frac), q.v(), q.current(), q.decay(), q.decayFracBits(),
        q.rounding(), q.overflow(), q.maxSpikes()));
  }

  @Test
  void subtractResetKeepsTheExcessAboveThreshold() throws Exception {
    Contract c = Contract.norse().withDt(DT).withReset(Contract.Reset.SUBTRACT);
    GoldenResult r = run(lifGraph(), c,
        config(c, "LIF", DecayEncoding.MULTIPLY, EventRange.SPIKES, null, 1), 1, 1, 1);
    // 256; 448 - 384 = 64; 48 + 256 = 304.
    assertArrayEquals(new long[] {256, 64, 304}, vColumn(r, 0));
    assertArrayEquals(new int[] {0, 1, 0}, zColumn(r, 0));
  }

  @Test
  void delayedSubtractDecidesTheSpikeAfterSubtractingLastStepsExcess() throws Exception {
    Contract c = Contract.snntorch().withDt(DT).withReset(Contract.Reset.SUBTRACT_DELAYED);
    QuantConfig q = config(c, "LIF", DecayEncoding.MULTIPLY, new EventRange(0, 4), null, 1);
    GoldenResult r = run(lifGraph(), c, q, 4, 0);
    // step 0: 1024 > 384, v = 640 (still above). step 1: 480 - 384 = 96, no spike, v = 96 + 384.
    assertArrayEquals(new long[] {640, 480}, vColumn(r, 0));
    assertArrayEquals(new int[] {1, 0}, zColumn(r, 0));
    Contract plain = c.withReset(Contract.Reset.SUBTRACT);
    GoldenResult s = run(lifGraph(), plain, config(plain, "LIF", DecayEncoding.MULTIPLY,
        new EventRange(0, 4), null, 1), 4, 0);
    assertArrayEquals(new int[] {1, 1}, zColumn(s, 0));
    assertArrayEquals(new long[] {640, 96}, vColumn(s, 0));
  }

  static NirGraph cubaGraph() {
    // tau_syn 1/8 -> alpha_I 1/2; tau_mem 1/4 -> alpha_V 3/4; r * dt/tau_mem = 1; gain 1/2 * 2 = 1.
    return chain(new CubaLIF(v1(0.125), v1(0.25), v1(4), v1(0), v1(1.5), v1(0), v1(2), null), 1,
        Tensor.of(new int[] {1, 1}, 1.0));
  }

  @Test
  void cubaLifWithNewCurrentIntegratesThisStepsCurrent() throws Exception {
    Contract c = Contract.norse().withDt(DT);
    GoldenResult r = run(cubaGraph(), c, config(c, "CubaLIF", DecayEncoding.MULTIPLY,
        EventRange.SPIKES, new FixedFormat(16, 8), 1), 1, 1, 0);
    // I: 256, 128+256=384, 192.  v: 256, 192+384=576 > 384 spike -> 0, 0+192.
    assertArrayEquals(new long[] {256, 384, 192}, current(r));
    assertArrayEquals(new long[] {256, 0, 192}, vColumn(r, 0));
    assertArrayEquals(new int[] {0, 1, 0}, zColumn(r, 0));
    assertEquals(1.0, r.layers().get("n").currentDecoded()[0][0], 0.0);
  }

  static long[] current(GoldenResult r) {
    long[][] i = r.layers().get("n").current();
    long[] out = new long[i.length];
    for (int t = 0; t < i.length; t++) {
      out[t] = i[t][0];
    }
    return out;
  }

  @Test
  void cubaLifWithPreviousCurrentLagsOneStep() throws Exception {
    Contract c = Contract.nir().withDt(DT);
    GoldenResult r = run(cubaGraph(), c, config(c, "CubaLIF", DecayEncoding.MULTIPLY,
        EventRange.SPIKES, new FixedFormat(16, 8), 1), 1, 1, 0);
    // v: 0; 0+256; 192+384 = 576 > 384 spike.
    assertArrayEquals(new long[] {0, 256, 0}, vColumn(r, 0));
    assertArrayEquals(new int[] {0, 0, 1}, zColumn(r, 0));
  }

  @Test
  void sinabsIfEmitsSeveralSpikesAndClampsAtMinusThreshold() throws Exception {
    Contract c = Contract.sinabs().withDt(DT);
    NirGraph g = chain(new IF(Tensor.vector(1, 1), Tensor.vector(1, 1), Tensor.vector(0, 0), null),
        1, Tensor.of(new int[] {2, 1}, 1.0, -1.0));
    QuantConfig q = config(c, "IF", DecayEncoding.MULTIPLY, new EventRange(0, 8), null, 8);
    GoldenResult r = run(g, c, q, 3, 1);
    // neuron 0: 768 -> 3 spikes, v 0; then 256 -> 1 spike. neuron 1: -768 clamps to -256 twice.
    assertArrayEquals(new int[] {3, 1}, zColumn(r, 0));
    assertArrayEquals(new long[] {0, 0}, vColumn(r, 0));
    assertArrayEquals(new long[] {-256, -256}, vColumn(r, 1));
    assertEquals(0, r.saturationTotal());
  }

  @Test
  void sinabsIfCountsStepsThatWantedMoreThanMaxSpikes() throws Exception {
    Contract c = Contract.sinabs().withDt(DT);
    NirGraph g = chain(new IF(v1(1), v1(1), v1(0), null), 1, Tensor.of(new int[] {1, 1}, 1.0));
    GoldenResult r = run(g, c, config(c, "IF", DecayEncoding.MULTIPLY, new EventRange(0, 8), null,
        2), 3);
    assertArrayEquals(new int[] {2}, zColumn(r, 0));
    assertArrayEquals(new long[] {256}, vColumn(r, 0));
    assertEquals(Map.of("n.spikes", 1L), r.saturation());
  }

  @Test
  void nirIfScalesItsInputByDtAndPerStepIfDoesNot() throws Exception {
    NirGraph g = chain(new IF(v1(16), v1(1.5), v1(0), null), 1, Tensor.of(new int[] {1, 1}, 1.0));
    Contract nir = Contract.nir().withDt(DT);
    // dt * r = 1: one spike adds 256.
    assertArrayEquals(new long[] {256, 0}, vColumn(run(g, nir,
        config(nir, "IF", DecayEncoding.MULTIPLY, EventRange.SPIKES, null, 1), 1, 1), 0));
    NirGraph g1 = chain(new IF(v1(1), v1(1.5), v1(0), null), 1, Tensor.of(new int[] {1, 1}, 1.0));
    Contract norse = Contract.norse().withDt(DT);
    assertArrayEquals(new long[] {256, 0}, vColumn(run(g1, norse,
        config(norse, "IF", DecayEncoding.MULTIPLY, EventRange.SPIKES, null, 1), 1, 1), 0));
  }

  @Test
  void thresholdComparesItsAccumulatorStrictly() throws Exception {
    Contract c = Contract.norse().withDt(DT);
    NirGraph g = chain(new Threshold(v1(1.0), null), 1, Tensor.of(new int[] {1, 1}, 1.0));
    QuantConfig q = config(c, "Threshold", DecayEncoding.MULTIPLY, new EventRange(0, 2), null, 1);
    GoldenResult r = run(g, c, q, 1, 2, 0);
    // acc 64 (= 1.0) is not > 1.0; 128 is.
    assertArrayEquals(new int[] {0, 1, 0}, zColumn(r, 0));
    assertArrayEquals(new long[] {64, 128, 0}, vColumn(r, 0));
  }

  @Test
  void liOutputsItsMembraneAsValues() throws Exception {
    Contract c = Contract.norse().withDt(DT);
    NirGraph g = chain(new LI(v1(0.25), v1(4), v1(0), null), 1, Tensor.of(new int[] {1, 1}, 1.0));
    GoldenResult r = run(g, c, config(c, "LI", DecayEncoding.MULTIPLY, EventRange.SPIKES, null, 1),
        1, 0, 0);
    assertArrayEquals(new double[] {1.0, 0.75, 0.5625}, column(r.outputs().get("out")));
    assertEquals(null, r.layers().get("n").spikes());
  }

  @Test
  void membraneSaturatesAtItsWidthAndCountsEachEvent() throws Exception {
    Contract c = Contract.norse().withDt(DT);
    NirGraph g = chain(new LI(v1(0.25), v1(4), v1(0), null), 1, Tensor.of(new int[] {1, 1}, 1.0));
    QuantConfig q = config(c, "LI", DecayEncoding.MULTIPLY, new EventRange(0, 200), null, 1);
    LayerQuant l = q.layers().get("n");
    QuantConfig narrow = q.withLayer("n", l.withV(new FixedFormat(12, 8)));
    GoldenResult r = run(g, c, narrow, 10, 0);
    // 10 spikes = 2560 > 2047: clamps to 2047, then decays to 1535.
    assertArrayEquals(new long[] {2047, 1535}, vColumn(r, 0));
    assertEquals(Map.of("n.v", 1L), r.saturation());
    assertTrue(run(g, c, q, 10, 0).saturation().isEmpty());
  }

  @Test
  void constantsExposeTheMemoryContentsTheStepUses() throws Exception {
    Contract c = Contract.norse().withDt(DT);
    GoldenModel m = GoldenModel.create(lifGraph(), config(c, "LIF", DecayEncoding.MULTIPLY,
        EventRange.SPIKES, null, 1), c);
    LayerConstants k = m.constants().get(0);
    assertEquals("n", k.path());
    assertEquals(List.of("fc"), k.chains().get(0).synapses());
    assertArrayEquals(new int[] {0}, k.chains().get(0).targets()[0]);
    assertArrayEquals(new long[] {64}, k.chains().get(0).weights()[0]); // 1.0 in s8.6
    assertArrayEquals(new long[] {192}, k.alphaV()); // 0.75 * 2^8
    assertArrayEquals(new int[] {2}, k.shiftV()); // 1 - 2^-2
    assertArrayEquals(new long[] {384}, k.threshold()); // 1.5 in s16.8
    assertArrayEquals(new long[] {0}, k.preload()[0]);
    assertEquals(0, k.chains().get(0).lag());
  }
}
