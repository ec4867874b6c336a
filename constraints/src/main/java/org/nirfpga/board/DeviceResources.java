package org.nirfpga.board;

/**
 * What one FPGA device offers: logic cells (LUTs of {@code lutInputs} inputs), flip-flops,
 * block RAMs ({@code bramBlocks} of {@code bramBitsPerBlock} bits each), single-port RAMs, DSP
 * multipliers, user IO pins and PLLs.
 */
public record DeviceResources(int luts, int lutInputs, int ffs, int bramBlocks,
    int bramBitsPerBlock, int sprams, int spramBitsPerBlock, int dsps, int ios, int plls) {
  public DeviceResources {
    if (luts <= 0 || ffs <= 0 || ios <= 0 || lutInputs < 4) {
      throw new IllegalArgumentException("device resources must be positive: luts " + luts
          + ", ffs " + ffs + ", ios " + ios + ", lut inputs " + lutInputs);
    }
    if (bramBlocks < 0 || sprams < 0 || dsps < 0 || plls < 0 || bramBitsPerBlock < 0
        || spramBitsPerBlock < 0) {
      throw new IllegalArgumentException("memory, DSP and PLL counts must not be negative");
    }
  }

  /** Total block RAM bits. */
  public long bramBits() {
    return (long) bramBlocks * bramBitsPerBlock;
  }

  /** Total single-port RAM bits. */
  public long spramBits() {
    return (long) sprams * spramBitsPerBlock;
  }
}
