package org.nirfpga.hdl;

import java.util.Objects;

/**
 * A named value owned by one {@link Module}: a port, a combinational wire or a register. For a
 * register the signal reads as the current value ({@code foo_q}) and {@link #set} assigns the next
 * one ({@code foo_d}).
 */
public final class Signal implements Expr {
  /** What drives a signal and how it is emitted. */
  public enum Kind { INPUT, OUTPUT, WIRE, REG }

  private final Module owner;
  private final String name;
  private final Shape shape;
  private final Kind kind;
  private final SourceLocation createdAt;
  private final Long resetValue;
  private final long defaultValue;
  private boolean observable;

  Signal(Module owner, String name, Shape shape, Kind kind, Long resetValue, long defaultValue,
      SourceLocation createdAt) {
    this.owner = Objects.requireNonNull(owner);
    this.name = Objects.requireNonNull(name);
    this.shape = Objects.requireNonNull(shape);
    this.kind = Objects.requireNonNull(kind);
    this.resetValue = resetValue;
    this.defaultValue = defaultValue;
    this.createdAt = createdAt;
    if (resetValue != null && !shape.holds(resetValue)) {
      throw new IllegalArgumentException("reset value " + resetValue + " of '" + name
          + "' does not fit " + shape);
    }
    if (!shape.holds(defaultValue)) {
      throw new IllegalArgumentException("default value " + defaultValue + " of '" + name
          + "' does not fit " + shape);
    }
  }

  @Override
  public Shape shape() {
    return shape;
  }

  /** Name as given at creation (the emitter legalizes it). */
  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  public Module owner() {
    return owner;
  }

  /** Where in Java the signal was created. */
  public SourceLocation createdAt() {
    return createdAt;
  }

  /** Reset value of a register, or null for a register without reset and for non-registers. */
  public Long resetValue() {
    return resetValue;
  }

  /** Value a combinational signal takes when no assignment in the current cycle applies. */
  public long defaultValue() {
    return defaultValue;
  }

  public boolean isObservable() {
    return observable;
  }

  /**
   * Marks the signal readable from simulation ({@code verilator public_flat_rd}); synthesis is
   * unchanged. Returns this signal.
   */
  public Signal observable() {
    owner.checkMutable();
    observable = true;
    return this;
  }

  /**
   * Assigns {@code value} in the owner's current {@code when}/{@code switch} scope (for a register:
   * its next value). Returns this signal.
   */
  public Signal set(Expr value) {
    owner.assign(this, value, SourceLocation.capture());
    return this;
  }

  /** Assigns a constant of this signal's shape. */
  public Signal set(long value) {
    SourceLocation at = SourceLocation.capture();
    if (!shape.holds(value)) {
      throw new IllegalArgumentException(at + ": constant " + value + " does not fit '" + name
          + "' " + shape);
    }
    owner.assign(this, new Const(value, shape), at);
    return this;
  }

  @Override
  public String toString() {
    return owner.name() + "." + name + ":" + shape;
  }
}
