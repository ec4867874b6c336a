package org.nirfpga.hdl.lib;

import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.cat;
import static org.nirfpga.hdl.Hdl.high;
import static org.nirfpga.hdl.Hdl.uint;

import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Signal;

/**
 * A reset synchronizer: {@code sync_rst_no} falls as soon as the asynchronous {@code rst_ni}
 * does and rises {@code stages} clock edges after {@code rst_ni} is released, so reset leaves
 * every flop of the domain on the same edge. Give its output to children with
 * {@link org.nirfpga.hdl.Instance#connectReset}.
 */
public final class ResetSync extends Module {
  /** A synchronizer of {@code stages} flip-flops (at least 2). */
  public ResetSync(String name, int stages) {
    super(name);
    if (stages < 2) {
      throw new IllegalArgumentException("reset synchronizer '" + name + "' needs at least 2 "
          + "stages, got " + stages);
    }
    Signal chain = reg("chain", uint(stages), 0);
    chain.set(cat(chain.slice(stages - 2, 0), high()));
    output("sync_rst_no", bool()).set(chain.msb());
    build();
  }
}
