package org.nirfpga.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nirfpga.fixed.DecayEncoding;
import org.nirfpga.fixed.EventRange;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.fixed.Overflow;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.fixed.Rounding;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.ref.Contract;

/**
 * Every arithmetic option of the quantization config (decay encoding, rounding, overflow, narrow
 * accumulators and state) stays bit-exact on the mlp example.
 */
class ArithmeticVariantsTest {
  private static final Contract NIR = Contract.nir();

  static Stream<Arguments> variants() {
    QuantOptions d = QuantOptions.defaults(NIR);
    return Stream.of(
        Arguments.of("shift decay", d.withDecay(DecayEncoding.SHIFT, 12), ""),
        Arguments.of("floor rounding", d.withRounding(Rounding.FLOOR), ""),
        Arguments.of("half-up rounding", d.withRounding(Rounding.HALF_UP), ""),
        Arguments.of("9-bit saturating accumulator", d.withAccumulatorBits(9), "lif1.acc"),
        Arguments.of("9-bit wrapping accumulator", new QuantOptions(NIR, 8, 16,
            DecayEncoding.MULTIPLY, 12, Rounding.HALF_EVEN, Overflow.WRAP, EventRange.SPIKES, 9,
            QuantOptions.DEFAULT_HEADROOM), "lif1.acc"),
        Arguments.of("10-bit state, 1 threshold of headroom",
            d.withBits(8, 10).withHeadroom(1), "lif1.v"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void mlpStaysBitExact(String name, QuantOptions options, String saturatingSite)
      throws Exception {
    Example e = Examples.named("mlp").orElseThrow();
    double[][] x = Arrays.copyOf(e.sampleInput(), 100);
    QuantConfig q = Quantizer.quantize(e.graph(), options);
    GoldenResult g = Graphs.golden(e.graph(), q, NIR, x);
    if (!saturatingSite.isEmpty()) {
      assertTrue(g.saturation().getOrDefault(saturatingSite, 0L) > 0,
          "the variant must exercise " + saturatingSite + ": " + g.saturation());
    }
    GeneratedPipeline p = PipelineGenerator.generate(e.graph(), q, NIR, "mlp.nir", "mlp_top");
    assertEquals(Optional.empty(), RtlVsGolden.firstDifference(p, g, x, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void saturationComparisonCatchesAMiscountedSite(String name, QuantOptions options,
      String saturatingSite) throws Exception {
    Example e = Examples.named("mlp").orElseThrow();
    double[][] x = Arrays.copyOf(e.sampleInput(), 20);
    QuantConfig q = Quantizer.quantize(e.graph(), options);
    GoldenResult g = Graphs.golden(e.graph(), q, NIR, x);
    Map<String, Long> sat = new HashMap<>(g.saturation());
    sat.merge("lif2.v", 1L, Long::sum);
    GoldenResult planted = new GoldenResult(g.steps(), g.layers(), g.outputs(),
        g.outputSources(), sat);
    GeneratedPipeline p = PipelineGenerator.generate(e.graph(), q, NIR, "mlp.nir", "mlp_top");
    Optional<String> diff = RtlVsGolden.firstDifference(p, planted, x, false);
    assertTrue(diff.isPresent() && diff.get().contains("saturation count lif2.v"),
        diff.toString());
  }
}
