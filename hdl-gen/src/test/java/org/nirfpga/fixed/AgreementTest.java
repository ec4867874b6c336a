package org.nirfpga.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.ref.Contract;
import org.nirfpga.nir.ref.Evaluator;
import org.nirfpga.nir.ref.ProgressListener;
import org.nirfpga.nir.ref.RunResult;

/** The bundled examples against the float evaluator, and the report's own fault detection. */
class AgreementTest {
  /** Input events of an example: spikes, or the lif ramp (0..3) as 16 fractional bits. */
  static EventRange events(Example e) {
    return e.name().equals("lif") ? new EventRange(0, 3 << 16, 16) : EventRange.SPIKES;
  }

  static QuantOptions wide(Example e) {
    return GoldenVsFloatTest.wide(Contract.nir()).withInputEvents(events(e));
  }

  @ParameterizedTest
  @ValueSource(strings = {"lif", "mlp", "rsnn", "cnn"})
  void everyExampleAtWideFormatsSpikesExactlyAsTheFloatModel(String name) throws Exception {
    Example e = Examples.named(name).orElseThrow();
    Agreement a = Agreement.measure(e.graph(), Quantizer.quantize(e.graph(), wide(e)),
        Contract.nir(), e.sampleInput());
    System.out.print(name + ":\n" + a.format());
    for (Agreement.LayerAgreement l : a.layers()) {
      assertEquals(1.0, l.spikeAgreement(), l.path() + ": " + l.firstMismatch());
      assertTrue(l.vRmse() < 1e-4, l.path() + " v rmse " + l.vRmse());
    }
    for (Agreement.OutputAgreement o : a.outputs()) {
      assertEquals(1.0, o.countAgreement(), o.path());
    }
    assertTrue(a.saturation().isEmpty(), a.saturation().toString());
  }

  @Test
  void inputsGivenByNodeMeasureAsTheSingleArrayDoes() throws Exception {
    Example e = Examples.named("mlp").orElseThrow();
    QuantConfig q = Quantizer.quantize(e.graph(), QuantOptions.defaults(Contract.norse()));
    Agreement one = Agreement.measure(e.graph(), q, Contract.norse(), e.sampleInput());
    String input = Evaluator.create(e.graph(), Contract.norse()).inputNames().get(0);
    Agreement byNode = Agreement.measure(e.graph(), q, Contract.norse(),
        Map.of(input, e.sampleInput()));
    assertEquals(one.format(), byNode.format());
  }

  @ParameterizedTest
  @ValueSource(strings = {"lif", "mlp", "rsnn", "cnn"})
  void everyExampleAt8And16BitsReportsItsAgreement(String name) throws Exception {
    Example e = Examples.named(name).orElseThrow();
    QuantOptions o = QuantOptions.defaults(Contract.nir()).withInputEvents(
        name.equals("lif") ? new EventRange(0, 3 << 8, 8) : EventRange.SPIKES);
    Agreement a = Agreement.measure(e.graph(), Quantizer.quantize(e.graph(), o),
        Contract.nir(), e.sampleInput());
    System.out.print(name + " 8/16:\n" + a.format());
    // Measured (spike agreement per layer; output spike-count agreement):
    // lif 0.855 (342/400, 37 spikes each: its one folded weight 0.1/256 rounds to 102/2^18,
    // 0.4% low, so the regular spike train drifts a step late in places); 1.0.
    // mlp lif1 0.9992, lif2 0.9825 (57 vs 59 spikes: 8-bit weights); 0.75 (3 of 4 counts).
    // rsnn lif 0.9994; readout values only. cnn if1 1.0, lif 1.0 (weights on the 1/32 grid).
    double floor = switch (name) {
      case "lif" -> 0.85;
      case "mlp" -> 0.98;
      case "rsnn" -> 0.999;
      default -> 1.0;
    };
    double countFloor = name.equals("mlp") ? 0.75 : 1.0;
    for (Agreement.LayerAgreement l : a.layers()) {
      assertTrue(l.spikeAgreement() >= floor, l.path() + " " + l.spikeAgreement());
    }
    for (Agreement.OutputAgreement out : a.outputs()) {
      assertTrue(out.countAgreement() >= countFloor, out.path() + " " + out.countAgreement());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mlp", "rsnn"})
  void aFlippedSpikeIsCaughtAndNamedByTheReport(String name) throws Exception {
    Example e = Examples.named(name).orElseThrow();
    QuantConfig q = Quantizer.quantize(e.graph(), wide(e));
    GoldenResult f = GoldenModel.create(e.graph(), q, Contract.nir()).run(e.sampleInput());
    LayerTrace first = f.layers().values().iterator().next();
    int[][] spikes = new int[first.spikes().length][];
    for (int t = 0; t < spikes.length; t++) {
      spikes[t] = first.spikes()[t].clone();
    }
    spikes[7][2] ^= 1;
    Map<String, LayerTrace> layers = new LinkedHashMap<>(f.layers());
    layers.put(first.path(), new LayerTrace(first.path(), first.type(), true, first.vFormat(),
        first.currentFormat(), first.currentScale(), first.threshold(), spikes, first.v(),
        first.current()));
    GoldenResult planted = new GoldenResult(f.steps(), layers, f.outputs(), f.outputSources(),
        f.saturation());
    Evaluator ev = Evaluator.create(e.graph(), Contract.nir());
    Set<String> rec = new java.util.LinkedHashSet<>(f.layers().keySet());
    rec.addAll(f.outputs().keySet());
    RunResult r = ev.run(e.sampleInput(), rec, ProgressListener.NONE);
    Agreement a = Agreement.compare(planted, r);
    Agreement.LayerAgreement l = a.layers().get(0);
    assertEquals(l.elements() - 1, l.matching());
    assertTrue(l.firstMismatch().startsWith("step 7, neuron 2: fixed "), l.firstMismatch());
  }
}
