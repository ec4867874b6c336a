package org.nirfpga.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nirfpga.hdl.Hdl.lit;
import static org.nirfpga.hdl.Hdl.sint;
import static org.nirfpga.hdl.Hdl.uint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.ReadDuringWrite;
import org.nirfpga.hdl.Rounding;
import org.nirfpga.hdl.Signal;

class ResourceEstimatorTest {
  @Test
  void blockCountTakesTheBestOfTheFourIce40Shapes() {
    assertEquals(1, ResourceEstimator.blocks(2, 2));
    assertEquals(1, ResourceEstimator.blocks(256, 16));
    assertEquals(2, ResourceEstimator.blocks(367, 10));
    assertEquals(1, ResourceEstimator.blocks(512, 8));
    assertEquals(2, ResourceEstimator.blocks(1024, 8));
    assertEquals(32, ResourceEstimator.blocks(8192, 16));
  }

  @Test
  void blocksStackedInDepthAreTheFewestTheBestShapesAllow() {
    // 2048x16: eight 2048x2 blocks side by side, no read mux.
    assertEquals(1, ResourceEstimator.depthBlocks(2048, 16, true));
    assertEquals(2, ResourceEstimator.depthBlocks(4096, 16, true));
    assertEquals(3, ResourceEstimator.depthBlocks(576, 16, false));
  }

  @Test
  void romBitsLeftOverFromWholeColumnsAreFoldedAsYosysDoes() {
    // Measured with yosys 0.23: 5448x9 in 13 blocks (eleven 512x8 stacked, the ninth bit in two
    // 2048x2 holding two words a row), 576x17 in 4 (three 256x16 and one for the 17th bit),
    // 3000x9 in 7, 5448x8 in 11.
    assertEquals(13, ResourceEstimator.blocks(5448, 9, true));
    assertEquals(11, ResourceEstimator.depthBlocks(5448, 9, true));
    assertEquals(4, ResourceEstimator.blocks(576, 17, true));
    assertEquals(3, ResourceEstimator.depthBlocks(576, 17, true));
    assertEquals(7, ResourceEstimator.blocks(3000, 9, true));
    assertEquals(11, ResourceEstimator.blocks(5448, 8, true));
    // A written memory packs only with the 16-bit write port's bit enables: 5448x9 in 13
    // blocks (eleven 512-word ranges of 9 bits), measured with yosys 0.23.
    assertEquals(13, ResourceEstimator.blocks(5448, 9, false));
  }

  @Test
  void writtenMemoriesPackAddressRangesSideBySideWithBitEnablesAsYosysDoes() {
    // Measured with yosys 0.23 synth_ice40 on one memory each (one write, one read port):
    // 576x10 in 2 blocks (three 256-word ranges of 10 bits in 32 bit columns), 640x10 in 2,
    // 1500x10 in 4, 4096x1 in 1, 576x16 in 3, 576x6 in 2, 1024x9 in 3, 2000x5 in 3, 576x20 in
    // 4, 1100x7 in 3, 300x7 in 1; two read ports double it (576x10: 4).
    assertEquals(2, ResourceEstimator.blocks(576, 10));
    assertEquals(3, ResourceEstimator.depthBlocks(576, 10, false));
    int[][] measured = {{640, 10, 2}, {1500, 10, 4}, {4096, 1, 1}, {576, 16, 3}, {576, 6, 2},
        {1024, 9, 3}, {2000, 5, 3}, {576, 20, 4}, {1100, 7, 3}, {300, 7, 1}, {576, 26, 5},
        {1200, 13, 5}, {2048, 3, 2}, {3000, 2, 2}, {520, 15, 3}, {800, 5, 2}};
    for (int[] m : measured) {
      assertEquals(m[2], ResourceEstimator.blocks(m[0], m[1]), m[0] + "x" + m[1]);
    }
    assertEquals(4, ResourceEstimator.layout(576, 10, false, 2)[0] * 2);
  }

  @Test
  void romColumnsThatAreOneInEveryWordAreNotCountedEither() {
    // Measured with yosys 0.23: a 288x25 ROM whose top and bottom bits are 1 in every word
    // keeps 23 columns.
    Module m = new Module("rom1");
    Signal a = m.input("a", uint(1));
    Memory rom = m.memory("rom", uint(4), 2, ReadDuringWrite.READ_FIRST)
        .init(new long[] {0b1011, 0b1001}).attribute(Memory.RAM_STYLE, "block");
    m.output("d", uint(4)).set(rom.readSync("d_q", a));
    m.build();
    assertEquals(1, ResourceEstimator.liveWidth(rom));
  }

  @Test
  void romColumnsThatAreZeroInEveryWordAreNotCounted() {
    Module m = new Module("rom");
    Signal a = m.input("a", uint(4));
    // Marked for block RAM as the generator marks its memories: yosys leaves a small unmarked
    // ROM in logic (smallMemoryWithoutRamStyleStaysInFlipFlopsAsYosysMapsIt).
    Memory rom = m.memory("rom", uint(8), 16, ReadDuringWrite.READ_FIRST)
        .init(new long[] {0b0000_0101, 0b0000_0001}).attribute(Memory.RAM_STYLE, "block");
    m.output("d", uint(8)).set(rom.readSync("d_q", a));
    Memory zeros = m.memory("zeros", uint(8), 16, ReadDuringWrite.READ_FIRST)
        .init(new long[] {0, 0});
    m.output("z", uint(8)).set(zeros.readSync("z_q", a));
    m.build();
    // Bit 0 is 1, 1 and then 0 in the zero-filled words: live; bit 2 too; the rest are 0.
    assertEquals(2, ResourceEstimator.liveWidth(rom));
    assertEquals(0, ResourceEstimator.liveWidth(zeros));
    assertEquals(1, ResourceEstimator.estimate(m).brams());
  }

  @Test
  void roundedSumCostsOneLutPerKeptBitAndAShiftedOperandPassesItsLowBits() {
    Module m = new Module("sums");
    Signal x = m.input("x", sint(20));
    Signal y = m.input("y", sint(8));
    // x + 2047 + x[12], bits 12..20 kept: 9 sum LUTs, the low 12 bits only carry.
    m.output("r", sint(9)).set(x.shiftRightRound(12, Rounding.HALF_EVEN));
    // x + (y << 4): the low 4 bits are x's, 17 sum bits above them.
    m.output("s", sint(21)).set(x.add(y.shl(4)));
    // Adding zero is a wire.
    m.output("z", sint(21)).set(x.add(0));
    m.build();
    assertEquals(9 + 17, ResourceEstimator.estimate(m).luts());
  }

  @Test
  void smallMemoryWithoutRamStyleStaysInFlipFlopsAsYosysMapsIt() {
    Module m = new Module("fifo_words");
    Signal a = m.input("a", uint(3));
    Signal d = m.input("d", uint(4));
    Signal we = m.input("we", uint(1));
    Memory small = m.memory("small", uint(4), 8, ReadDuringWrite.READ_FIRST);
    small.write(a, d, we);
    m.output("q", uint(4)).set(small.readSync("q_r", a));
    Memory wider = m.memory("wider", uint(5), 16, ReadDuringWrite.READ_FIRST);
    wider.write(a.resize(4), d.resize(5), we);
    m.output("p", uint(5)).set(wider.readSync("p_r", a.resize(4)));
    Memory forced = m.memory("forced", uint(4), 8, ReadDuringWrite.READ_FIRST)
        .attribute(Memory.RAM_STYLE, "block");
    forced.write(a, d, we);
    m.output("f", uint(4)).set(forced.readSync("f_r", a));
    m.build();
    ResourceEstimator.Estimate e = ResourceEstimator.estimate(m);
    // 32 bits of RAM cost less than a block (64) and stay in logic; 80 bits and the one marked
    // ram_style take a block each.
    assertEquals(2, e.brams());
    assertTrue(ResourceEstimator.inLogic(small, 4, 1));
    assertFalse(ResourceEstimator.inLogic(wider, 5, 1));
    // the words and the read register in flip-flops, a read-first word and address for each
    // block RAM that is written
    assertEquals(8 * 4 + 4 + (5 + 4) + (4 + 3), e.ffs());
  }

  @Test
  void romInLogicCostsOneLutPerBitUpToFourAddressBitsThenAMuxTree() {
    assertEquals(1, ResourceEstimator.romLutsPerBit(4));
    assertEquals(3, ResourceEstimator.romLutsPerBit(5));
    assertEquals(6, ResourceEstimator.romLutsPerBit(6));
    assertEquals(13, ResourceEstimator.romLutsPerBit(7));
  }

  @Test
  void manyValuesOfOneTargetAreAnAndOrSelectPerBitNotAChainOfMuxes() {
    Module m = new Module("sel");
    List<Expr> values = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      values.add(m.input("d" + k, uint(8)));
    }
    // A 2:1 mux: one LUT per bit.
    assertEquals(8, ResourceEstimator.selectCost(8, values.subList(0, 2)));
    // Ten data values: 20 select and data inputs per bit, a tree of 7 LUT4s.
    assertEquals(8 * 7, ResourceEstimator.selectCost(8, values));
    // A constant 0 adds no input, a constant with its low nibble set a select to those 4 bits.
    List<Expr> withConstants = new ArrayList<>(values.subList(0, 3));
    withConstants.add(lit(0, uint(8)));
    withConstants.add(lit(0x0f, uint(8)));
    assertEquals(4 * 2 + 4 * 2, ResourceEstimator.selectCost(8, withConstants));
    assertEquals(0, ResourceEstimator.selectCost(8, values.subList(0, 1)));
  }

  @Test
  void maskedReductionCostsATreeOverTheBitsTheMaskKeeps() {
    Module m = new Module("crc_row");
    Signal x = m.input("x", uint(24));
    // 7 of 24 bits kept: xor of 7 inputs, two LUT4s; the and with a constant is wiring.
    m.output("p", uint(1)).set(x.and(lit(0b1000_0000_0100_0010_0011_0011L, uint(24)))
        .parity());
    m.build();
    assertEquals(2, ResourceEstimator.estimate(m).luts());
  }

  @Test
  void pipelinePredictionHasOneLineAndTheBlockRamsOfEachLayer() throws Exception {
    GeneratedPipeline p = Pipelines.example("mlp");
    ResourceEstimator.Prediction r = ResourceEstimator.predict(p, Boards.ICEBREAKER);
    assertEquals(3, r.parts().size());
    assertTrue(r.parts().get(0).name().startsWith("lif1 (LIF, 24 neurons, 367 synapses)"),
        r.parts().get(0).name());
    // rows, preload, acc, two copies of v (two read ports) and 367 x 10 live weight bits.
    assertEquals(7, r.parts().get(0).brams());
    assertEquals(12, r.total().brams());
    assertTrue(r.fits());
    assertEquals(List.of(), r.suggestions());
  }

  @Test
  void aDesignWhoseMemoriesExceedBlockRamAndSpramTogetherIsToldSo() {
    // 40 blocks of BRAM needed and 1.2 Mbit of memory: more than 30 x 4 Kbit + 4 x 256 Kbit.
    ResourceEstimator.Estimate big = new ResourceEstimator.Estimate("conv", 900, 300, 40, 0,
        1_200_000);
    ResourceEstimator.Prediction r = ResourceEstimator.judge(Boards.ICEBREAKER, List.of(big),
        big.plus("total", new ResourceEstimator.Estimate("", 0, 0, 0, 0)));
    assertEquals(List.of("bram: 40 used, 30 available"), r.ranOut());
    assertEquals("memory: the design's memories hold 1,200,000 bits, more than the device's"
        + " 1,171,456 bits of block RAM and SPRAM together (122,880 + 1,048,576): it cannot fit"
        + " even with every SPRAM used", r.suggestions().get(1));
  }

  @Test
  void layersWhoseBlockRamRunsOutAreToldToKeepTheirWeightsInSpram() {
    // 200 Kbit would fit with SPRAM: the verdict names the layers to move, most block RAM
    // first, and not the parts that are no layer.
    ResourceEstimator.Estimate fc1 = new ResourceEstimator.Estimate(
        "fc1 (LIF, 512 neurons, 40000 synapses)", 900, 300, 30, 0, 180_000);
    ResourceEstimator.Estimate fc2 = new ResourceEstimator.Estimate(
        "fc2 (LIF, 10 neurons, 5120 synapses, weights in SPRAM)", 500, 200, 4, 1, 20_000);
    ResourceEstimator.Estimate out = new ResourceEstimator.Estimate(
        "out (LI, 4 neurons, 40 synapses)", 300, 100, 4, 0, 2_000);
    ResourceEstimator.Estimate link = new ResourceEstimator.Estimate(
        "link (UART, protocol bridge)", 2000, 1300, 6, 0, 8_000);
    List<ResourceEstimator.Estimate> parts = List.of(fc1, fc2, out, link);
    ResourceEstimator.Estimate total = fc1.plus("total", fc2).plus("total", out)
        .plus("total", link);
    ResourceEstimator.Prediction r = ResourceEstimator.judge(Boards.ICEBREAKER, parts, total);
    assertEquals(List.of("bram: 44 used, 30 available"), r.ranOut());
    assertEquals("memory: the design's memories hold 210,000 bits, within the device's"
        + " 1,171,456 bits of block RAM and SPRAM together; keep the weights of the layers with"
        + " the most block RAM in SPRAM (--spram fc1,out, or fewer of them)",
        r.suggestions().get(1));
  }

  @Test
  void moreSpramThanTheDeviceHasIsToldToNameFewerLayers() {
    ResourceEstimator.Estimate a = new ResourceEstimator.Estimate(
        "a (IF, 576 neurons, 8984 synapses, 2 lanes, weights in SPRAM)", 1000, 800, 10, 4);
    ResourceEstimator.Estimate b = new ResourceEstimator.Estimate(
        "b (LIF, 10 neurons, 5448 synapses, weights in SPRAM)", 700, 400, 5, 2);
    ResourceEstimator.Prediction r = ResourceEstimator.judge(Boards.ICEBREAKER,
        List.of(a, b), a.plus("total", b));
    assertEquals(List.of("spram: 6 used, 4 available"), r.ranOut());
    assertEquals(List.of("SPRAM: 6 of 4 blocks (each layer in --spram takes at least one, a"
        + " block per 16 bits of word width and 16K words); name fewer layers in --spram"),
        r.suggestions());
  }

  @Test
  void aHugeMemoryTakesSpramBlocksTiledInWidthAndDepth() {
    for (int[] c : new int[][] {{16384, 16, 1}, {367, 10, 1}, {380, 18, 2}, {20000, 17, 4}}) {
      Module m = new Module("store");
      Signal addr = m.input("a", uint(32 - Integer.numberOfLeadingZeros(c[0] - 1)));
      Signal we = m.input("we", uint(1));
      Signal d = m.input("d", uint(c[1]));
      Memory mem = m.memory("w", uint(c[1]), c[0], ReadDuringWrite.NO_CHANGE)
          .attribute(Memory.RAM_STYLE, "huge");
      Signal q = mem.readSync("q", addr, we.not());
      mem.write(addr, d, we);
      m.output("q_o", uint(c[1])).set(q);
      m.build();
      ResourceEstimator.Estimate e = ResourceEstimator.estimate(m);
      assertEquals(c[2], e.sprams(), c[0] + "x" + c[1]);
      assertEquals(0, e.brams(), c[0] + "x" + c[1]);
    }
  }

  @Test
  void weightsInSpramLeaveTheirBlockRamAsYosysMapsThem() throws Exception {
    // yosys 0.23 synth_ice40 -spram on mlp --spram all: 9 SB_RAM40_4K, 2 SB_SPRAM256KA (12
    // block RAMs with the weights in block RAM).
    GeneratedPipeline p = Pipelines.example("mlp", Set.of("lif1", "lif2"));
    ResourceEstimator.Prediction r = ResourceEstimator.predict(p, Boards.ICEBREAKER);
    assertTrue(r.parts().get(0).name().endsWith(", weights in SPRAM)"),
        r.parts().get(0).name());
    assertEquals(9, r.total().brams());
    assertEquals(2, r.total().sprams());
    assertTrue(r.fits());
  }

  @Test
  void designThatDoesNotFitSaysWhatRanOutAndWhatToChange() {
    ResourceEstimator.Estimate big = new ResourceEstimator.Estimate("fc1 (LIF, 512 neurons, "
        + "40000 synapses)", 2000, 900, 38, 0);
    ResourceEstimator.Estimate small = new ResourceEstimator.Estimate("fc2", 900, 300, 4, 0);
    ResourceEstimator.Estimate total = big.plus("total", small);
    ResourceEstimator.Prediction r = ResourceEstimator.judge(Boards.ICEBREAKER,
        List.of(big, small), total);
    assertFalse(r.fits());
    assertEquals(List.of("bram: 42 used, 30 available"), r.ranOut());
    assertEquals(1, r.suggestions().size());
    assertTrue(r.suggestions().get(0).startsWith("block RAM: 42 of 30 blocks, most in fc1 "
        + "(LIF, 512 neurons, 40000 synapses) (38); use narrower weights"),
        r.suggestions().get(0));
  }

  @Test
  void designWithTooMuchLogicNamesItsLargestPartAndNarrowerWordsNotLanes() {
    ResourceEstimator.Estimate big = new ResourceEstimator.Estimate("hid", 4800, 2500, 10, 0);
    ResourceEstimator.Estimate small = new ResourceEstimator.Estimate("out", 700, 300, 2, 0);
    ResourceEstimator.Prediction r = ResourceEstimator.judge(Boards.ICEBREAKER,
        List.of(big, small), big.plus("total", small));
    assertFalse(r.fits());
    assertEquals(List.of("lut: 5500 used, 5280 available"), r.ranOut());
    assertEquals(List.of("logic: 5500 LUTs / 2800 FFs of 5280, most in hid (4800 LUTs); use"
        + " narrower state (--state-bits) and weights (--weight-bits), which narrow the"
        + " accumulators and the neuron pipeline, or a larger board"), r.suggestions());
  }

  @Test
  void aLayerWithTwoBanksThatRunsOutOfBlockRamIsToldToTakeOne() {
    ResourceEstimator.Estimate big = new ResourceEstimator.Estimate(
        "hid (LIF, 24 neurons, 367 synapses, 2 lanes, two accumulator banks)", 2000, 1500, 32, 0);
    ResourceEstimator.Estimate small = new ResourceEstimator.Estimate("out", 700, 300, 2, 0);
    ResourceEstimator.Prediction r = ResourceEstimator.judge(Boards.ICEBREAKER,
        List.of(big, small), big.plus("total", small));
    assertEquals(List.of("bram: 34 used, 30 available"), r.ranOut());
    assertTrue(r.suggestions().get(0).contains("fewer lanes (--lanes; each lane has its own"
        + " memories), one accumulator bank (leave it out of --ping-pong), or fewer neurons"),
        r.suggestions().toString());
  }

  @Test
  void aLayerOverSeveralLanesThatRunsOutIsToldToTakeFewerLanes() {
    ResourceEstimator.Estimate big = new ResourceEstimator.Estimate(
        "hid (LIF, 24 neurons, 367 synapses, 4 lanes)", 4800, 2500, 34, 0);
    ResourceEstimator.Estimate small = new ResourceEstimator.Estimate("out", 700, 300, 2, 0);
    ResourceEstimator.Prediction r = ResourceEstimator.judge(Boards.ICEBREAKER,
        List.of(big, small), big.plus("total", small));
    assertEquals(List.of("lut: 5500 used, 5280 available", "bram: 36 used, 30 available"),
        r.ranOut());
    assertTrue(r.suggestions().get(0).contains("most in hid (LIF, 24 neurons, 367 synapses,"
        + " 4 lanes) (34); use narrower weights (--weight-bits) so more words share a block,"
        + " fewer lanes (--lanes; each lane has its own memories), or fewer neurons"),
        r.suggestions().toString());
    assertTrue(r.suggestions().get(r.suggestions().size() - 1).contains("use fewer lanes"
        + " (--lanes; each lane has its own neuron pipeline), narrower state"),
        r.suggestions().toString());
  }

  @Test
  void comparisonCatchesAPlantedWrongBlockRamCountAndAFarOffLutCount() {
    ResourceEstimator.Estimate right = new ResourceEstimator.Estimate("x", 1000, 300, 12, 0);
    assertEquals(List.of(), ResourceEstimator.compare(right, 1100, 320, 12, 0.25));
    ResourceEstimator.Estimate planted = new ResourceEstimator.Estimate("x", 1500, 300, 13, 0);
    assertEquals(List.of("LUT predicted 1500, yosys 1100 (+36%, allowed 25%)",
        "BRAM predicted 13, yosys 12 (must be exact)"),
        ResourceEstimator.compare(planted, 1100, 320, 12, 0.25));
  }
}
