package org.nirfpga.board;

import java.util.List;
import java.util.stream.Collectors;
import org.nirfpga.nir.NirfpgaException;

/**
 * The boards nirfpga knows. Pins are from each board's public constraint files (iCEBreaker:
 * icestorm's {@code icebreaker.pcf}; ULX3S: {@code ulx3s_v20.lpf}; Arty A7: Digilent's master
 * XDC); device totals from the vendors' family data sheets.
 */
public final class Boards {
  /** 1x iCE40UP5K-SG48 on a 12 MHz oscillator, FTDI FT2232H channel B as UART. */
  public static final Board ICEBREAKER = new Board("icebreaker",
      "1BitSquared iCEBreaker v1.0", Family.ICE40, "iCE40UP5K", "SG48", "up5k", "sg48",
      "35", 12.0, "6", "9", List.of(new Led("11", true), new Led("37", true)), "10",
      // 5280 LUT4 and DFF, 30 EBR of 4 kbit, 4 SPRAM of 256 kbit, 8 SB_MAC16, 39 IO, 1 PLL.
      new DeviceResources(5280, 4, 5280, 30, 4096, 4, 262144, 8, 39, 1),
      "icebreaker.pcf");

  /** Radiona ULX3S with the LFE5U-85F, 25 MHz oscillator, FT231X UART. */
  public static final Board ULX3S = new Board("ulx3s", "Radiona ULX3S (LFE5U-85F)", Family.ECP5,
      "LFE5U-85F", "CABGA381", "85k", "CABGA381", "G2", 25.0, "M1", "L4",
      List.of(new Led("B2", false), new Led("C2", false), new Led("C1", false),
          new Led("D2", false), new Led("D1", false), new Led("E2", false),
          new Led("E1", false), new Led("H3", false)), "D6",
      // 83640 LUT4 and FF, 208 DP16KD of 18 kbit, 156 18x18 multipliers, 197 IO, 4 PLL.
      new DeviceResources(83640, 4, 83640, 208, 18432, 0, 0, 156, 197, 4), "ulx3s.lpf");

  /** Digilent Arty A7-35T, 100 MHz oscillator, FT2232H UART. */
  public static final Board ARTY_A7_35T = new Board("arty-a7-35t", "Digilent Arty A7-35T",
      Family.XILINX7, "XC7A35T", "CSG324", "xc7a35ticsg324-1L", "csg324", "E3", 100.0, "A9",
      "D10", List.of(new Led("H5", false), new Led("J5", false), new Led("T9", false),
          new Led("T10", false)), "C2",
      // 20800 LUT6, 41600 FF, 100 RAMB18 (50 RAMB36), 90 DSP48E1, 210 IO, 5 MMCM.
      new DeviceResources(20800, 6, 41600, 100, 18432, 0, 0, 90, 210, 5), "arty_a7_35t.xdc");

  private static final List<Board> ALL = List.of(ICEBREAKER, ULX3S, ARTY_A7_35T);

  private Boards() {
  }

  /** Every known board. */
  public static List<Board> all() {
    return ALL;
  }

  /** The board called {@code name} (case-insensitive). */
  public static Board byName(String name) throws NirfpgaException {
    for (Board b : ALL) {
      if (b.name().equalsIgnoreCase(name)) {
        return b;
      }
    }
    throw new NirfpgaException("--board " + name + ": no such board; known boards are "
        + ALL.stream().map(Board::name).collect(Collectors.joining(", ")));
  }
}
