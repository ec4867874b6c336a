package org.nirfpga.hdl.lib;

import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.uint;

import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.Switch;
import org.nirfpga.hdl.When;

/**
 * A round-robin arbiter over {@code n} requesters: {@code grant_o} is one-hot on the first
 * requester of {@code req_i} after the one granted last (combinationally, in the same cycle), and
 * all-zero when nobody requests. The last grant is remembered at the clock edge, so every
 * requester that keeps requesting is served within {@code n} cycles. After reset requester 0 has
 * the highest priority.
 */
public final class RoundRobinArbiter extends Module {
  private final int requesters;

  /** An arbiter for {@code n} requesters, 2 to 32. */
  public RoundRobinArbiter(String name, int n) {
    super(name);
    if (n < 2 || n > 32) {
      throw new IllegalArgumentException("arbiter '" + name + "' needs 2 to 32 requesters, got "
          + n);
    }
    this.requesters = n;
    int iw = 32 - Integer.numberOfLeadingZeros(n - 1);
    Signal req = input("req_i", uint(n));
    Signal grant = output("grant_o", uint(n));
    Signal last = reg("last", uint(iw), n - 1);
    grant.set(0);
    Switch byLast = switch_(last);
    for (int p = 0; p < n; p++) {
      int previous = p;
      byLast.is(p, () -> {
        // Priority order starts just after the previous winner and wraps around.
        When chain = null;
        for (int k = 1; k <= n; k++) {
          int winner = (previous + k) % n;
          Runnable body = () -> {
            grant.set(1L << winner);
            last.set(winner);
          };
          chain = chain == null ? when(req.bit(winner), body)
              : chain.elseWhen(req.bit(winner), body);
        }
      });
    }
    if (Integer.bitCount(n) != 1) {
      // Pointer values n..2^iw-1 never occur; map them onto a defined order anyway.
      byLast.otherwise(() -> {
        When chain = null;
        for (int winner = 0; winner < n; winner++) {
          int w = winner;
          Runnable body = () -> {
            grant.set(1L << w);
            last.set(w);
          };
          chain = chain == null ? when(req.bit(w), body) : chain.elseWhen(req.bit(w), body);
        }
      });
    }
    output("busy_o", bool()).set(req.any());
    build();
  }

  /** Number of requesters. */
  public int requesters() {
    return requesters;
  }
}
