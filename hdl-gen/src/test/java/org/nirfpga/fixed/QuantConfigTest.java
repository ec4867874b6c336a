package org.nirfpga.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.ref.Contract;

class QuantConfigTest {
  static QuantConfig rsnn() throws Exception {
    return Quantizer.quantize(Examples.named("rsnn").orElseThrow().graph(),
        QuantOptions.defaults(Contract.norse()));
  }

  @Test
  void jsonRoundTripsToAnEqualConfigAndTheSameBytes() throws Exception {
    QuantConfig q = rsnn();
    String json = q.toJson();
    QuantConfig back = QuantConfig.fromJson(json, "q.json");
    assertEquals(q, back);
    assertEquals(json, back.toJson());
  }

  @Test
  void jsonKeepsAFixedKeyOrder() throws Exception {
    String json = rsnn().toJson();
    int[] at = {json.indexOf("\"format\""), json.indexOf("\"version\""), json.indexOf("\"preset\""),
        json.indexOf("\"dt\""), json.indexOf("\"inputs\""), json.indexOf("\"layers\""),
        json.indexOf("\"lif\""), json.indexOf("\"readout\"")};
    for (int i = 1; i < at.length; i++) {
      assertTrue(at[i - 1] >= 0 && at[i - 1] < at[i], json);
    }
    assertTrue(json.contains("\"current\""));
    assertTrue(json.endsWith("}\n"));
  }

  static String error(String json) {
    return assertThrows(NirfpgaException.class, () -> QuantConfig.fromJson(json, "q.json"))
        .getMessage();
  }

  @Test
  void aTooWideStateNamesTheLayerAndField() throws Exception {
    String json = rsnn().toJson().replaceFirst("\"bits\" : 16", "\"bits\" : 70");
    assertEquals("q.json: layers.lif.v.bits = 70: must be an integer in 2..48", error(json));
  }

  @Test
  void anUnknownFieldIsNamedWithWhatIsAllowed() throws Exception {
    String json = rsnn().toJson().replaceFirst("\"rounding\"", "\"roundng\"");
    assertEquals("q.json: unknown field layers.lif.roundng; allowed here: accumulator, current,"
        + " decay, max_spikes, overflow, rounding, synapses, type, v, weight", error(json));
  }

  @Test
  void aMissingFieldIsNamed() throws Exception {
    String json = rsnn().toJson().replaceFirst("\"overflow\" : \"saturate\",", "");
    assertEquals("q.json: missing field layers.lif.overflow", error(json));
  }

  @Test
  void anUnknownRoundingIsNamedWithTheChoices() throws Exception {
    String json = rsnn().toJson().replaceFirst("\"half-even\"", "\"nearest\"");
    assertEquals("q.json: layers.lif.rounding = \"nearest\": must be floor, half-up or half-even",
        error(json));
  }

  @Test
  void anAccumulatorScaleThatDiffersFromTheWeightsIsRefused() throws Exception {
    String json = rsnn().toJson();
    int acc = json.indexOf("\"accumulator\"");
    int frac = json.indexOf("\"frac\" : ", acc) + "\"frac\" : ".length();
    int end = json.indexOf('\n', frac);
    String planted = json.substring(0, frac) + "99" + json.substring(end);
    assertEquals("q.json: layers.lif.accumulator.frac = 99: must be an integer in -60..60",
        error(planted));
    String shifted = json.substring(0, frac) + "3" + json.substring(end);
    assertTrue(error(shifted).startsWith(
        "q.json: layers.lif.accumulator.frac = 3: must equal weight.frac "), error(shifted));
  }

  @Test
  void currentIsOnlyAllowedOnCubaLayers() throws Exception {
    QuantConfig q = Quantizer.quantize(Examples.named("mlp").orElseThrow().graph(),
        QuantOptions.defaults(Contract.norse()));
    String json = q.toJson().replaceFirst("\"decay\"",
        "\"current\" : { \"bits\" : 16, \"frac\" : 8 },\n      \"decay\"");
    assertEquals("q.json: layers.lif1.current is only for CubaLI and CubaLIF layers, this layer"
        + " is LIF", error(json));
  }

  @Test
  void brokenJsonIsReportedAsSuch() {
    assertTrue(error("{\"format\": ").startsWith("q.json: not valid JSON: "));
    assertEquals("q.json: format = \"other\": must be \"nirfpga-quant\"",
        error("{\"format\": \"other\"}"));
  }

  @Test
  void goldenModelRefusesAConfigMadeForAnotherGraph() throws Exception {
    QuantConfig q = rsnn();
    NirfpgaException e = assertThrows(NirfpgaException.class, () -> GoldenModel.create(
        Examples.named("mlp").orElseThrow().graph(), q, Contract.norse()));
    assertEquals("quantization config: layers has no entry for neuron 'lif1' (LIF); quantize this"
        + " graph again", e.getMessage());
    NirfpgaException p = assertThrows(NirfpgaException.class, () -> GoldenModel.create(
        Examples.named("rsnn").orElseThrow().graph(), q, Contract.snntorch()));
    assertEquals("quantization config: preset = \"norse\" but the model runs with preset"
        + " \"snntorch\"; quantize again for this preset", p.getMessage());
  }

  @Test
  void summaryListsEveryInputAndLayerOnOneLine() throws Exception {
    QuantConfig q = Quantizer.quantize(Examples.named("lif").orElseThrow().graph(),
        QuantOptions.defaults(Contract.norse()));
    assertEquals("input input events 0..1\n"
        + "layer lif (LIF) weight s8.10 acc s8.10 v s16.14 decay multiply/12 half-even saturate\n",
        q.summary());
  }
}
