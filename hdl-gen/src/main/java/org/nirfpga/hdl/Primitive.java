package org.nirfpga.hdl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A vendor cell (an iCE40 {@code SB_PLL40_PAD}, say) known to the synthesis tool but not
 * described in this HDL: it has ports and parameters and no body. The emitter writes no file for
 * it, keeps its port names exactly as given and instantiates it with its parameters.
 */
public final class Primitive extends Module {
  private final Map<String, Object> parameters = new LinkedHashMap<>();
  private final Map<String, String> attributes = new LinkedHashMap<>();

  /** A cell named exactly as the tool's library names it. */
  public Primitive(String cellName) {
    super(cellName);
  }

  /** A string parameter, emitted quoted ({@code .FEEDBACK_PATH("SIMPLE")}). */
  public Primitive parameter(String name, String value) {
    checkMutable();
    if (value.contains("\"") || value.contains("\n") || value.contains("\\")) {
      throw new IllegalArgumentException("parameter " + name + " of " + name()
          + " holds a quote, backslash or newline: " + value);
    }
    parameters.put(name, value);
    return this;
  }

  /** A sized numeric parameter, emitted as a sized literal ({@code .DIVF(7'd63)}). */
  public Primitive parameter(String name, Const value) {
    checkMutable();
    parameters.put(name, value);
    return this;
  }

  /**
   * A real parameter, emitted as a decimal literal ({@code .CLKFBOUT_MULT_F(10.125)}): Xilinx
   * cells declare some parameters {@code real}, where a string or an integer does not fit.
   */
  public Primitive parameter(String name, double value) {
    checkMutable();
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("parameter " + name + " of " + name()
          + " must be a finite number, got " + value);
    }
    parameters.put(name, value);
    return this;
  }

  /**
   * An attribute on every instance of this cell, emitted as {@code (* NAME="value" *)} before
   * it: place-and-route reads some cell settings (the ECP5 PLL's loop filter) from attributes.
   */
  public Primitive attribute(String name, String value) {
    checkMutable();
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || value.contains("\"") || value.contains("\n")
        || value.contains("\\")) {
      throw new IllegalArgumentException("attribute " + name + " of " + name()
          + " must be an identifier with a value free of quotes, backslashes and newlines");
    }
    attributes.put(name, value);
    return this;
  }

  /** Attributes in the order given. */
  public Map<String, String> attributes() {
    return Collections.unmodifiableMap(attributes);
  }

  /**
   * Parameters in the order given; values are {@link String}, {@link Const} or {@link Double}.
   */
  public Map<String, Object> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /**
   * Freezes the cell. The check phases do not apply: its outputs are driven inside the tool's
   * model, not by statements here.
   */
  @Override
  public Module build() {
    if (!body().isEmpty() || !memories().isEmpty() || !instances().isEmpty()) {
      throw new IllegalStateException("primitive '" + name() + "' has a body; a primitive only "
          + "declares ports and parameters");
    }
    for (Signal s : signals()) {
      if (s.kind() != Signal.Kind.INPUT && s.kind() != Signal.Kind.OUTPUT) {
        throw new IllegalStateException("primitive '" + name() + "' declares " + s.kind()
            + " '" + s.name() + "'; only ports are allowed");
      }
    }
    return freeze();
  }
}
