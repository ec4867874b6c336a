package org.nirfpga.host.protocol;

import org.nirfpga.nir.NirfpgaException;

/** A malformed frame or packet, naming the byte offset where it went wrong and what is wrong. */
public class ProtocolException extends NirfpgaException {
  private final long offset;

  /** An error at byte {@code offset} of the buffer or stream being decoded. */
  public ProtocolException(long offset, String what) {
    super("byte " + offset + ": " + what);
    this.offset = offset;
  }

  /** Offset of the offending byte from the start of the buffer or stream. */
  public long offset() {
    return offset;
  }
}
