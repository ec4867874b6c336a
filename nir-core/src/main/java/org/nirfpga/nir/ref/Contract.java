package org.nirfpga.nir.ref;

import java.util.Locale;
import java.util.Objects;
import org.nirfpga.nir.NirfpgaException;

/**
 * The discrete-time contract: how the reference evaluator turns NIR's continuous-time dynamics
 * into steps of {@code dt} seconds. Every option and preset is described in docs/semantics.md.
 *
 * @param preset the preset the options came from ({@code nir}, {@code norse}, {@code snntorch},
 *     {@code sinabs}); {@link #describe()} lists options changed since
 */
public record Contract(String preset, Integrator integrator, Reset reset,
    CubaCurrentOrder cubaCurrentOrder, IfMode ifMode, SpikeAmplitude spikeAmplitude, double dt) {

  /** NIR paper's time step, used when the caller gives none (the .nir file has none). */
  public static final double DEFAULT_DT = 1e-4;

  /** An option value; its key (used on the command line and in reports) is its name in kebab case. */
  public interface Option {
    /** E.g. {@code subtract-delayed} for {@code SUBTRACT_DELAYED}. */
    default String key() {
      return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** How the leaky and integrating neuron ODEs advance over one step. */
  public enum Integrator implements Option {
    /** Forward Euler: {@code v += dt * dv/dt(v, x)}; threshold and reset at the end of the step. */
    EULER,
    /**
     * The exact solution for input held constant over the step; a threshold crossing inside the
     * step resets there and the remaining time is integrated from the reset value.
     */
    EXACT,
    /**
     * Sinabs' update: the exact decay of v towards v_leak, plus the Euler-scaled input
     * {@code (dt/tau) r x}; threshold and reset at the end of the step.
     */
    EXP_DECAY;
  }

  /** What a spike does to the membrane. */
  public enum Reset implements Option {
    /** {@code v = v_reset} (NIR 1.0.6 and later). */
    TO_V_RESET,
    /** {@code v -= v_threshold} (Norse and Sinabs subtraction). */
    SUBTRACT,
    /**
     * snnTorch's subtraction with {@code reset_delay=False}: the previous step's over-threshold
     * state is subtracted during integration, then corrected by the new spike.
     */
    SUBTRACT_DELAYED;
  }

  /** Which synaptic current the membrane update of CubaLI and CubaLIF uses. */
  public enum CubaCurrentOrder implements Option {
    /** v integrates the current updated in this step (Norse, snnTorch). */
    NEW,
    /** v integrates the current of the previous step (the NIR paper's reference code). */
    PREVIOUS;
  }

  /** The meaning of NIR's IF node. */
  public enum IfMode implements Option {
    /** NIR's definition {@code dv/dt = r x}: {@code v += dt r x}; one spike at most per step. */
    NIR,
    /** Norse's IAF: {@code v += r x} once per step (the input is a per-step charge). */
    PER_STEP,
    /**
     * Sinabs' IAF: {@code v += r x}, {@code v = max(v, -v_threshold)}, spike count
     * {@code floor(v / v_threshold)} when {@code v >= v_threshold}, {@code v -= count v_threshold}.
     */
    SINABS_MULTISPIKE;
  }

  /** The value a spike carries to the next node. */
  public enum SpikeAmplitude implements Option {
    /** 1 per spike (every framework). */
    ONE,
    /** 1/dt per spike: a Dirac impulse integrated over the step. */
    INVERSE_DT;
  }

  public Contract {
    Objects.requireNonNull(preset, "preset");
    Objects.requireNonNull(integrator, "integrator");
    Objects.requireNonNull(reset, "reset");
    Objects.requireNonNull(cubaCurrentOrder, "cubaCurrentOrder");
    Objects.requireNonNull(ifMode, "ifMode");
    Objects.requireNonNull(spikeAmplitude, "spikeAmplitude");
    if (!(dt > 0) || !Double.isFinite(dt)) {
      throw new IllegalArgumentException(
          "dt must be a positive finite number of seconds, got " + dt);
    }
  }

  /** NIR's own definitions: Euler, reset to v_reset, previous current, IF as dv/dt = r x. */
  public static Contract nir() {
    return new Contract("nir", Integrator.EULER, Reset.TO_V_RESET, CubaCurrentOrder.PREVIOUS,
        IfMode.NIR, SpikeAmplitude.ONE, DEFAULT_DT);
  }

  /** Norse's NIR import: Euler, reset to v_reset, new current, IF as a per-step IAF. */
  public static Contract norse() {
    return new Contract("norse", Integrator.EULER, Reset.TO_V_RESET, CubaCurrentOrder.NEW,
        IfMode.PER_STEP, SpikeAmplitude.ONE, DEFAULT_DT);
  }

  /**
   * snnTorch's NIR import: Euler, reset to v_reset (its importer builds {@code Leaky} and
   * {@code Synaptic} with {@code reset_mechanism="zero"}), new current. Networks trained with
   * snnTorch's subtraction take {@code withReset(Reset.SUBTRACT_DELAYED)}.
   */
  public static Contract snntorch() {
    return new Contract("snntorch", Integrator.EULER, Reset.TO_V_RESET, CubaCurrentOrder.NEW,
        IfMode.PER_STEP, SpikeAmplitude.ONE, DEFAULT_DT);
  }

  /**
   * Sinabs: exp-decay integration with subtraction; IF as the multi-spike IAF with a lower bound
   * of -v_threshold.
   */
  public static Contract sinabs() {
    return new Contract("sinabs", Integrator.EXP_DECAY, Reset.SUBTRACT, CubaCurrentOrder.NEW,
        IfMode.SINABS_MULTISPIKE, SpikeAmplitude.ONE, DEFAULT_DT);
  }

  /** The preset by name ({@code nir}, {@code norse}, {@code snntorch}, {@code sinabs}). */
  public static Contract preset(String name) throws NirfpgaException {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "nir":
        return nir();
      case "norse":
        return norse();
      case "snntorch":
        return snntorch();
      case "sinabs":
        return sinabs();
      default:
        throw new NirfpgaException("unknown preset '" + name
            + "'; presets are nir, norse, snntorch, sinabs");
    }
  }

  public Contract withDt(double seconds) {
    return new Contract(preset, integrator, reset, cubaCurrentOrder, ifMode, spikeAmplitude,
        seconds);
  }

  public Contract withIntegrator(Integrator v) {
    return new Contract(preset, v, reset, cubaCurrentOrder, ifMode, spikeAmplitude, dt);
  }

  public Contract withReset(Reset v) {
    return new Contract(preset, integrator, v, cubaCurrentOrder, ifMode, spikeAmplitude, dt);
  }

  public Contract withCubaCurrentOrder(CubaCurrentOrder v) {
    return new Contract(preset, integrator, reset, v, ifMode, spikeAmplitude, dt);
  }

  public Contract withIfMode(IfMode v) {
    return new Contract(preset, integrator, reset, cubaCurrentOrder, v, spikeAmplitude, dt);
  }

  public Contract withSpikeAmplitude(SpikeAmplitude v) {
    return new Contract(preset, integrator, reset, cubaCurrentOrder, ifMode, v, dt);
  }

  /**
   * One line naming the preset and every option, with options that differ from the preset marked,
   * e.g. {@code norse (integrator=euler, reset=subtract*, ...)}; {@code *} = changed.
   */
  public String describe() {
    Contract base = baseOf(preset);
    StringBuilder sb = new StringBuilder(preset).append(" (");
    sb.append("integrator=").append(integrator.key()).append(mark(base.integrator == integrator));
    sb.append(", reset=").append(reset.key()).append(mark(base.reset == reset));
    sb.append(", cuba-current=").append(cubaCurrentOrder.key())
        .append(mark(base.cubaCurrentOrder == cubaCurrentOrder));
    sb.append(", if=").append(ifMode.key()).append(mark(base.ifMode == ifMode));
    sb.append(", spike-amplitude=").append(spikeAmplitude.key())
        .append(mark(base.spikeAmplitude == spikeAmplitude));
    sb.append(", dt=").append(dt).append(')');
    return sb.toString();
  }

  /** The contract as a JSON object with fixed key order (for reports and output folders). */
  public String toJson() {
    return "{\"preset\": \"" + preset + "\", \"integrator\": \"" + integrator.key()
        + "\", \"reset\": \"" + reset.key() + "\", \"cuba_current_order\": \""
        + cubaCurrentOrder.key() + "\", \"if_mode\": \"" + ifMode.key()
        + "\", \"spike_amplitude\": \"" + spikeAmplitude.key() + "\", \"threshold\": \""
        + (ifMode == IfMode.SINABS_MULTISPIKE ? "v > v_threshold; IF: v >= v_threshold"
            : "v > v_threshold") + "\", \"dt\": " + dt + "}";
  }

  private static Contract baseOf(String preset) {
    switch (preset) {
      case "norse":
        return norse();
      case "snntorch":
        return snntorch();
      case "sinabs":
        return sinabs();
      default:
        return nir();
    }
  }

  private static String mark(boolean same) {
    return same ? "" : "*";
  }

  /** Parses an option value by its key, e.g. {@code Reset} from {@code subtract-delayed}. */
  public static <E extends Enum<E> & Option> E option(Class<E> type, String key)
      throws NirfpgaException {
    StringBuilder known = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      String k = e.key();
      if (k.equalsIgnoreCase(key)) {
        return e;
      }
      known.append(known.length() == 0 ? "" : ", ").append(k);
    }
    throw new NirfpgaException("unknown " + type.getSimpleName().toLowerCase(Locale.ROOT)
        + " option '" + key + "'; choose one of " + known);
  }
}
