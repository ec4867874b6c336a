package org.nirfpga.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nirfpga.fixed.EventRange;
import org.nirfpga.fixed.FixedFormat;
import org.nirfpga.fixed.LayerQuant;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.IF;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.LI;
import org.nirfpga.nir.graph.LIF;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.ref.Contract;

/** Graphs outside the supported slice are refused with a message naming the node. */
class UnsupportedTest {
  private static String refusal(NirGraph g, QuantOptions o) throws NirfpgaException {
    QuantConfig q = Quantizer.quantize(g, o);
    return assertThrows(NirfpgaException.class,
        () -> PipelineGenerator.generate(g, q, o.contract(), "g.nir", "top")).getMessage();
  }

  @Test
  void convolutionIsRefusedByNodeName() throws Exception {
    Example e = Examples.named("cnn").orElseThrow();
    String msg = refusal(e.graph(), QuantOptions.defaults(Contract.nir())
        .withInputEvents(new EventRange(0, 8)));
    assertEquals("g.nir: node 'conv' (Conv2d): Conv2d nodes are not supported by the RTL"
        + " generator yet; it supports Input, Linear, Affine, LIF, IF, LI, I, CubaLIF, CubaLI,"
        + " Threshold and Output", msg);
  }

  @Test
  void multiSpikeIfFeedingAnotherLayerIsRefusedByNodeName() throws Exception {
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(2), null));
    nodes.put("fc", new Linear(Tensor.full(new int[] {2, 2}, 0.5), null));
    nodes.put("if1", new IF(Tensor.vector(1, 1), Tensor.vector(1, 1), Tensor.vector(0, 0), null));
    nodes.put("fc2", new Linear(Tensor.full(new int[] {2, 2}, 0.25), null));
    nodes.put("if2", new IF(Tensor.vector(1, 1), Tensor.vector(1, 1), Tensor.vector(0, 0), null));
    nodes.put("out", new Output(Dims.of(2), null));
    List<Edge> edges = List.of(new Edge("in", "fc"), new Edge("fc", "if1"),
        new Edge("if1", "fc2"), new Edge("fc2", "if2"), new Edge("if2", "out"));
    String msg = refusal(new NirGraph(nodes, edges), QuantOptions.defaults(Contract.sinabs()));
    assertEquals("g.nir: node 'if1' (IF): its spike counts drive the synapses of 'if2'; the RTL"
        + " generator supports a multi-spike IF only as the last layer for now", msg);
  }

  @Test
  void recurrentEdgeIsRefusedByNodeName() throws Exception {
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(2), null));
    nodes.put("fc", new Linear(Tensor.full(new int[] {2, 2}, 0.5), null));
    nodes.put("lif", new LIF(Tensor.vector(1e-3, 1e-3), Tensor.vector(1, 1),
        Tensor.vector(0, 0), Tensor.vector(1, 1), Tensor.vector(0, 0), null));
    nodes.put("rec", new Linear(Tensor.full(new int[] {2, 2}, 0.25), null));
    nodes.put("out", new Output(Dims.of(2), null));
    List<Edge> edges = new ArrayList<>(List.of(new Edge("in", "fc"), new Edge("fc", "lif"),
        new Edge("lif", "out"), new Edge("lif", "rec"), new Edge("rec", "lif")));
    String msg = refusal(new NirGraph(nodes, edges), QuantOptions.defaults(Contract.nir()));
    assertEquals("g.nir: node 'lif' (LIF): fan-in from 2 synapse chains is not supported by the"
        + " RTL generator yet; it needs exactly one Linear/Affine input", msg);
  }

  @Test
  void readoutFeedingAnotherLayerIsRefusedByNodeName() throws Exception {
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(2), null));
    nodes.put("fc", new Linear(Tensor.full(new int[] {2, 2}, 0.5), null));
    nodes.put("li", new LI(Tensor.vector(1e-3, 1e-3), Tensor.vector(1, 1), Tensor.vector(0, 0),
        null));
    nodes.put("fc2", new Linear(Tensor.full(new int[] {2, 2}, 0.25), null));
    nodes.put("lif", new LIF(Tensor.vector(1e-3, 1e-3), Tensor.vector(1, 1),
        Tensor.vector(0, 0), Tensor.vector(1, 1), Tensor.vector(0, 0), null));
    nodes.put("out", new Output(Dims.of(2), null));
    List<Edge> edges = List.of(new Edge("in", "fc"), new Edge("fc", "li"), new Edge("li", "fc2"),
        new Edge("fc2", "lif"), new Edge("lif", "out"));
    String msg = refusal(new NirGraph(nodes, edges), QuantOptions.defaults(Contract.nir()));
    assertEquals("g.nir: node 'li' (LI): its v drives the synapses of 'lif'; the RTL generator"
        + " supports a non-spiking layer only as the last layer for now", msg);
  }

  @Test
  void gradedInputEventsAreRefusedByInputName() throws Exception {
    String msg = refusal(Graphs.smallIf(1.0), QuantOptions.defaults(Contract.nir())
        .withInputEvents(new EventRange(0, 4)));
    assertEquals("g.nir: input 'in' carries events in [0, 4]; the RTL generator supports binary"
        + " spikes (0/1) only for now", msg);
  }

  @Test
  void thresholdLayerWithVNarrowerThanItsAccumulatorIsRefusedByNodeName() throws Exception {
    NirGraph g = Graphs.lastLayer("Threshold");
    QuantConfig q = Quantizer.quantize(g, QuantOptions.defaults(Contract.nir()));
    LayerQuant l = q.layers().get("th");
    int ba = l.accumulator().totalBits();
    QuantConfig edited = q.withLayer("th", l.withV(new FixedFormat(ba - 1,
        l.accumulator().fracBits())));
    String msg = assertThrows(NirfpgaException.class, () -> PipelineGenerator.generate(g,
        edited, Contract.nir(), "g.nir", "top")).getMessage();
    assertEquals("node 'th' (Threshold): v.bits = " + (ba - 1) + " is narrower than"
        + " accumulator.bits = " + ba + " (a Threshold layer shows its accumulator as v; make"
        + " them equal); the RTL generator does not support this yet", msg);
  }
}
