package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.data.NpyArray;
import org.nirfpga.nir.data.NpyDtype;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.Input;
import org.nirfpga.nir.graph.Linear;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Output;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.hdf5.NirWriter;

/**
 * The quantizer's and golden model's refusals name the model file in every command, and leave
 * nothing behind.
 */
class RefusalNamesTheFileTest {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"compile", "simulate", "quantize", "cosim"})
  void aSynapseWithNoNeuronAfterItIsRefusedNamingTheFileAndTheNode(String command)
      throws Exception {
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("in", new Input(Dims.of(2), null));
    nodes.put("fc", new Linear(Tensor.full(new int[] {2, 2}, 0.5), null));
    nodes.put("out", new Output(Dims.of(2), null));
    Path model = dir.resolve("bare.nir");
    NirWriter.write(model, new NirGraph(nodes, List.of(new Edge("in", "fc"),
        new Edge("fc", "out"))));
    Path x = dir.resolve("x.npy");
    Npy.write(x, NpyArray.ofRows(new double[][] {{1, 0}, {0, 1}, {1, 1}}, NpyDtype.FLOAT32));
    List<String> args = switch (command) {
      case "simulate" -> List.of("simulate", model.toString(), "--input", x.toString(),
          "--engine", "fixed", "-o", dir.resolve("out").toString());
      case "quantize" -> List.of("quantize", model.toString(), "-o",
          dir.resolve("q.json").toString());
      case "compile" -> List.of("compile", model.toString(), "-o", dir.resolve("rtl").toString());
      default -> List.of("cosim", model.toString(), "--input", x.toString(), "--out",
          dir.resolve("out").toString());
    };
    CliRunner.Outcome o = CliRunner.run(args.toArray(new String[0]));
    assertEquals(Main.EXIT_USER_ERROR, o.exitCode(), o.err());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertTrue(o.err().startsWith("nirfpga: bare.nir: node 'fc' (Linear)"), o.err());
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of("bare.nir", "x.npy"), s.map(p -> p.getFileName().toString()).sorted()
          .toList(), "nothing may be left behind");
    }
  }
}
