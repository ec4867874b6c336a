package org.nirfpga.gen.link;

/**
 * Sizes of the protocol bridge: receive slots (the host's credits), bytes per slot (the largest
 * host payload) and the quiet gap, in clock cycles, after which a partial frame is dropped.
 */
public record LinkConfig(int slots, int slotBytes, long idleCycles) {
  /** Default slots. */
  public static final int SLOTS = 4;
  /** Default slot size in bytes. */
  public static final int SLOT_BYTES = 256;
  /** Byte times of silence inside a frame after which the parser hunts for a sync again. */
  public static final int IDLE_BYTE_TIMES = 16;

  public LinkConfig {
    if (slots < 2 || slots > 128 || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("link slots " + slots + " must be a power of two in"
          + " 2..128");
    }
    if (slotBytes < 8 || slotBytes > 32768 || Integer.bitCount(slotBytes) != 1) {
      throw new IllegalArgumentException("link slot bytes " + slotBytes + " must be a power of"
          + " two in 8..32768");
    }
    if (idleCycles < 1 || idleCycles > (1L << 30)) {
      throw new IllegalArgumentException("link idle cycles " + idleCycles + " must be"
          + " 1..2^30");
    }
  }

  /** The default sizes for a UART of {@code cyclesPerBit} clocks per bit. */
  public static LinkConfig forUart(int cyclesPerBit) {
    return new LinkConfig(SLOTS, SLOT_BYTES, (long) IDLE_BYTE_TIMES * 10 * cyclesPerBit);
  }
}
