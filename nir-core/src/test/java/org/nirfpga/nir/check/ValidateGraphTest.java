package org.nirfpga.nir.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nirfpga.nir.check.Graphs.affine;
import static org.nirfpga.nir.check.Graphs.cubaLif;
import static org.nirfpga.nir.check.Graphs.full;
import static org.nirfpga.nir.check.Graphs.graph;
import static org.nirfpga.nir.check.Graphs.input;
import static org.nirfpga.nir.check.Graphs.lif;
import static org.nirfpga.nir.check.Graphs.linear;
import static org.nirfpga.nir.check.Graphs.mlp;
import static org.nirfpga.nir.check.Graphs.output;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.Affine;
import org.nirfpga.nir.graph.Conv1d;
import org.nirfpga.nir.graph.CubaLIF;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Flatten;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.Padding;
import org.nirfpga.nir.graph.SumPool2d;
import org.nirfpga.nir.graph.Tensor;

class ValidateGraphTest {
  private static List<String> messages(ValidationReport r, Severity s) {
    return r.of(s).stream().map(f -> (f.path().isEmpty() ? "" : f.path() + ": ") + f.message())
        .toList();
  }

  private static void assertHas(ValidationReport r, Severity s, String pathAndMessage) {
    List<String> got = messages(r, s);
    assertTrue(got.contains(pathAndMessage),
        "expected " + s + " '" + pathAndMessage + "' among " + r.findings());
  }

  private static void assertClean(ValidationReport r) {
    assertEquals(List.of(), r.errors(), "errors");
    assertEquals(List.of(), r.warnings(), "warnings");
  }

  @Test
  void wellFormedMlpValidatesCleanInBothModes() {
    assertClean(ValidateGraph.run(mlp(4), Mode.LENIENT));
    assertClean(ValidateGraph.run(mlp(4), Mode.STRICT));
    assertFalse(ValidateGraph.run(mlp(4), Mode.STRICT).hasErrors());
  }

  // --- edges that name no node -------------------------------------------------------------

  @Test
  void edgeToAMissingNodeNamesTheEdgeAndListsTheNodes() {
    NirGraph g = graph().node("input", input(3)).node("fc1", affine(3, 3))
        .node("lif1.lif", lif(3)).node("output", output(3))
        .chain("input", "fc1", "lif1.lif").edge("lif1.lif", "lif").build();
    ValidationReport r = ValidateGraph.run(g, Mode.LENIENT);
    assertTrue(r.hasErrors());
    assertHas(r, Severity.ERROR,
        "edge (lif1.lif -> lif) names no node 'lif'; nodes are: input, fc1, lif1.lif, output");
  }

  @Test
  void edgeWithBothEndsMissingNamesBoth() {
    NirGraph g = graph().node("input", input(3)).node("output", output(3)).chain("input", "output")
        .edge("a", "b").build();
    assertHas(ValidateGraph.run(g), Severity.ERROR,
        "edge (a -> b) names no node 'a', 'b'; nodes are: input, output");
  }

  /** The layout of NIR's paper/03_rnn/extras/*_subgraph.nir: inner edges say 'lif'. */
  static NirGraph brailleWithBrokenSubgraph() {
    NirGraph inner = graph().node("input", input(38)).node("lif1", cubaLif(38))
        .node("lin", affine(38, 38)).node("output", output(38))
        .edge("input", "lif").edge("lif", "lin").edge("lin", "lif").edge("lif", "output").build();
    return graph().node("fc1", affine(38, 12)).node("fc2", affine(7, 38)).node("input", input(12))
        .node("lif1", inner).node("lif2", cubaLif(7)).node("output", output(7))
        .chain("input", "fc1", "lif1", "fc2", "lif2", "output").build();
  }

  @Test
  void missingNodeInsideASubgraphIsReportedAtTheSubgraphsPath() {
    ValidationReport r = ValidateGraph.run(brailleWithBrokenSubgraph(), Mode.LENIENT);
    assertEquals(4, r.errors().size(), r.errors().toString());
    assertHas(r, Severity.ERROR,
        "lif1: edge (input -> lif) names no node 'lif'; nodes are: input, lif1, lin, output");
    assertEquals("lif1", r.errors().get(0).path());
  }

  @Test
  void theSameSubgraphWithCorrectNamesIsCleanAndItsCycleIsReported() {
    NirGraph inner = graph().node("input", input(38)).node("lif1", cubaLif(38))
        .node("lin", affine(38, 38)).node("output", output(38))
        .edge("input", "lif1").edge("lif1", "lin").edge("lin", "lif1").edge("lif1", "output")
        .build();
    NirGraph g = graph().node("fc1", affine(38, 12)).node("fc2", affine(7, 38))
        .node("input", input(12)).node("lif1", inner).node("lif2", cubaLif(7))
        .node("output", output(7)).chain("input", "fc1", "lif1", "fc2", "lif2", "output").build();
    ValidationReport r = ValidateGraph.run(g, Mode.STRICT);
    assertClean(r);
    assertHas(r, Severity.INFO, "lif1.lif1: recurrent cycle through lif1.lif1, lif1.lin"
        + " (allowed: its edges carry values to the next time step)");
    assertEquals(Dims.of(38), r.shapes().input("lif1").orElseThrow());
    assertEquals(Dims.of(38), r.shapes().output("lif1.lin").orElseThrow());
  }

  @Test
  void dottedEdgeIntoASubgraphResolvesLenientlyButNotInStrictMode() {
    NirGraph inner = graph().node("input", input(4)).node("lif", lif(4)).node("output", output(4))
        .chain("input", "lif", "output").build();
    NirGraph g = graph().node("input", input(4)).node("sub", inner).node("output", output(4))
        .edge("input", "sub.lif").edge("sub.lif", "output").build();
    ValidationReport lenient = ValidateGraph.run(g, Mode.LENIENT);
    assertClean(lenient);
    assertHas(lenient, Severity.INFO, "edge (input -> sub.lif) reaches into a subgraph: 'sub.lif'");
    ValidationReport strict = ValidateGraph.run(g, Mode.STRICT);
    assertHas(strict, Severity.ERROR, "edge (input -> sub.lif) names 'sub.lif', a node inside a"
        + " subgraph; NIR's type check accepts only names of this graph (lenient mode resolves"
        + " it)");
  }

  @Test
  void flattenedSubgraphNameIsReadAsNirTorchDoes() {
    // NIR's 2023-10-11 braille.nir: edges say 'lif1' for nodes lif1.input / lif1.output.
    NirGraph g = graph().node("input", input(2)).node("fc1", affine(3, 2))
        .node("lif1.input", input(3)).node("lif1.lif", lif(3)).node("lif1.output", output(3))
        .node("fc2", affine(2, 3)).node("output", output(2))
        .chain("input", "fc1", "lif1").chain("lif1.input", "lif1.lif", "lif1.output")
        .chain("lif1", "fc2", "output").build();
    ValidationReport lenient = ValidateGraph.run(g, Mode.LENIENT);
    assertClean(lenient);
    assertHas(lenient, Severity.INFO, "edge (fc1 -> lif1) names no node 'lif1'; read as"
        + " 'lif1.input', NIRTorch's name for a flattened subgraph's input");
    assertHas(ValidateGraph.run(g, Mode.STRICT), Severity.ERROR, "edge (lif1 -> fc2) names no"
        + " node 'lif1'; NIR's type check needs an exact name (lenient mode reads it as"
        + " 'lif1.output', as NIRTorch does)");
  }

  // --- duplicates ------------------------------------------------------------------------

  @Test
  void duplicateEdgeIsAWarning() {
    NirGraph g = graph().node("input", input(2)).node("output", output(2))
        .chain("input", "output").chain("input", "output").build();
    assertHas(ValidateGraph.run(g), Severity.WARNING, "edge (input -> output) is listed 2 times;"
        + " its input is summed once per listing; remove the duplicates");
    assertClean(ValidateGraph.run(mlp(2)));
  }

  @Test
  void nodeNameThatShadowsASubgraphPathIsAWarning() {
    NirGraph inner = graph().node("input", input(2)).node("lif", lif(2)).node("output", output(2))
        .chain("input", "lif", "output").build();
    NirGraph g = graph().node("input", input(2)).node("sub", inner).node("sub.lif", lif(2))
        .node("output", output(2)).chain("input", "sub", "sub.lif", "output").build();
    assertHas(ValidateGraph.run(g), Severity.WARNING, "sub.lif: node name 'sub.lif' also reaches"
        + " a node inside subgraph 'sub'; edges use the exact name; rename one of them");
  }

  // --- parameter shapes within a neuron ----------------------------------------------------

  @Test
  void neuronParametersOfIncompatibleShapesAreAnErrorInBothModes() {
    LIF bad = new LIF(full(0.01, 1000), full(1, 16), full(0, 1000), full(1, 1000), full(0, 1000),
        null);
    NirGraph g = graph().node("input", input(1000)).node("lif", bad).node("output", output(1000))
        .chain("input", "lif", "output").build();
    String msg = "lif: LIF parameters differ in shape: tau (1000,), r (16,), v_leak (1000,),"
        + " v_threshold (1000,); all must have one shape";
    assertHas(ValidateGraph.run(g, Mode.LENIENT), Severity.ERROR, msg);
    assertHas(ValidateGraph.run(g, Mode.STRICT), Severity.ERROR, msg);
  }

  @Test
  void scalarNextToVectorParametersWarnLenientlyAndFailStrictly() {
    // NIR's 2023-08-28 lif_norse.nir: r and v_leak are 0-d, tau and v_threshold are (1,).
    LIF mixed = new LIF(full(0.0025, 1), Tensor.scalar(1), Tensor.scalar(0), full(1, 1),
        Tensor.scalar(0), null);
    NirGraph g = graph().node("input", input(1)).node("0", linear(1, 1)).node("1", mixed)
        .node("output", output(1)).chain("input", "0", "1", "output").build();
    assertHas(ValidateGraph.run(g, Mode.LENIENT), Severity.WARNING, "1: LIF parameters differ"
        + " in shape: tau (1,), r (), v_leak (), v_threshold (1,); NIR requires one shape (the"
        + " size-1 values are broadcast)");
    assertHas(ValidateGraph.run(g, Mode.STRICT), Severity.ERROR, "1: LIF parameters differ"
        + " in shape: tau (1,), r (), v_leak (), v_threshold (1,); NIR requires one shape");
  }

  @Test
  void allZeroResetAndBroadcastInputWeightAreAcceptedAsNirDoes() {
    CubaLIF ok = new CubaLIF(full(0.005, 5), full(0.01, 5), full(1, 5), full(0, 5), full(1, 5),
        Tensor.scalar(0), Tensor.scalar(2), null);
    NirGraph g = graph().node("input", input(5)).node("c", ok).node("output", output(5))
        .chain("input", "c", "output").build();
    assertClean(ValidateGraph.run(g, Mode.STRICT));
    CubaLIF resetMatters = new CubaLIF(full(0.005, 5), full(0.01, 5), full(1, 5), full(0, 5),
        full(1, 5), Tensor.scalar(-1), Tensor.scalar(2), null);
    NirGraph bad = graph().node("input", input(5)).node("c", resetMatters)
        .node("output", output(5)).chain("input", "c", "output").build();
    assertTrue(ValidateGraph.run(bad, Mode.STRICT).hasErrors());
  }

  // --- sizes -------------------------------------------------------------------------------

  @Test
  void zeroOrNegativeSizesAreErrors() {
    NirGraph g = graph().node("input", input(0, 3)).node("output", output(-1))
        .chain("input", "output").build();
    ValidationReport r = ValidateGraph.run(g);
    assertHas(r, Severity.ERROR,
        "input: 'shape' (0, 3) has a size <= 0; every dimension must be at least 1");
    assertHas(r, Severity.ERROR,
        "output: 'shape' (-1,) has a size <= 0; every dimension must be at least 1");
  }

  @Test
  void weightWithAZeroSizeDimensionIsAnError() {
    NirGraph g = graph().node("input", input(3)).node("fc", new Linear(full(1, 0, 3), null))
        .chain("input", "fc").build();
    assertHas(ValidateGraph.run(g), Severity.ERROR, "fc: Linear field 'weight' has shape (0, 3)"
        + " with a zero-size dimension; it holds no values");
  }

  @Test
  void nonPositiveConvolutionAndPoolingParametersAreErrors() {
    Conv1d conv = new Conv1d(8, full(1, 2, 1, 3), 0, Padding.of(1), 1, 1, full(0, 2), null);
    SumPool2d pool = new SumPool2d(Dims.of(2, 2), Dims.of(2, 2), Dims.of(0, -1), null);
    NirGraph g = graph().node("input", input(1, 8)).node("conv", conv).node("pool", pool)
        .chain("input", "conv").build();
    ValidationReport r = ValidateGraph.run(g);
    assertHas(r, Severity.ERROR, "conv: Conv1d stride is 0; it must be at least 1");
    assertHas(r, Severity.ERROR,
        "pool: SumPool2d padding is (0, -1); it must be an (h, w) pair of values >= 0");
    Conv1d good = new Conv1d(8, full(1, 2, 1, 3), 1, Padding.of(1), 1, 1, full(0, 2), null);
    NirGraph ok = graph().node("input", input(1, 8)).node("conv", good)
        .node("output", output(2, 8)).chain("input", "conv", "output").build();
    assertClean(ValidateGraph.run(ok, Mode.STRICT));
  }

  @Test
  void placeholderFlattenInputTypeWarnsLenientlyAndFailsStrictly() {
    // Old snnTorch exports wrote input_type (0, 0, 0, 0).
    Flatten f = new Flatten(Dims.of(0, 0, 0, 0), 0, -1, null);
    NirGraph g = graph().node("input", input(2, 3)).node("flat", f).node("output", output(6))
        .chain("input", "flat", "output").build();
    ValidationReport lenient = ValidateGraph.run(g, Mode.LENIENT);
    assertHas(lenient, Severity.WARNING, "flat: Flatten input_type (0, 0, 0, 0) has sizes <= 0;"
        + " ignored, the predecessor's output shape is used");
    assertFalse(lenient.hasErrors());
    assertEquals(Dims.of(6), lenient.shapes().output("flat").orElseThrow());
    assertHas(ValidateGraph.run(g, Mode.STRICT), Severity.ERROR, "flat: Flatten input_type"
        + " (0, 0, 0, 0) has sizes <= 0; write the real input shape");
  }

  // --- weights against their neighbours ----------------------------------------------------

  @Test
  void weightOfTheWrongRankIsAnError() {
    NirGraph g = graph().node("input", input(3)).node("fc", new Linear(full(1, 3), null))
        .chain("input", "fc").build();
    assertHas(ValidateGraph.run(g), Severity.ERROR,
        "fc: Linear weight has shape (3,); it must be at least 2-d (out, in)");
  }

  @Test
  void biasThatDisagreesWithTheWeightIsAnError() {
    Affine a = new Affine(full(1, 4, 3), full(0, 5), null);
    NirGraph g = graph().node("input", input(3)).node("fc", a).node("output", output(4))
        .chain("input", "fc", "output").build();
    assertHas(ValidateGraph.run(g), Severity.ERROR, "fc: Affine bias has shape (5,) but the"
        + " weight gives (4,) outputs; the bias needs shape (4,)");
  }

  @Test
  void weightThatContradictsItsNeighboursIsAMismatchNamingBothNodes() {
    // spyx_shd.nir (2024-01-25): the Linear weight is stored (in, out).
    NirGraph g = graph().node("input", input(128)).node("linear", linear(128, 64))
        .node("output", output(128)).chain("input", "linear", "output").build();
    String msg = "linear: type mismatch: input.output (128,) -> linear.input (64,); the weight"
        + " of linear is (128, 64) = (out, in): is it stored transposed?";
    ValidationReport lenient = ValidateGraph.run(g, Mode.LENIENT);
    assertHas(lenient, Severity.WARNING, msg);
    assertFalse(lenient.hasErrors());
    assertHas(ValidateGraph.run(g, Mode.STRICT), Severity.ERROR, msg);
  }

  @Test
  void groupsThatDoNotDivideTheOutputChannelsAreAnError() {
    NirGraph g = graph().node("input", input(4, 8, 8)).node("conv", Graphs.conv2d(Dims.of(8, 8),
        6, 1, 3, 3, Dims.of(1, 1), Padding.of(1), Dims.of(1, 1), 4)).chain("input", "conv")
        .build();
    assertHas(ValidateGraph.run(g), Severity.ERROR,
        "conv: Conv2d has 6 output channels, not a multiple of groups 4");
  }

  // --- non-finite values -------------------------------------------------------------------

  @Test
  void nanIsAnErrorWhereverItIs() {
    Tensor w = Tensor.of(new int[] {2, 2}, 1, Double.NaN, 0, 1);
    NirGraph g = graph().node("input", input(2)).node("fc", new Linear(w, null))
        .node("output", output(2)).chain("input", "fc", "output").build();
    assertHas(ValidateGraph.run(g), Severity.ERROR,
        "fc: Linear field 'weight' holds NaN; every parameter needs a number");
  }

  @Test
  void infiniteTauIsLegalButInfinityElsewhereWarns() {
    LIF lava = new LIF(full(Double.POSITIVE_INFINITY, 3), full(1, 3), full(0, 3), full(1, 3),
        full(0, 3), null);
    NirGraph ok = graph().node("input", input(3)).node("lif", lava).node("output", output(3))
        .chain("input", "lif", "output").build();
    assertClean(ValidateGraph.run(ok, Mode.STRICT));
    LIF never = new LIF(full(0.01, 3), full(1, 3), full(0, 3),
        full(Double.POSITIVE_INFINITY, 3), full(0, 3), null);
    NirGraph g = graph().node("input", input(3)).node("lif", never).node("output", output(3))
        .chain("input", "lif", "output").build();
    assertHas(ValidateGraph.run(g), Severity.WARNING, "lif: LIF field 'v_threshold' holds"
        + " infinite values (min Infinity, max Infinity); only a time constant may be +inf");
  }

  @Test
  void negativeInfiniteOrNonPositiveTauWarns() {
    LIF neg = new LIF(Tensor.vector(0.01, Double.NEGATIVE_INFINITY), full(1, 2), full(0, 2),
        full(1, 2), full(0, 2), null);
    NirGraph g = graph().node("input", input(2)).node("lif", neg).node("output", output(2))
        .chain("input", "lif", "output").build();
    ValidationReport r = ValidateGraph.run(g);
    assertHas(r, Severity.WARNING, "lif: LIF field 'tau' holds infinite values (min -Infinity,"
        + " max 0.01); only a time constant may be +inf");
    assertHas(r, Severity.WARNING, "lif: LIF field 'tau' has values <= 0 (min -Infinity);"
        + " a time constant must be positive");
  }

  // --- cycles ------------------------------------------------------------------------------

  @Test
  void recurrentCycleIsReportedAsInfoNamingItsNodes() {
    NirGraph g = graph().node("input", input(3)).node("fc", linear(4, 3)).node("lif", lif(4))
        .node("w_rec", linear(4, 4)).node("output", output(4))
        .chain("input", "fc", "lif", "output").chain("lif", "w_rec", "lif").build();
    ValidationReport r = ValidateGraph.run(g, Mode.STRICT);
    assertClean(r);
    assertHas(r, Severity.INFO, "lif: recurrent cycle through lif, w_rec"
        + " (allowed: its edges carry values to the next time step)");
    assertTrue(ValidateGraph.run(mlp(3)).findings().stream()
        .noneMatch(f -> f.message().contains("cycle")));
  }

  @Test
  void selfLoopIsACycle() {
    NirGraph g = graph().node("input", input(2)).node("w", linear(2, 2)).node("output", output(2))
        .chain("input", "w", "w", "output").build();
    assertHas(ValidateGraph.run(g), Severity.INFO,
        "w: recurrent cycle through w (allowed: its edges carry values to the next time step)");
  }

  @Test
  void nodesNoInputReachesAreReported() {
    NirGraph g = graph().node("input", input(2)).node("output", output(2))
        .node("a", linear(2, 2)).node("b", linear(2, 2))
        .chain("input", "output").chain("a", "b", "a").build();
    assertHas(ValidateGraph.run(g), Severity.INFO,
        "no Input reaches a, b; these nodes only see their own recurrent activity");
  }

  // --- report ------------------------------------------------------------------------------

  @Test
  void throwIfErrorsNamesTheFileAndTheFirstError() {
    ValidationReport r = ValidateGraph.run(brailleWithBrokenSubgraph());
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> r.throwIfErrors("braille.nir"));
    assertEquals("braille.nir: lif1: edge (input -> lif) names no node 'lif'; nodes are: input,"
        + " lif1, lin, output (and 3 more errors)", e.getMessage());
  }
}
