package org.nirfpga.hdl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A built module placed inside another. Every port of the child has a wire in the parent: the
 * parent drives the wires of child inputs and reads the wires of child outputs. Clock and reset
 * follow the parent's unless {@link #connectReset} / {@link #connectClock} say otherwise.
 */
public final class Instance {
  private final Module parent;
  private final Module child;
  private final String name;
  private final SourceLocation createdAt;
  private final Map<Signal, Signal> wires = new LinkedHashMap<>();
  private Expr reset;
  private Expr clock;

  Instance(Module parent, Module child, String name, SourceLocation createdAt) {
    this.parent = parent;
    this.child = child;
    this.name = name;
    this.createdAt = createdAt;
    for (Signal p : child.ports()) {
      // The full port name keeps x_i and x_o of one child apart in messages and in the Verilog.
      String base = name + "_" + p.name();
      Signal w = p.kind() == Signal.Kind.INPUT
          ? parent.newSignal(base, p.shape(), Signal.Kind.WIRE, null, 0, createdAt)
          : parent.drivenSignal(base, p.shape(), createdAt, this);
      wires.put(p, w);
    }
  }

  static String stripDirection(String port) {
    for (String suffix : new String[] {"_ni", "_no", "_i", "_o"}) {
      if (port.endsWith(suffix) && port.length() > suffix.length()) {
        return port.substring(0, port.length() - suffix.length());
      }
    }
    return port;
  }

  public Module parent() {
    return parent;
  }

  public Module child() {
    return child;
  }

  /** Instance name as given; emitted as {@code u_<name>}. */
  public String name() {
    return name;
  }

  public SourceLocation createdAt() {
    return createdAt;
  }

  /** Child port to parent wire, in the child's port order. */
  public Map<Signal, Signal> wires() {
    return Collections.unmodifiableMap(wires);
  }

  /** Active-low reset given to the child instead of the parent's {@code rst_ni}, or null. */
  public Expr reset() {
    return reset;
  }

  /**
   * The parent-side wire of a child port, found by the name it was created with (the
   * {@code _i}/{@code _o} suffix may be left out). Set it for an input, read it for an output.
   */
  public Signal port(String portName) {
    for (Map.Entry<Signal, Signal> e : wires.entrySet()) {
      String n = e.getKey().name();
      if (n.equals(portName) || stripDirection(n).equals(portName)) {
        return e.getValue();
      }
    }
    StringBuilder names = new StringBuilder();
    for (Signal p : wires.keySet()) {
      names.append(names.length() == 0 ? "" : ", ").append(p.name());
    }
    throw new IllegalArgumentException(SourceLocation.capture() + ": module '" + child.name()
        + "' has no port '" + portName + "'; ports are: " + names);
  }

  /** Drives child input {@code portName} with {@code value}. Returns this instance. */
  public Instance connect(String portName, Expr value) {
    Signal w = port(portName);
    parent.assign(w, value, SourceLocation.capture());
    return this;
  }

  /** Gives the child this active-low reset instead of the parent's {@code rst_ni}. */
  public Instance connectReset(Expr resetN) {
    parent.checkMutable();
    if (resetN.width() != 1) {
      throw new IllegalArgumentException("reset of instance '" + name + "' must be bool(), got "
          + resetN.shape());
    }
    reset = resetN;
    return this;
  }

  /** Clock given to the child instead of the parent's {@code clk_i}, or null. */
  public Expr clock() {
    return clock;
  }

  /**
   * Gives the child this clock (a PLL output, say) instead of the parent's {@code clk_i}. Only
   * synthesis sees the other domain: {@link org.nirfpga.hdl.eval.CycleSimulator} steps every
   * module on one clock, so crossing logic between domains is the caller's to get right.
   */
  public Instance connectClock(Expr clk) {
    parent.checkMutable();
    if (clk.width() != 1) {
      throw new IllegalArgumentException("clock of instance '" + name + "' must be bool(), got "
          + clk.shape());
    }
    clock = clk;
    return this;
  }

  /** The parent-side view of a child stream with this prefix (see {@link Stream}). */
  public Stream stream(String prefix) {
    return new Stream(port(prefix + "_valid"), port(prefix + "_ready"), port(prefix + "_data"));
  }
}
