package org.nirfpga.hdl;

import java.util.Objects;

/**
 * A valid/ready handshake carrying a payload: a word moves when {@code valid && ready}. Ports are
 * named {@code <prefix>_valid}, {@code <prefix>_ready} and {@code <prefix>_data} plus the
 * direction suffix.
 */
public record Stream(Signal valid, Signal ready, Signal payload) {
  public Stream {
    Objects.requireNonNull(valid);
    Objects.requireNonNull(ready);
    Objects.requireNonNull(payload);
    if (valid.width() != 1 || ready.width() != 1) {
      throw new IllegalArgumentException("stream valid and ready must be bool()");
    }
  }

  /** Whether a word is transferred this cycle. */
  public Expr fire() {
    return valid.and(ready);
  }

  public Shape payloadShape() {
    return payload.shape();
  }
}
