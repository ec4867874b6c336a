package org.nirfpga.hdl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nirfpga.hdl.check.Elaborate;

/**
 * A hardware module under construction: ports, wires, registers, memories, instances and the
 * statements that drive them. Use it directly or subclass it and describe the hardware in the
 * constructor. {@link #build()} runs the check phases and freezes it; a built module can be
 * instantiated and emitted. All registers share the implicit clock {@code clk_i} and the
 * active-low asynchronous reset {@code rst_ni}.
 */
public class Module {
  /** Modules whose when/switch bodies are running on this thread, innermost first. */
  private static final ThreadLocal<Deque<Module>> ACTIVE =
      ThreadLocal.withInitial(ArrayDeque::new);

  private final String name;
  private final SourceLocation createdAt;
  private final List<Signal> ports = new ArrayList<>();
  private final List<Signal> signals = new ArrayList<>();
  private final List<Stmt> body = new ArrayList<>();
  private final List<Memory> memories = new ArrayList<>();
  private final List<Instance> instances = new ArrayList<>();
  private final Map<Signal, Object> externalDrivers = new IdentityHashMap<>();
  private final Deque<List<Stmt>> scopes = new ArrayDeque<>();
  private boolean built;

  public Module(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("module name must not be blank");
    }
    this.name = name;
    this.createdAt = SourceLocation.capture();
    scopes.push(body);
  }

  // ---- declarations ----

  /** An input port; the emitter appends {@code _i} unless the name ends in _i or _ni. */
  public Signal input(String name, Shape shape) {
    Signal s = newSignal(name, shape, Signal.Kind.INPUT, null, 0, SourceLocation.capture());
    ports.add(s);
    return s;
  }

  /** An output port driven combinationally; the emitter appends {@code _o} when missing. */
  public Signal output(String name, Shape shape) {
    Signal s = newSignal(name, shape, Signal.Kind.OUTPUT, null, 0, SourceLocation.capture());
    ports.add(s);
    return s;
  }

  /** A combinational wire whose value is 0 where no assignment applies. */
  public Signal wire(String name, Shape shape) {
    return newSignal(name, shape, Signal.Kind.WIRE, null, 0, SourceLocation.capture());
  }

  /** A combinational wire whose value is {@code defaultValue} where no assignment applies. */
  public Signal wire(String name, Shape shape, long defaultValue) {
    return newSignal(name, shape, Signal.Kind.WIRE, null, defaultValue,
        SourceLocation.capture());
  }

  /**
   * A wire of {@code value}'s shape that always equals {@code value} (the assignment goes to the
   * top level even when called inside a when body).
   */
  public Signal wire(String name, Expr value) {
    SourceLocation at = SourceLocation.capture();
    Signal s = newSignal(name, value.shape(), Signal.Kind.WIRE, null, 0, at);
    body.add(new Assign(s, value, at));
    return s;
  }

  /**
   * A register reset to {@code resetValue}; it keeps its value unless assigned. Emitted as
   * {@code <name>_q} with next value {@code <name>_d}.
   */
  public Signal reg(String name, Shape shape, long resetValue) {
    return newSignal(name, shape, Signal.Kind.REG, resetValue, 0, SourceLocation.capture());
  }

  /** A register without reset (cheaper for data paths whose contents are qualified by a valid). */
  public Signal regNoReset(String name, Shape shape) {
    return newSignal(name, shape, Signal.Kind.REG, null, 0, SourceLocation.capture());
  }

  /** A register that takes {@code next} every cycle. */
  public Signal regNext(String name, Expr next, long resetValue) {
    SourceLocation at = SourceLocation.capture();
    Signal r = newSignal(name, next.shape(), Signal.Kind.REG, resetValue, 0, at);
    assign(r, next, at);
    return r;
  }

  /** A register that takes {@code next} in cycles where {@code enable} is high. */
  public Signal regNext(String name, Expr next, long resetValue, Expr enable) {
    SourceLocation at = SourceLocation.capture();
    Signal r = newSignal(name, next.shape(), Signal.Kind.REG, resetValue, 0, at);
    IfStmt stmt = new IfStmt(at);
    currentScope().add(stmt);
    stmt.addBranch(enable).add(new Assign(r, next, at));
    return r;
  }

  /** A memory of {@code depth} words of {@code shape}. */
  public Memory memory(String name, Shape shape, int depth, ReadDuringWrite readDuringWrite) {
    checkMutable();
    Memory m = new Memory(this, name, shape, depth, readDuringWrite, SourceLocation.capture());
    memories.add(m);
    return m;
  }

  /** Places a built copy of {@code child} (building it if needed), emitted as {@code u_<name>}. */
  public Instance instance(String name, Module child) {
    checkMutable();
    if (child == this) {
      throw new IllegalArgumentException("module '" + this.name + "' cannot contain itself");
    }
    if (!child.isBuilt()) {
      child.build();
    }
    Instance i = new Instance(this, child, name, SourceLocation.capture());
    instances.add(i);
    return i;
  }

  /** A stream this module consumes: inputs {@code valid}, {@code data}; output {@code ready}. */
  public Stream streamIn(String prefix, Shape payload) {
    Signal valid = input(prefix + "_valid_i", Shape.bool());
    Signal ready = output(prefix + "_ready_o", Shape.bool());
    Signal data = input(prefix + "_data_i", payload);
    return new Stream(valid, ready, data);
  }

  /** A stream this module produces: outputs {@code valid}, {@code data}; input {@code ready}. */
  public Stream streamOut(String prefix, Shape payload) {
    Signal valid = output(prefix + "_valid_o", Shape.bool());
    Signal ready = input(prefix + "_ready_i", Shape.bool());
    Signal data = output(prefix + "_data_o", payload);
    return new Stream(valid, ready, data);
  }

  /**
   * Connects a stream this module can read ({@code from}: valid and payload readable, ready
   * drivable) to one it must drive ({@code to}).
   */
  public void connect(Stream from, Stream to) {
    SourceLocation at = SourceLocation.capture();
    assign(to.valid(), from.valid(), at);
    assign(to.payload(), from.payload(), at);
    assign(from.ready(), to.ready(), at);
  }

  // ---- statements ----

  /** Assigns {@code value} to {@code target} in the current scope. */
  public void assign(Signal target, Expr value) {
    assign(target, value, SourceLocation.capture());
  }

  /** Runs {@code body} with its assignments applying only while {@code cond} holds. */
  public When when(Expr cond, Runnable body) {
    checkMutable();
    IfStmt stmt = new IfStmt(SourceLocation.capture());
    currentScope().add(stmt);
    runIn(stmt.addBranch(cond), body);
    return new When(this, stmt);
  }

  /** Starts a {@code case} on {@code selector}; add items with {@link Switch#is}. */
  public Switch switch_(Expr selector) {
    checkMutable();
    CaseStmt stmt = new CaseStmt(selector, SourceLocation.capture());
    currentScope().add(stmt);
    return new Switch(this, stmt);
  }

  // ---- elaboration ----

  /**
   * Runs the check phases (each reports all its errors together in an
   * {@link ElaborationException}) and freezes the module. Returns this module.
   */
  public Module build() {
    if (built) {
      return this;
    }
    if (scopes.size() != 1) {
      throw new IllegalStateException("module '" + name + "' built from inside a when body");
    }
    Elaborate.run(this);
    built = true;
    return this;
  }

  /** Freezes without the check phases, for {@link Primitive} cells that have no body. */
  Module freeze() {
    built = true;
    return this;
  }

  public boolean isBuilt() {
    return built;
  }

  // ---- read access for checks and the emitter ----

  public String name() {
    return name;
  }

  public SourceLocation createdAt() {
    return createdAt;
  }

  /** Input and output ports in creation order. */
  public List<Signal> ports() {
    return Collections.unmodifiableList(ports);
  }

  /** All signals (ports included) in creation order. */
  public List<Signal> signals() {
    return Collections.unmodifiableList(signals);
  }

  /** Top-level statements in order. */
  public List<Stmt> body() {
    return Collections.unmodifiableList(body);
  }

  public List<Memory> memories() {
    return Collections.unmodifiableList(memories);
  }

  public List<Instance> instances() {
    return Collections.unmodifiableList(instances);
  }

  /** The memory or instance driving {@code s}, or null if statements drive it. */
  public Object externalDriver(Signal s) {
    return externalDrivers.get(s);
  }

  /** Whether the module needs {@code clk_i}: registers, memories or clocked children. */
  public boolean usesClock() {
    for (Signal s : signals) {
      if (s.kind() == Signal.Kind.REG) {
        return true;
      }
    }
    for (Memory m : memories) {
      if (!m.writePorts().isEmpty()) {
        return true;
      }
      for (ReadPort p : m.readPorts()) {
        if (p.sync()) {
          return true;
        }
      }
    }
    for (Instance i : instances) {
      if (i.child().usesClock() && i.clock() == null) {
        return true;
      }
    }
    return false;
  }

  /** Whether the module needs {@code rst_ni}: registers with reset or children that do. */
  public boolean usesReset() {
    for (Signal s : signals) {
      if (s.kind() == Signal.Kind.REG && s.resetValue() != null) {
        return true;
      }
    }
    for (Instance i : instances) {
      if (i.child().usesReset() && i.reset() == null) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "module " + name;
  }

  // ---- internals ----

  void checkMutable() {
    if (built) {
      throw new IllegalStateException("module '" + name + "' is built and frozen; "
          + "create a new module to change the design");
    }
  }

  boolean insideScope() {
    return scopes.size() > 1;
  }

  Signal newSignal(String name, Shape shape, Signal.Kind kind, Long reset, long dflt,
      SourceLocation at) {
    checkMutable();
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(at + ": signal name must not be blank");
    }
    Signal s = new Signal(this, name, shape, kind, reset, dflt, at);
    signals.add(s);
    return s;
  }

  Signal drivenSignal(String name, Shape shape, SourceLocation at, Object driver) {
    Signal s = newSignal(name, shape, Signal.Kind.WIRE, null, 0, at);
    externalDrivers.put(s, driver);
    return s;
  }

  void assign(Signal target, Expr value, SourceLocation at) {
    // Inside another module's when body the statement belongs to that module, whose ownership
    // check then reports the foreign target.
    Module active = ACTIVE.get().peek();
    Module into = active != null ? active : this;
    into.checkMutable();
    into.currentScope().add(new Assign(target, value, at));
  }

  private List<Stmt> currentScope() {
    return scopes.peek();
  }

  void runIn(List<Stmt> scope, Runnable r) {
    scopes.push(scope);
    ACTIVE.get().push(this);
    try {
      r.run();
    } finally {
      ACTIVE.get().pop();
      scopes.pop();
    }
  }
}
