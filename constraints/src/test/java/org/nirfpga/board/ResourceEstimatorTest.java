package org.nirfpga.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nirfpga.hdl.Hdl.uint;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.ReadDuringWrite;
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
  void romColumnsThatAreZeroInEveryWordAreNotCounted() {
    Module m = new Module("rom");
    Signal a = m.input("a", uint(4));
    Memory rom = m.memory("rom", uint(8), 16, ReadDuringWrite.READ_FIRST)
        .init(new long[] {0b0000_0101, 0b0000_0001});
    m.output("d", uint(8)).set(rom.readSync("d_q", a));
    Memory zeros = m.memory("zeros", uint(8), 16, ReadDuringWrite.READ_FIRST)
        .init(new long[] {0, 0});
    m.output("z", uint(8)).set(zeros.readSync("z_q", a));
    m.build();
    assertEquals(2, ResourceEstimator.liveWidth(rom));
    assertEquals(0, ResourceEstimator.liveWidth(zeros));
    assertEquals(1, ResourceEstimator.estimate(m).brams());
  }

  @Test
  void pipelinePredictionHasOneLineAndTheBlockRamsOfEachLayer() throws Exception {
    GeneratedPipeline p = Pipelines.example("mlp");
    ResourceEstimator.Prediction r = ResourceEstimator.predict(p, Boards.ICEBREAKER);
    assertEquals(3, r.parts().size());
    assertTrue(r.parts().get(0).name().startsWith("lif1 (LIF, 24 neurons, 367 weights)"),
        r.parts().get(0).name());
    // rows, preload, acc, two copies of v (two read ports) and 367 x 10 live weight bits.
    assertEquals(7, r.parts().get(0).brams());
    assertEquals(12, r.total().brams());
    assertTrue(r.fits());
    assertEquals(List.of(), r.suggestions());
  }

  @Test
  void designThatDoesNotFitSaysWhatRanOutAndWhatToChange() {
    ResourceEstimator.Estimate big = new ResourceEstimator.Estimate("fc1 (LIF, 512 neurons, "
        + "40000 weights)", 2000, 900, 38, 0);
    ResourceEstimator.Estimate small = new ResourceEstimator.Estimate("fc2", 900, 300, 4, 0);
    ResourceEstimator.Estimate total = big.plus("total", small);
    ResourceEstimator.Prediction r = ResourceEstimator.judge(Boards.ICEBREAKER,
        List.of(big, small), total);
    assertFalse(r.fits());
    assertEquals(List.of("bram: 42 used, 30 available"), r.ranOut());
    assertEquals(1, r.suggestions().size());
    assertTrue(r.suggestions().get(0).startsWith("block RAM: 42 of 30 blocks, most in fc1 "
        + "(LIF, 512 neurons, 40000 weights) (38); use narrower weights"),
        r.suggestions().get(0));
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
