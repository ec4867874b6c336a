package org.nirfpga.nir.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.CubaLI;
import org.nirfpga.nir.graph.CubaLIF;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.I;
import org.nirfpga.nir.graph.IF;
import org.nirfpga.nir.graph.LI;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.graph.Threshold;
import org.nirfpga.nir.ref.Contract.CubaCurrentOrder;
import org.nirfpga.nir.ref.Contract.IfMode;
import org.nirfpga.nir.ref.Contract.Integrator;
import org.nirfpga.nir.ref.Contract.Reset;
import org.nirfpga.nir.ref.Contract.SpikeAmplitude;

/** Each contract option on one neuron, against values worked out by hand. */
class NeuronContractTest {
  static Tensor s(double v) {
    return Tensor.scalar(v);
  }

  static NodeTrace run(NirNode neuron, Contract c, double... inputs) throws NirfpgaException {
    NirGraph g = PrimitivesTest.chain(Dims.of(1), neuron);
    double[][] in = new double[inputs.length][];
    for (int t = 0; t < inputs.length; t++) {
      in[t] = new double[] {inputs[t]};
    }
    return Evaluator.create(g, c).run(in, Set.of("n"), ProgressListener.NONE).trace("n");
  }

  static double[] col(double[][] m) {
    double[] out = new double[m.length];
    for (int t = 0; t < m.length; t++) {
      out[t] = m[t][0];
    }
    return out;
  }

  static IF ifNeuron() {
    return new IF(s(1), s(1), s(0), null);
  }

  @Test
  void nirIfIntegratesRTimesInputTimesDtAndFiresStrictlyAbove() throws Exception {
    NodeTrace t = run(ifNeuron(), Contract.nir(), 5000, 5000, 5000, 5000);
    assertArrayEquals(new double[] {0.5, 1.0, 0.0, 0.5}, col(t.v()), 1e-12);
    assertArrayEquals(new double[] {0, 0, 1, 0}, col(t.output()));
  }

  @Test
  void perStepIfAddsTheInputOncePerStep() throws Exception {
    NodeTrace t = run(ifNeuron(), Contract.norse(), 0.6, 0.6, 0.6);
    assertArrayEquals(new double[] {0.6, 0.0, 0.6}, col(t.v()), 1e-12);
    assertArrayEquals(new double[] {0, 1, 0}, col(t.output()));
  }

  @Test
  void sinabsIfEmitsSpikeCountsSubtractsAndClampsAtMinusThreshold() throws Exception {
    NodeTrace t = run(ifNeuron(), Contract.sinabs(), 2.5, -5, 1, 2);
    assertArrayEquals(new double[] {2, 0, 0, 2}, col(t.output()));
    assertArrayEquals(new double[] {0.5, -1, 0, 0}, col(t.v()), 1e-12);
  }

  @Test
  void inverseDtAmplitudeScalesEverySpike() throws Exception {
    NodeTrace t = run(ifNeuron(), Contract.norse().withSpikeAmplitude(SpikeAmplitude.INVERSE_DT),
        2);
    assertEquals(1e4, t.output()[0][0], 1e-9);
    assertEquals(1, t.spikeCount());
  }

  @Test
  void subtractDelayedDiffersFromSubtractOnlyAboveThresholdAfterASpike() throws Exception {
    Contract c = Contract.norse();
    NodeTrace sub = run(ifNeuron(), c.withReset(Reset.SUBTRACT), 2.5, 0, 0);
    assertArrayEquals(new double[] {1, 1, 0}, col(sub.output()));
    assertArrayEquals(new double[] {1.5, 0.5, 0.5}, col(sub.v()), 1e-12);
    // snnTorch (reset_delay=False): r = v > th; v += x - r th; z = v > th; v -= (z - r) th.
    NodeTrace delayed = run(ifNeuron(), c.withReset(Reset.SUBTRACT_DELAYED), 2.5, 0, 0);
    assertArrayEquals(new double[] {1, 0, 0}, col(delayed.output()));
    assertArrayEquals(new double[] {1.5, 1.5, 1.5}, col(delayed.v()), 1e-12);
  }

  @Test
  void toVResetSetsVReset() throws Exception {
    NodeTrace t = run(new IF(s(1), s(1), s(-0.25), null), Contract.norse(), 1.5, 0.5);
    assertArrayEquals(new double[] {-0.25, 0.25}, col(t.v()), 1e-12);
  }

  @Test
  void integratorAddsDtTimesRTimesInput() throws Exception {
    NodeTrace t = run(new I(s(2), null), Contract.nir(), 1000, 1000);
    assertArrayEquals(new double[] {0.2, 0.4}, col(t.output()), 1e-12);
  }

  @Test
  void leakyIntegratorEulerAndExact() throws Exception {
    LI li = new LI(s(1e-3), s(1), s(0), null);
    NodeTrace euler = run(li, Contract.nir(), 1, 1);
    assertArrayEquals(new double[] {0.1, 0.19}, col(euler.v()), 1e-12);
    NodeTrace exact = run(li, Contract.nir().withIntegrator(Integrator.EXACT), 1);
    assertEquals(1 - Math.exp(-0.1), exact.v()[0][0], 1e-12);
  }

  @Test
  void expDecayDecaysExactlyAndAddsTheEulerScaledInput() throws Exception {
    LI li = new LI(s(1e-3), s(2), s(0), null);
    NodeTrace t = run(li, Contract.nir().withIntegrator(Integrator.EXP_DECAY), 1, 1);
    assertArrayEquals(new double[] {0.2, 0.2 * Math.exp(-0.1) + 0.2}, col(t.v()), 1e-12);
    CubaLI c = new CubaLI(s(2e-4), s(1e-3), s(1), s(0), s(1), null);
    NodeTrace cuba = run(c, Contract.nir().withIntegrator(Integrator.EXP_DECAY)
        .withCubaCurrentOrder(CubaCurrentOrder.NEW), 1, 0);
    assertArrayEquals(new double[] {0.5, 0.5 * Math.exp(-0.5)}, col(cuba.i()), 1e-12);
    assertEquals(0.05, cuba.v()[0][0], 1e-12);
  }

  static CubaLIF cuba(double tauSyn, double tauMem, double th) {
    return new CubaLIF(s(tauSyn), s(tauMem), s(1), s(0), s(th), s(0), s(1), null);
  }

  @Test
  void cubaCurrentOrderChoosesTheCurrentTheMembraneSees() throws Exception {
    CubaLIF n = cuba(2e-4, 2e-4, 10);
    NodeTrace newer = run(n, Contract.nir().withCubaCurrentOrder(CubaCurrentOrder.NEW), 1);
    NodeTrace older = run(n, Contract.nir().withCubaCurrentOrder(CubaCurrentOrder.PREVIOUS), 1);
    assertEquals(0.5, newer.i()[0][0], 1e-12);
    assertEquals(0.25, newer.v()[0][0], 1e-12);
    assertEquals(0.5, older.i()[0][0], 1e-12);
    assertEquals(0.0, older.v()[0][0], 1e-12);
  }

  @Test
  void exactCubaLiMatchesAVeryFineEulerRun() throws Exception {
    CubaLI n = new CubaLI(s(3e-3), s(5e-3), s(2), s(0.1), s(1.5), null);
    NodeTrace exact = run(n, Contract.nir().withIntegrator(Integrator.EXACT).withDt(1e-3),
        1, 1, 0, 0);
    double[] fine = new double[4000];
    for (int t = 0; t < 2000; t++) {
      fine[t] = 1;
    }
    NodeTrace euler = run(n, Contract.nir().withCubaCurrentOrder(CubaCurrentOrder.NEW)
        .withDt(1e-6), fine);
    for (int k = 0; k < 4; k++) {
      assertEquals(euler.v()[(k + 1) * 1000 - 1][0], exact.v()[k][0], 2e-4);
    }
  }

  @Test
  void exactStepsAreExactWhateverTheStepSize() throws Exception {
    for (NirNode n : new NirNode[] {cuba(3e-3, 5e-3, 0.1),
        new LIF(s(4e-3), s(1), s(0), s(0.3), s(0), null)}) {
      Contract c = Contract.nir().withIntegrator(Integrator.EXACT);
      NodeTrace coarse = run(n, c.withDt(1e-3), 1, 1, 1, 1, 1, 1);
      double[] in = new double[60];
      java.util.Arrays.fill(in, 1.0);
      NodeTrace fineRun = run(n, c.withDt(1e-4), in);
      assertEquals(fineRun.v()[59][0], coarse.v()[5][0], 1e-9, n.type());
      assertEquals(fineRun.spikeCount(), coarse.spikeCount(), n.type());
      assertTrue(coarse.spikeCount() >= 2, n.type() + " should spike");
    }
  }

  @Test
  void lifEulerFollowsNorsesUpdate() throws Exception {
    LIF n = new LIF(s(1e-3), s(2), s(0.1), s(0.5), s(0), null);
    NodeTrace t = run(n, Contract.norse(), 1, 1, 1);
    double v = 0;
    double[] expected = new double[3];
    for (int k = 0; k < 3; k++) {
      v = v + 0.1 * ((0.1 - v) + 2 * 1);
      if (v > 0.5) {
        v = 0;
      }
      expected[k] = v;
    }
    assertArrayEquals(expected, col(t.v()), 1e-12);
    assertNotEquals(0, t.spikeCount());
  }

  @Test
  void thresholdIsAStrictHeaviside() throws Exception {
    NodeTrace t = run(new Threshold(s(0.5), null), Contract.nir(), 0.4, 0.5, 0.6);
    assertArrayEquals(new double[] {0, 0, 1}, col(t.output()));
  }

  @Test
  void aNonPositiveTimeConstantIsNamed() {
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> run(new LI(s(0), s(1), s(0), null), Contract.nir(), 1));
    assertEquals("node 'n': tau[0] = 0.0; it must be a positive finite number", e.getMessage());
  }
}
