package org.nirfpga.hdl.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc16Test {
  /** The next register value from the XOR network the hardware is built from. */
  private static int network(long[] masks, int crc, int data) {
    long inputs = ((long) data << 16) | crc;
    int next = 0;
    for (int i = 0; i < 16; i++) {
      next |= (Long.bitCount(inputs & masks[i]) & 1) << i;
    }
    return next;
  }

  @Test
  void checkValueOfTheStandardStringIs0x29B1() {
    assertEquals(0x29B1, Crc16.reference("123456789".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void emptyInputLeavesTheInitialValue() {
    assertEquals(0xFFFF, Crc16.reference(new byte[0]));
  }

  @Test
  void singleByteMatchesAPublishedValue() {
    // CRC-16/CCITT-FALSE of the single byte 'A' (0x41).
    assertEquals(0xB915, Crc16.reference(new byte[] {0x41}));
  }

  @Test
  void xorNetworkEqualsTheBitSerialStepForEveryByteFromManyStates() {
    long[] masks = Crc16.byteStepMasks();
    Random random = new Random(1);
    for (int i = 0; i < 20_000; i++) {
      int crc = random.nextInt(1 << 16);
      int data = random.nextInt(256);
      assertEquals(Crc16.update(crc, data), network(masks, crc, data),
          "crc " + Integer.toHexString(crc) + " data " + Integer.toHexString(data));
    }
  }

  @Test
  void plantedFaultInTheNetworkIsCaughtByTheComparison() {
    long[] masks = Crc16.byteStepMasks();
    masks[5] ^= 1L << 20;
    Random random = new Random(1);
    boolean differs = false;
    for (int i = 0; i < 1000 && !differs; i++) {
      int crc = random.nextInt(1 << 16);
      int data = random.nextInt(256);
      differs = Crc16.update(crc, data) != network(masks, crc, data);
    }
    assertEquals(true, differs);
  }

  @Test
  void variantIsNotTheZeroInitialisedXmodem() {
    // XMODEM uses the same polynomial from 0x0000 and gives 0x31C3; the unit must not.
    assertNotEquals(0x31C3, Crc16.reference("123456789".getBytes(StandardCharsets.US_ASCII)));
  }
}
