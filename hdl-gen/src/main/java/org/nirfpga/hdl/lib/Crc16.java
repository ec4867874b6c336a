package org.nirfpga.hdl.lib;

import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.cat;
import static org.nirfpga.hdl.Hdl.lit;
import static org.nirfpga.hdl.Hdl.uint;

import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Signal;

/**
 * A byte-wise CRC-16 unit, variant CRC-16/CCITT-FALSE (also called CRC-16/IBM-3740): polynomial
 * 0x1021, initial value 0xFFFF, bits processed most significant first (no reflection of input or
 * output), no final XOR; the check value of ASCII "123456789" is 0x29B1.
 *
 * <p>Each cycle with {@code valid_i} folds {@code data_i} into the register in one step (the eight
 * bit steps unrolled into one XOR network); {@code clear_i} restarts from 0xFFFF and wins over
 * {@code valid_i}. {@code crc_o} is the CRC of the bytes folded in so far.
 */
public final class Crc16 extends Module {
  /** The generator polynomial, x^16 + x^12 + x^5 + 1 without the x^16 term. */
  public static final int POLYNOMIAL = 0x1021;
  /** The register value after reset and clear. */
  public static final int INITIAL = 0xFFFF;

  /** A CRC-16/CCITT-FALSE unit. */
  public Crc16(String name) {
    super(name);
    Signal data = input("data_i", uint(8));
    Signal valid = input("valid_i", bool());
    Signal clear = input("clear_i", bool());
    Signal crc = reg("crc", uint(16), INITIAL);
    // Bit i of the next value is the parity of the input bits selected by masks[i] (state bits in
    // 15..0, data bits in 23..16): the CRC step is linear over GF(2).
    long[] masks = byteStepMasks();
    Signal folded = wire("folded", uint(16));
    Expr both = cat(data, crc);
    Expr[] bits = new Expr[16];
    for (int i = 0; i < 16; i++) {
      bits[15 - i] = both.and(lit(masks[i], uint(24))).parity();
    }
    folded.set(cat(bits));
    when(clear, () -> crc.set(INITIAL)).elseWhen(valid, () -> crc.set(folded));
    output("crc_o", uint(16)).set(crc);
    build();
  }

  /** The CRC-16/CCITT-FALSE of {@code bytes}, computed in Java as the hardware does. */
  public static int reference(byte[] bytes) {
    int crc = INITIAL;
    for (byte b : bytes) {
      crc = update(crc, b & 0xff);
    }
    return crc;
  }

  /** The register after folding one byte {@code data} into {@code crc}. */
  public static int update(int crc, int data) {
    crc ^= (data & 0xff) << 8;
    for (int i = 0; i < 8; i++) {
      crc = (crc & 0x8000) != 0 ? (crc << 1) ^ POLYNOMIAL : crc << 1;
    }
    return crc & 0xffff;
  }

  /** For each next-state bit, which of the 24 inputs (state 15..0, data 23..16) it XORs. */
  static long[] byteStepMasks() {
    long[] state = new long[16];
    for (int i = 0; i < 16; i++) {
      state[i] = 1L << i;
    }
    for (int step = 0; step < 8; step++) {
      long feedback = state[15] ^ (1L << (16 + 7 - step));
      long[] next = new long[16];
      for (int i = 15; i > 0; i--) {
        next[i] = state[i - 1];
      }
      next[0] = 0;
      for (int i = 0; i < 16; i++) {
        if ((POLYNOMIAL >> i & 1) != 0) {
          next[i] ^= feedback;
        }
      }
      state = next;
    }
    return state;
  }
}
