package org.nirfpga.fixed;

import java.util.Objects;

/**
 * The discrete-time conventions the golden model follows; the same options as the reference
 * evaluator's contract, so both can be configured from one preset.
 *
 * @param preset name of the preset the options came from
 * @param integrator how leaky ODEs advance one step
 * @param reset what a spike does to v
 * @param cubaCurrentOrder whether CubaLI/CubaLIF integrate this step's or last step's current
 * @param ifMode the meaning of NIR's IF node
 * @param spikeAmplitudeOne true when a spike carries 1, false when it carries 1/dt
 * @param dtSeconds the step
 */
public record Dynamics(String preset, Integrator integrator, Reset reset,
    CurrentOrder cubaCurrentOrder, IfMode ifMode, boolean spikeAmplitudeOne, double dtSeconds) {

  /** Integration scheme. */
  public enum Integrator { EULER, EXACT }

  /** Reset after a spike. */
  public enum Reset { TO_V_RESET, SUBTRACT, SUBTRACT_DELAYED }

  /** Current used by the membrane update of Cuba neurons. */
  public enum CurrentOrder { NEW, PREVIOUS }

  /** Meaning of NIR IF. */
  public enum IfMode { NIR, PER_STEP, SINABS_MULTISPIKE }

  public Dynamics {
    Objects.requireNonNull(preset, "preset");
    Objects.requireNonNull(integrator, "integrator");
    Objects.requireNonNull(reset, "reset");
    Objects.requireNonNull(cubaCurrentOrder, "cubaCurrentOrder");
    Objects.requireNonNull(ifMode, "ifMode");
    if (!(dtSeconds > 0) || !Double.isFinite(dtSeconds)) {
      throw new IllegalArgumentException("dt must be positive and finite, got " + dtSeconds);
    }
  }

  /** NIR's definitions: Euler, reset to v_reset, previous current, IF as dv/dt = r x. */
  public static Dynamics nir(double dt) {
    return new Dynamics("nir", Integrator.EULER, Reset.TO_V_RESET, CurrentOrder.PREVIOUS,
        IfMode.NIR, true, dt);
  }

  /** Norse: Euler, reset to v_reset, new current, IF adds r x once per step. */
  public static Dynamics norse(double dt) {
    return new Dynamics("norse", Integrator.EULER, Reset.TO_V_RESET, CurrentOrder.NEW,
        IfMode.PER_STEP, true, dt);
  }

  /** snnTorch: Euler, delayed subtraction (reset_delay=False), new current. */
  public static Dynamics snntorch(double dt) {
    return new Dynamics("snntorch", Integrator.EULER, Reset.SUBTRACT_DELAYED, CurrentOrder.NEW,
        IfMode.PER_STEP, true, dt);
  }

  /** Sinabs: multi-spike IF with subtraction and a lower bound of -v_threshold. */
  public static Dynamics sinabs(double dt) {
    return new Dynamics("sinabs", Integrator.EULER, Reset.SUBTRACT, CurrentOrder.NEW,
        IfMode.SINABS_MULTISPIKE, true, dt);
  }

  /** The preset by name, or null. */
  public static Dynamics preset(String name, double dt) {
    switch (name) {
      case "nir":
        return nir(dt);
      case "norse":
        return norse(dt);
      case "snntorch":
        return snntorch(dt);
      case "sinabs":
        return sinabs(dt);
      default:
        return null;
    }
  }
}
