package org.nirfpga.nir.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.ref.Contract.Reset;

class ContractTest {
  @Test
  void presetsBundleTheDocumentedOptions() throws Exception {
    assertEquals("nir (integrator=euler, reset=to-v-reset, cuba-current=previous, if=nir, "
        + "spike-amplitude=one, dt=1.0E-4)", Contract.preset("nir").describe());
    assertEquals("norse (integrator=euler, reset=to-v-reset, cuba-current=new, if=per-step, "
        + "spike-amplitude=one, dt=1.0E-4)", Contract.preset("norse").describe());
    assertEquals("snntorch (integrator=euler, reset=to-v-reset, cuba-current=new, "
        + "if=per-step, spike-amplitude=one, dt=1.0E-4)", Contract.preset("snntorch").describe());
    assertEquals("sinabs (integrator=exp-decay, reset=subtract, cuba-current=new, "
        + "if=sinabs-multispike, spike-amplitude=one, dt=1.0E-4)",
        Contract.preset("SINABS").describe());
  }

  @Test
  void describeMarksOptionsChangedFromThePreset() {
    assertEquals("norse (integrator=euler, reset=subtract*, cuba-current=new, if=per-step, "
        + "spike-amplitude=one, dt=0.001)",
        Contract.norse().withReset(Reset.SUBTRACT).withDt(1e-3).describe());
  }

  @Test
  void jsonNamesEveryOption() {
    assertEquals("{\"preset\": \"snntorch\", \"integrator\": \"euler\", \"reset\": "
        + "\"subtract-delayed\", \"cuba_current_order\": \"new\", \"if_mode\": \"per-step\", "
        + "\"spike_amplitude\": \"one\", \"threshold\": \"v > v_threshold\", \"dt\": 1.0E-4}",
        Contract.snntorch().withReset(Reset.SUBTRACT_DELAYED).toJson());
  }

  @Test
  void anUnknownPresetListsThePresets() {
    NirfpgaException e = assertThrows(NirfpgaException.class, () -> Contract.preset("brian2"));
    assertEquals("unknown preset 'brian2'; presets are nir, norse, snntorch, sinabs",
        e.getMessage());
  }

  @Test
  void optionsParseByTheirDocumentedKeys() throws Exception {
    assertEquals(Reset.SUBTRACT_DELAYED, Contract.option(Reset.class, "subtract-delayed"));
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> Contract.option(Reset.class, "zero"));
    assertEquals("unknown reset option 'zero'; choose one of to-v-reset, subtract, "
        + "subtract-delayed", e.getMessage());
  }

  @Test
  void dtMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> Contract.nir().withDt(0));
  }
}
