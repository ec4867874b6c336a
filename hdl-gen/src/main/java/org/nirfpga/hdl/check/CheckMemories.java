package org.nirfpga.hdl.check;

import java.util.ArrayList;
import java.util.List;
import org.nirfpga.hdl.Diagnostic;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.ReadDuringWrite;
import org.nirfpga.hdl.ReadPort;
import org.nirfpga.hdl.Shape;
import org.nirfpga.hdl.SourceLocation;
import org.nirfpga.hdl.WritePort;

/**
 * Memory ports: exact address shape, data that fits, single-bit enables, ports outside when
 * bodies, initial contents that fit, at least one read port, and the port layout a
 * read-during-write policy requires.
 */
public final class CheckMemories implements CheckPhase {
  /** Block RAMs offer at most two write ports; more cannot map to one. */
  public static final int MAX_WRITE_PORTS = 2;

  @Override
  public String name() {
    return "memories";
  }

  @Override
  public List<Diagnostic> check(Module m) {
    List<Diagnostic> out = new ArrayList<>();
    for (Memory mem : m.memories()) {
      String what = "memory '" + mem.name() + "'";
      for (ReadPort p : mem.readPorts()) {
        String port = "read port '" + p.data().name() + "' of " + what;
        address(out, p.address(), mem, port, p.at());
        enable(out, p.enable(), port, p.at());
        scope(out, p.insideScope(), port, p.at());
      }
      for (WritePort p : mem.writePorts()) {
        String port = "write port of " + what;
        address(out, p.address(), mem, port, p.at());
        enable(out, p.enable(), port, p.at());
        scope(out, p.insideScope(), port, p.at());
        if (!CheckWidths.fits(p.data().shape(), mem.shape())) {
          out.add(new Diagnostic(name(), p.at(),
              CheckWidths.mismatch("write data of " + what, mem.shape(), p.data().shape())));
        }
      }
      if (mem.readPorts().isEmpty()) {
        out.add(new Diagnostic(name(), mem.createdAt(), what + " is never read; add a read "
            + "port or remove it"));
      }
      if (mem.writePorts().size() > MAX_WRITE_PORTS) {
        out.add(new Diagnostic(name(), mem.writePorts().get(MAX_WRITE_PORTS).at(), what + " has "
            + mem.writePorts().size() + " write ports; block RAM offers at most "
            + MAX_WRITE_PORTS));
      }
      if (mem.readDuringWrite() == ReadDuringWrite.NO_CHANGE) {
        boolean ok = mem.readPorts().size() == 1 && mem.readPorts().get(0).sync()
            && mem.writePorts().size() <= 1
            && (mem.writePorts().isEmpty() || mem.writePorts().get(0).address()
                .equals(mem.readPorts().get(0).address()));
        if (!ok) {
          out.add(new Diagnostic(name(), mem.createdAt(), what + " uses NO_CHANGE, which needs "
              + "one synchronous read port and at most one write port on the same address "
              + "expression; use READ_FIRST for separate ports"));
        }
      }
      long[] init = mem.init();
      if (init != null) {
        if (init.length > mem.depth()) {
          out.add(new Diagnostic(name(), mem.initAt(), "initial contents of " + what + " have "
              + init.length + " words but the depth is " + mem.depth()));
        }
        for (int i = 0; i < init.length; i++) {
          if (!mem.shape().holds(init[i])) {
            out.add(new Diagnostic(name(), mem.initAt(), "initial word " + i + " of " + what
                + " is " + init[i] + ", outside " + mem.shape()));
            break;
          }
        }
      }
    }
    return out;
  }

  private void address(List<Diagnostic> out, Expr a, Memory mem, String port, SourceLocation at) {
    Shape want = mem.addressShape();
    if (!a.shape().equals(want)) {
      String fix = a.shape().signed() ? ".asUnsigned()" : a.width() > want.width()
          ? ".truncate(" + want.width() + ")" : ".resize(" + want.width() + ")";
      out.add(new Diagnostic(name(), at, port + " has address " + a.shape() + " but depth "
          + mem.depth() + " needs " + want + "; use " + fix));
    }
  }

  private void enable(List<Diagnostic> out, Expr e, String port, SourceLocation at) {
    if (e.width() != 1) {
      out.add(new Diagnostic(name(), at, port + " has enable " + e.shape()
          + " but it must be bool(); compare it, e.g. .ne(0)"));
    }
  }

  private void scope(List<Diagnostic> out, boolean inside, String port, SourceLocation at) {
    if (inside) {
      out.add(new Diagnostic(name(), at, port + " is created inside a when/switch body, where "
          + "it would still act every cycle; create it outside and pass the condition as enable"));
    }
  }
}
