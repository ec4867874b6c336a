package org.nirfpga.hdl.eval;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nirfpga.hdl.Assign;
import org.nirfpga.hdl.CaseStmt;
import org.nirfpga.hdl.Const;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.IfStmt;
import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.ReadDuringWrite;
import org.nirfpga.hdl.ReadPort;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.Stmt;
import org.nirfpga.hdl.WritePort;

/**
 * Runs a built module and its instances cycle by cycle in Java, straight from the HDL statements
 * (not from the Verilog), as a reference to compare the emitted Verilog against. Registers and
 * memories without initial contents start at zero, as Verilator does by default.
 */
public final class CycleSimulator {
  private final Module m;
  private final Map<Signal, BigInteger> inputs = new IdentityHashMap<>();
  private final Map<Signal, BigInteger> regs = new IdentityHashMap<>();
  // Hash maps, not identity maps: settling compares values with equals().
  private final Map<Signal, BigInteger> comb = new HashMap<>();
  private final Map<Signal, BigInteger> next = new HashMap<>();
  private final Map<Signal, BigInteger> syncData = new IdentityHashMap<>();
  private final Map<ReadPort, BigInteger> readAddress = new IdentityHashMap<>();
  private final Map<Memory, BigInteger[]> mems = new IdentityHashMap<>();
  private final Map<Instance, CycleSimulator> children = new LinkedHashMap<>();
  private final Map<Signal, BigInteger> fromChildren = new HashMap<>();
  private boolean resetAsserted;

  /** A simulator of {@code m}, which must be built. */
  public CycleSimulator(Module m) {
    this(m, true);
  }

  private CycleSimulator(Module m, boolean top) {
    if (!m.isBuilt()) {
      throw new IllegalArgumentException("module '" + m.name() + "' must be built first");
    }
    this.m = m;
    for (Instance i : m.instances()) {
      children.put(i, new CycleSimulator(i.child(), false));
    }
    for (Signal s : m.signals()) {
      if (s.kind() == Signal.Kind.INPUT) {
        inputs.put(s, BigInteger.ZERO);
      } else if (s.kind() == Signal.Kind.REG) {
        regs.put(s, BigInteger.ZERO);
      }
    }
    for (Memory mem : m.memories()) {
      BigInteger[] words = new BigInteger[mem.depth()];
      long[] init = mem.init();
      for (int i = 0; i < words.length; i++) {
        words[i] = BigInteger.valueOf(init != null && i < init.length ? init[i] : 0);
      }
      mems.put(mem, words);
      for (ReadPort p : mem.readPorts()) {
        if (p.sync() && mem.readDuringWrite() == ReadDuringWrite.WRITE_FIRST) {
          readAddress.put(p, BigInteger.ZERO);
        } else if (p.sync()) {
          syncData.put(p.data(), BigInteger.ZERO);
        }
      }
    }
    if (top) {
      settle();
    }
  }

  /** The simulator of one instance, to inspect its signals. */
  public CycleSimulator child(Instance instance) {
    CycleSimulator c = children.get(instance);
    if (c == null) {
      throw new IllegalArgumentException("'" + instance.name() + "' is not an instance of '"
          + m.name() + "'");
    }
    return c;
  }

  /** Drives an input port. */
  public void set(Signal input, long value) {
    if (!inputs.containsKey(input)) {
      throw new IllegalArgumentException("'" + input.name() + "' is not an input of '"
          + m.name() + "'");
    }
    if (!input.shape().holds(value)) {
      throw new IllegalArgumentException(value + " does not fit input '" + input.name() + "' "
          + input.shape());
    }
    inputs.put(input, BigInteger.valueOf(value));
    settle();
  }

  /** Drives the input port created with {@code name}. */
  public void set(String name, long value) {
    set(signal(name), value);
  }

  /** Asserts or releases the active-low reset; asserting resets registers at once. */
  public void setReset(boolean asserted) {
    resetAsserted = asserted;
    settle();
  }

  /** Current value of any signal (register: its current value). */
  public BigInteger get(Signal s) {
    return value(s);
  }

  /** Current value of the signal created with {@code name}, as a long. */
  public long get(String name) {
    return value(signal(name)).longValueExact();
  }

  /** Current contents of word {@code address} of {@code mem}. */
  public BigInteger word(Memory mem, int address) {
    return mems.get(mem)[address];
  }

  /** One rising clock edge, then the combinational logic settles. */
  public void tick() {
    settle();
    edge();
    settle();
  }

  /** Updates memories and registers of this module and its children from the settled state. */
  private void edge() {
    for (CycleSimulator c : children.values()) {
      c.edge();
    }
    for (Memory mem : m.memories()) {
      BigInteger[] words = mems.get(mem);
      if (mem.readDuringWrite() == ReadDuringWrite.NO_CHANGE) {
        ReadPort r = mem.readPorts().get(0);
        WritePort w = mem.writePorts().isEmpty() ? null : mem.writePorts().get(0);
        int a = eval(r.address()).intValueExact();
        if (w != null && on(w.enable())) {
          write(words, a, eval(w.data()));
        } else if (on(r.enable())) {
          syncData.put(r.data(), read(words, a));
        }
        continue;
      }
      for (ReadPort p : mem.readPorts()) {
        if (p.sync() && on(p.enable())) {
          BigInteger a = eval(p.address());
          if (mem.readDuringWrite() == ReadDuringWrite.WRITE_FIRST) {
            readAddress.put(p, a);
          } else {
            syncData.put(p.data(), read(words, a.intValueExact()));
          }
        }
      }
      for (WritePort w : mem.writePorts()) {
        if (on(w.enable())) {
          write(words, eval(w.address()).intValueExact(), eval(w.data()));
        }
      }
    }
    for (Map.Entry<Signal, BigInteger> e : regs.entrySet()) {
      Signal r = e.getKey();
      e.setValue(resetAsserted && r.resetValue() != null ? BigInteger.valueOf(r.resetValue())
          : next.get(r));
    }
  }

  private static BigInteger read(BigInteger[] words, int a) {
    return a < words.length ? words[a] : BigInteger.ZERO;
  }

  private static void write(BigInteger[] words, int a, BigInteger v) {
    if (a < words.length) {
      words[a] = v;
    }
  }

  private boolean on(Expr e) {
    return eval(e).signum() != 0;
  }

  private Signal signal(String name) {
    for (Signal s : m.signals()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("module '" + m.name() + "' has no signal '" + name + "'");
  }

  private BigInteger value(Signal s) {
    BigInteger v = inputs.get(s);
    if (v == null) {
      v = regs.get(s);
    }
    if (v == null) {
      v = syncData.get(s);
    }
    if (v == null) {
      v = comb.get(s);
    }
    if (v == null) {
      v = fromChildren.get(s);
    }
    return v == null ? BigInteger.ZERO : v;
  }

  private BigInteger eval(Expr e) {
    return Evaluator.eval(e, this::value);
  }

  /** Re-evaluates combinational logic until nothing changes (no loops exist after build). */
  private void settle() {
    if (resetAsserted) {
      for (Map.Entry<Signal, BigInteger> e : regs.entrySet()) {
        if (e.getKey().resetValue() != null) {
          e.setValue(BigInteger.valueOf(e.getKey().resetValue()));
        }
      }
    }
    int limit = m.signals().size() + 2 * children.size() + 2;
    for (int round = 0; round <= limit; round++) {
      Map<Signal, BigInteger> out = new HashMap<>();
      Map<Signal, BigInteger> nextOut = new HashMap<>();
      for (Signal s : m.signals()) {
        if (s.kind() == Signal.Kind.REG) {
          nextOut.put(s, regs.get(s));
        } else if (s.kind() != Signal.Kind.INPUT && m.externalDriver(s) == null) {
          out.put(s, BigInteger.valueOf(s.defaultValue()));
        }
      }
      run(m.body(), out, nextOut);
      for (Memory mem : m.memories()) {
        for (ReadPort p : mem.readPorts()) {
          if (!p.sync()) {
            out.put(p.data(), read(mems.get(mem), eval(p.address()).intValueExact()));
          } else if (mem.readDuringWrite() == ReadDuringWrite.WRITE_FIRST) {
            out.put(p.data(), read(mems.get(mem), readAddress.get(p).intValueExact()));
          }
        }
      }
      boolean stable = out.equals(comb) && nextOut.equals(next);
      comb.clear();
      comb.putAll(out);
      next.clear();
      next.putAll(nextOut);
      stable &= settleChildren();
      if (stable) {
        return;
      }
    }
    throw new IllegalStateException("combinational logic of '" + m.name() + "' does not settle");
  }

  /** Drives the children from the parent's wires; returns whether their outputs kept still. */
  private boolean settleChildren() {
    boolean stable = true;
    for (Map.Entry<Instance, CycleSimulator> e : children.entrySet()) {
      Instance i = e.getKey();
      CycleSimulator c = e.getValue();
      for (Map.Entry<Signal, Signal> w : i.wires().entrySet()) {
        if (w.getKey().kind() == Signal.Kind.INPUT) {
          c.inputs.put(w.getKey(), value(w.getValue()));
        }
      }
      c.resetAsserted = i.reset() == null ? resetAsserted : !on(i.reset());
      c.settle();
      for (Map.Entry<Signal, Signal> w : i.wires().entrySet()) {
        if (w.getKey().kind() == Signal.Kind.OUTPUT) {
          BigInteger v = c.value(w.getKey());
          BigInteger old = fromChildren.put(w.getValue(), v);
          stable &= v.equals(old);
        }
      }
    }
    return stable;
  }

  private void run(List<Stmt> stmts, Map<Signal, BigInteger> out,
      Map<Signal, BigInteger> nextOut) {
    for (Stmt st : stmts) {
      if (st instanceof Assign) {
        Assign a = (Assign) st;
        BigInteger v = eval(a.value());
        if (a.target().kind() == Signal.Kind.REG) {
          nextOut.put(a.target(), v);
        } else {
          out.put(a.target(), v);
        }
      } else if (st instanceof IfStmt) {
        IfStmt i = (IfStmt) st;
        boolean taken = false;
        for (int k = 0; k < i.conditions().size() && !taken; k++) {
          if (on(i.conditions().get(k))) {
            run(i.bodies().get(k), out, nextOut);
            taken = true;
          }
        }
        if (!taken) {
          run(i.elseBody(), out, nextOut);
        }
      } else {
        CaseStmt c = (CaseStmt) st;
        BigInteger sel = eval(c.selector());
        boolean taken = false;
        for (int k = 0; k < c.bodies().size() && !taken; k++) {
          for (Const l : c.labels().get(k)) {
            if (BigInteger.valueOf(l.value()).equals(sel)) {
              run(c.bodies().get(k), out, nextOut);
              taken = true;
              break;
            }
          }
        }
        if (!taken) {
          run(c.defaultBody(), out, nextOut);
        }
      }
    }
  }
}
