package org.nirfpga.nir.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nirfpga.nir.check.Graphs.conv2d;
import static org.nirfpga.nir.check.Graphs.full;
import static org.nirfpga.nir.check.Graphs.graph;
import static org.nirfpga.nir.check.Graphs.input;
import static org.nirfpga.nir.check.Graphs.lif;
import static org.nirfpga.nir.check.Graphs.linear;
import static org.nirfpga.nir.check.Graphs.output;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nirfpga.nir.graph.AvgPool2d;
import org.nirfpga.nir.graph.Conv1d;
import org.nirfpga.nir.graph.Conv2d;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Flatten;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Padding;
import org.nirfpga.nir.graph.SumPool2d;

class InferShapesTest {
  private static final Dims ONE = Dims.of(1, 1);

  /** input -> node -> output; returns the node's output shape. */
  private static Optional<Dims> outputOf(NirNode node, int... inputShape) {
    NirGraph g = graph().node("input", input(inputShape)).node("n", node)
        .chain("input", "n").build();
    return InferShapes.run(g).output("n");
  }

  private static List<String> messages(ShapeInfo info, Severity s) {
    return info.findings().stream().filter(f -> f.severity() == s).map(Finding::message)
        .toList();
  }

  // --- convolution: expected sizes from torch.nn.Conv2d's documented formula ----------------

  @Test
  void conv2dOutputFollowsPytorchsFormula() {
    // snnTorch's scnn_mnist: (2, 34, 34), 16x2x5x5, stride 2, padding 1 -> (16, 16, 16).
    Conv2d c = conv2d(null, 16, 2, 5, 5, Dims.of(2, 2), Padding.of(1, 1), ONE, 1);
    assertEquals(Dims.of(16, 16, 16), outputOf(c, 2, 34, 34).orElseThrow());
    // floor((10 + 0 - 2*(3-1) - 1) / 1 + 1) = 6 with dilation 2.
    Conv2d dilated = conv2d(null, 1, 1, 3, 3, ONE, Padding.VALID, Dims.of(2, 2), 1);
    assertEquals(Dims.of(1, 6, 6), outputOf(dilated, 1, 10, 10).orElseThrow());
    // A (3, 5) kernel with padding (1, 2) keeps (7, 9); stride (2, 3): (4, 3).
    Conv2d rect = conv2d(null, 2, 1, 3, 5, Dims.of(2, 3), Padding.of(1, 2), ONE, 1);
    assertEquals(Dims.of(2, 4, 3), outputOf(rect, 1, 7, 9).orElseThrow());
    // 'valid' is padding 0: 8 - 3 + 1 = 6; 'same' keeps the size.
    Conv2d valid = conv2d(null, 3, 1, 3, 3, ONE, Padding.VALID, ONE, 1);
    assertEquals(Dims.of(3, 6, 6), outputOf(valid, 1, 8, 8).orElseThrow());
    Conv2d same = conv2d(null, 3, 1, 3, 3, ONE, Padding.SAME, ONE, 1);
    assertEquals(Dims.of(3, 8, 8), outputOf(same, 1, 8, 8).orElseThrow());
    // Depthwise: 4 groups of one input channel each.
    Conv2d grouped = conv2d(null, 8, 1, 3, 3, ONE, Padding.of(1), ONE, 4);
    NirGraph g = graph().node("input", input(4, 5, 5)).node("n", grouped).chain("input", "n")
        .build();
    ShapeInfo info = InferShapes.run(g, Mode.STRICT);
    assertEquals(Dims.of(4, 5, 5), info.input("n").orElseThrow());
    assertEquals(Dims.of(8, 5, 5), info.output("n").orElseThrow());
    assertEquals(List.of(), info.findings());
  }

  @Test
  void conv1dOutputFollowsPytorchsFormula() {
    Conv1d strided = new Conv1d(null, full(1, 4, 2, 3), 2, Padding.of(1), 1, 1, full(0, 4), null);
    assertEquals(Dims.of(4, 8), outputOf(strided, 2, 16).orElseThrow());
    Conv1d same = new Conv1d(16, full(1, 1, 1, 3), 1, Padding.SAME, 1, 1, full(0, 1), null);
    assertEquals(Dims.of(1, 16), outputOf(same, 1, 16).orElseThrow());
    Conv1d dilated = new Conv1d(20, full(1, 1, 1, 4), 3, Padding.of(2), 2, 1, full(0, 1), null);
    // floor((20 + 4 - 2*3 - 1) / 3 + 1) = 6
    assertEquals(Dims.of(1, 6), outputOf(dilated, 1, 20).orElseThrow());
  }

  @Test
  void convolutionLargerThanItsInputIsAnError() {
    Conv2d c = conv2d(Dims.of(4, 4), 1, 1, 7, 7, ONE, Padding.VALID, ONE, 1);
    NirGraph g = graph().node("input", input(1, 4, 4)).node("n", c).chain("input", "n").build();
    ShapeInfo info = InferShapes.run(g);
    assertEquals(Optional.empty(), info.output("n"));
    assertEquals(List.of("Conv2d output would have size -2 along spatial dimension 0 for input"
        + " (1, 4, 4); the kernel (with dilation and padding) is larger than the input"),
        messages(info, Severity.ERROR));
  }

  @Test
  void convolutionWithoutInputShapeTakesItsPredecessorsAndStatedShapeIsChecked() {
    Conv2d free = conv2d(null, 4, 2, 3, 3, ONE, Padding.of(1), ONE, 1);
    NirGraph g = graph().node("input", input(2, 6, 6)).node("conv", free)
        .node("output", output(4, 6, 6)).chain("input", "conv", "output").build();
    ShapeInfo info = InferShapes.run(g, Mode.STRICT);
    assertEquals(Dims.of(2, 6, 6), info.input("conv").orElseThrow());
    assertEquals(List.of(), info.findings());
    // With a stated input_shape that disagrees with the predecessor, the edge is a mismatch.
    Conv2d stated = conv2d(Dims.of(5, 5), 4, 2, 3, 3, ONE, Padding.of(1), ONE, 1);
    NirGraph bad = graph().node("input", input(2, 6, 6)).node("conv", stated)
        .chain("input", "conv").build();
    assertEquals(List.of("type mismatch: input.output (2, 6, 6) -> conv.input (2, 5, 5)"),
        messages(InferShapes.run(bad, Mode.STRICT), Severity.ERROR));
  }

  @Test
  void batchDimensionBeforeAConvolutionIsAMismatch() {
    // NIR's 2023-09-26 scnn_mnist.nir: Input (1, 2, 34, 34) into a Conv2d without input_shape.
    Conv2d c = conv2d(null, 16, 2, 5, 5, Dims.of(2, 2), Padding.of(1), ONE, 1);
    NirGraph g = graph().node("input", input(1, 2, 34, 34)).node("0", c).chain("input", "0")
        .build();
    ShapeInfo info = InferShapes.run(g);
    assertEquals(List.of("type mismatch: input.output (1, 2, 34, 34) -> 0.input (2, 34, 34)"),
        messages(info, Severity.WARNING));
    assertEquals(Dims.of(16, 16, 16), info.output("0").orElseThrow());
  }

  // --- pooling -----------------------------------------------------------------------------

  @Test
  void poolingOutputFollowsPytorchsFormula() {
    SumPool2d sum = new SumPool2d(Dims.of(2, 2), Dims.of(2, 2), Dims.of(0, 0), null);
    assertEquals(Dims.of(16, 8, 8), outputOf(sum, 16, 16, 16).orElseThrow());
    // floor((7 + 2 - 3) / 2) + 1 = 4
    AvgPool2d avg = new AvgPool2d(Dims.of(3, 3), Dims.of(2, 2), Dims.of(1, 1), null);
    assertEquals(Dims.of(3, 4, 4), outputOf(avg, 3, 7, 7).orElseThrow());
    // Stride 1: 16 - 2 + 1 = 15
    SumPool2d overlap = new SumPool2d(Dims.of(2, 2), Dims.of(1, 1), Dims.of(0, 0), null);
    assertEquals(Dims.of(1, 15, 15), outputOf(overlap, 1, 16, 16).orElseThrow());
  }

  @Test
  void poolingOfAVectorIsReported() {
    SumPool2d sum = new SumPool2d(Dims.of(2, 2), Dims.of(2, 2), Dims.of(0, 0), null);
    NirGraph g = graph().node("input", input(16)).node("pool", sum).chain("input", "pool")
        .build();
    assertEquals(List.of("SumPool2d needs an input (C, H, W) but its predecessor input gives"
        + " (16,); fix the shapes"), messages(InferShapes.run(g, Mode.STRICT), Severity.ERROR));
  }

  // --- flatten: NIR's calc_flatten_output ---------------------------------------------------

  @Test
  void flattenFollowsNirsCalcFlattenOutput() {
    int[] chw = {8, 4, 4};
    assertArrayEquals(new long[] {128}, InferShapes.flattenOutput(chw, 0, -1));
    // NIR's default start_dim 1 keeps the first dimension (it assumes no batch dimension).
    assertArrayEquals(new long[] {8, 16}, InferShapes.flattenOutput(chw, 1, -1));
    assertArrayEquals(new long[] {32, 4}, InferShapes.flattenOutput(chw, 0, 1));
    assertArrayEquals(new long[] {8, 16}, InferShapes.flattenOutput(chw, -2, -1));
    assertArrayEquals(new long[] {32, 4}, InferShapes.flattenOutput(chw, 0, -2));
    assertArrayEquals(new long[] {8, 4, 4}, InferShapes.flattenOutput(chw, 1, 1));
    assertArrayEquals(new long[] {128}, InferShapes.flattenOutput(chw, 0, 2));
    // Out of range, NIR's slicing gives (38, 1); reversed, the element count changes.
    assertArrayEquals(new long[] {38, 1}, InferShapes.flattenOutput(new int[] {38}, 1, -1));
    assertArrayEquals(new long[] {8, 4, 1, 4, 4}, InferShapes.flattenOutput(chw, 2, 0));
  }

  @Test
  void flattenWithoutInputTypeTakesItsPredecessors() {
    assertEquals(Dims.of(128), outputOf(new Flatten(null, 0, -1, null), 8, 4, 4).orElseThrow());
    assertEquals(Dims.of(8, 16), outputOf(new Flatten(null, 1, -1, null), 8, 4, 4).orElseThrow());
  }

  @Test
  void flattenThatChangesTheElementCountIsAnError() {
    NirGraph g = graph().node("input", input(8, 4, 4)).node("f", new Flatten(null, 2, 0, null))
        .chain("input", "f").build();
    ShapeInfo info = InferShapes.run(g);
    assertEquals(List.of("Flatten start_dim 2, end_dim 0 turns input (8, 4, 4) into"
        + " (8, 4, 1, 4, 4), changing the element count; use 0 <= start_dim <= end_dim < rank"),
        messages(info, Severity.ERROR));
  }

  @Test
  void flattenOutOfRangeWarns() {
    NirGraph g = graph().node("input", input(38)).node("f", new Flatten(null, 1, -1, null))
        .chain("input", "f").build();
    assertEquals(List.of("Flatten start_dim 1, end_dim -1 do not fit input (38,) of rank 1;"
        + " NIR gives (38, 1), PyTorch would reject it"),
        messages(InferShapes.run(g), Severity.WARNING));
  }

  @Test
  void flattenThenLinearMismatchNamesBothNodesAndShapes() {
    // NIR's 2023-10-18 scnn_mnist.nir: start_dim 1 on (8, 4, 4) gives (8, 16), not 128.
    NirGraph g = graph().node("input", input(8, 4, 4))
        .node("8", new Flatten(Dims.of(8, 4, 4), 1, -1, null)).node("9", linear(256, 128))
        .chain("input", "8", "9").build();
    assertEquals(List.of("type mismatch: 8.output (8, 16) -> 9.input (128,)"),
        messages(InferShapes.run(g, Mode.STRICT), Severity.ERROR));
  }

  // --- elementwise nodes and recurrence ----------------------------------------------------

  @Test
  void scalarNeuronTakesItsNeighboursShapeLenientlyButIsTypedEmptyStrictly() {
    // NIR's 2023-08-25 lif_norse.nir: a LIF with 0-d parameters after a (1000,) input.
    NirGraph g = graph().node("input", input(1000)).node("lif", lif())
        .node("output", output(1000)).chain("input", "lif", "output").build();
    ShapeInfo lenient = InferShapes.run(g, Mode.LENIENT);
    assertEquals(Dims.of(1000), lenient.output("lif").orElseThrow());
    assertEquals(List.of(), messages(lenient, Severity.WARNING));
    assertEquals(List.of("has only scalar parameters; takes shape (1000,) from its predecessor"
        + " input"), messages(lenient, Severity.INFO));
    ShapeInfo strict = InferShapes.run(g, Mode.STRICT);
    assertEquals(List.of("type mismatch: input.output (1000,) -> lif.input (); lif has only"
        + " scalar parameters, which NIR types as () (lenient mode broadcasts them)",
        "type mismatch: lif.output () -> output.input (1000,); lif has only scalar parameters,"
        + " which NIR types as () (lenient mode broadcasts them)"),
        messages(strict, Severity.ERROR));
  }

  @Test
  void recurrentGraphReachesAFixpoint() {
    // input (3) -> fc (4x3) -> lif (scalar) <-> w_rec (4x4); lif -> thr (scalar) -> output.
    NirGraph g = graph().node("input", input(3)).node("fc", linear(4, 3)).node("lif", lif())
        .node("w_rec", linear(4, 4)).node("out_lif", lif()).node("output", output(4))
        .chain("input", "fc", "lif", "w_rec", "lif").chain("lif", "out_lif", "output").build();
    ShapeInfo info = InferShapes.run(g);
    for (String p : List.of("fc", "lif", "w_rec", "out_lif")) {
      assertEquals(Dims.of(4), info.output(p).orElseThrow(), p);
    }
    assertEquals(List.of(), messages(info, Severity.WARNING));
  }

  @Test
  void scalarNeuronWithOnlyASuccessorTakesItsShape() {
    NirGraph g = graph().node("lif", lif()).node("fc", linear(2, 5)).chain("lif", "fc").build();
    ShapeInfo info = InferShapes.run(g);
    assertEquals(Dims.of(5), info.output("lif").orElseThrow());
    assertEquals(List.of("has only scalar parameters; takes shape (5,) from its successor fc"),
        messages(info, Severity.INFO));
  }

  @Test
  void shapeThatCannotBeInferredIsReported() {
    Conv2d c = conv2d(null, 4, 2, 3, 3, ONE, Padding.of(1), ONE, 1);
    NirGraph g = graph().node("conv", c).node("output", output(4, 6, 6))
        .chain("conv", "output").build();
    ShapeInfo info = InferShapes.run(g);
    assertEquals(Optional.empty(), info.output("conv"));
    assertEquals(List.of("the output shape of conv is unknown: it states no shape and no"
        + " predecessor has a known shape; give it an explicit shape"),
        messages(info, Severity.WARNING));
  }

  @Test
  void nestedGraphTakesItsInputAndOutputShapes() {
    NirGraph inner = graph().node("in", input(3)).node("rec", linear(3, 3))
        .node("out", output(3)).chain("in", "rec", "out").build();
    NirGraph g = graph().node("input", input(2)).node("aff", linear(3, 2)).node("sub", inner)
        .node("output", output(3)).chain("input", "aff", "sub", "output").build();
    ShapeInfo info = InferShapes.run(g, Mode.STRICT);
    assertEquals(NodeShape.of(Dims.of(3), Dims.of(3)), info.node("sub").orElseThrow());
    assertEquals(Dims.of(3), info.output("sub.rec").orElseThrow());
    assertEquals(List.of("sub", "sub.in", "sub.rec", "sub.out"), info.nodes().keySet().stream()
        .filter(p -> p.startsWith("sub")).toList());
    assertEquals(List.of(), info.findings());
    NirGraph wrong = graph().node("input", input(2)).node("aff", linear(4, 2)).node("sub", inner)
        .chain("input", "aff", "sub").build();
    assertEquals(List.of("type mismatch: aff.output (4,) -> sub.input (3,)"),
        messages(InferShapes.run(wrong), Severity.WARNING));
  }

  @Test
  void outputShapeMismatchNamesBothNodes() {
    // NIR's lif_rockpool.nir: LIF (1,) into Output (1, 1, 1).
    NirGraph g = graph().node("input", input(1)).node("1_LIFNeuronTorch", lif(1))
        .node("output", output(1, 1, 1)).chain("input", "1_LIFNeuronTorch", "output").build();
    assertTrue(messages(InferShapes.run(g, Mode.STRICT), Severity.ERROR).contains(
        "type mismatch: 1_LIFNeuronTorch.output (1,) -> output.input (1, 1, 1)"));
  }
}
