package org.nirfpga.board;

import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.cat;
import static org.nirfpga.hdl.Hdl.uint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Primitive;
import org.nirfpga.hdl.Signal;

/**
 * A measurement harness with the {@link BoardTop} core interface around a core that has more
 * ports than a board has pins: every input bit comes from a shift register fed by
 * {@code uart_rx_i}, every output bit is registered and all are XOR-ed into {@code uart_tx_o}.
 * Nothing of the core can be optimized away, so place-and-route measures its resources and Fmax;
 * the harness adds {@link #overheadFlops()} flip-flops and is no usable design.
 */
public final class ProbeCore extends Module {
  private final long overheadFlops;

  /**
   * A harness for Verilog module {@code top} with {@code ports} (name to +width for inputs,
   * -width for outputs, as {@link VerilogPorts} reads them; {@code clk_i} and {@code rst_ni}
   * are driven by the harness).
   */
  public ProbeCore(String top, Map<String, Integer> ports) {
    super("probe_" + top);
    Signal clk = input("clk_i", bool());
    Signal rstN = input("rst_ni", bool());
    Signal rx = input("uart_rx_i", bool());
    Primitive core = new Primitive(top);
    int inBits = 0;
    List<String> outs = new ArrayList<>();
    for (Map.Entry<String, Integer> p : ports.entrySet()) {
      if (p.getValue() > 0) {
        core.input(p.getKey(), p.getValue() == 1 ? bool() : uint(p.getValue()));
        if (!p.getKey().equals("clk_i") && !p.getKey().equals("rst_ni")) {
          inBits += p.getValue();
        }
      } else {
        core.output(p.getKey(), -p.getValue() == 1 ? bool() : uint(-p.getValue()));
        outs.add(p.getKey());
      }
    }
    core.build();
    int outBits = ports.values().stream().filter(w -> w < 0).mapToInt(w -> -w).sum();
    Instance u = instance("core", core);
    Instance shift = instance("shift_in", shiftIn(Math.max(1, inBits)));
    shift.connectClock(clk).connectReset(rstN);
    shift.connect("bit", rx);
    int at = 0;
    for (Map.Entry<String, Integer> p : ports.entrySet()) {
      String n = p.getKey();
      if (n.equals("clk_i")) {
        u.connect(n, clk);
      } else if (n.equals("rst_ni")) {
        u.connect(n, rstN);
      } else if (p.getValue() > 0) {
        u.connect(n, shift.port("bits").slice(at + p.getValue() - 1, at));
        at += p.getValue();
      }
    }
    Instance fold = instance("fold_out", foldOut(Math.max(1, outBits)));
    fold.connectClock(clk).connectReset(rstN);
    List<Expr> parts = new ArrayList<>();
    for (String o : outs) {
      parts.add(u.port(o));
    }
    fold.connect("bits", parts.isEmpty() ? rx : parts.size() == 1 ? parts.get(0)
        : cat(parts.toArray(Expr[]::new)));
    output("uart_tx_o", bool()).set(fold.port("parity"));
    build();
    this.overheadFlops = Math.max(1, inBits) + Math.max(1, outBits) + 1L;
  }

  /** Flip-flops the harness adds to the core's. */
  public long overheadFlops() {
    return overheadFlops;
  }

  private static Module shiftIn(int width) {
    Module m = new Module("probe_shift_in");
    Signal in = m.input("bit", bool());
    // No reset: the harness only needs changing inputs, and wide resets are not worth LUTs.
    Signal q = m.regNoReset("bits", uint(width));
    q.set(width == 1 ? in : cat(q.slice(width - 2, 0), in));
    m.output("bits", uint(width)).set(q);
    m.build();
    return m;
  }

  private static Module foldOut(int width) {
    Module m = new Module("probe_fold_out");
    Signal in = m.input("bits", uint(width));
    Signal q = m.regNoReset("captured", uint(width));
    q.set(in);
    Signal p = m.regNext("parity", q.parity(), 0);
    m.output("parity", bool()).set(p);
    m.build();
    return m;
  }
}
