package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.fixed.LayerTrace;
import org.nirfpga.host.board.VirtualBoard;
import org.nirfpga.host.transport.LineFaults;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.data.NpyArray;
import org.nirfpga.nir.data.NpyDtype;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.ref.Contract;

/** {@code nirfpga run} against a virtual board of the mlp example (in the cycle simulator). */
class RunCommandTest {
  @TempDir
  Path dir;

  @Test
  void runOverTcpIsBitExactWithTheGoldenModelAndWritesItsOutputs() throws Exception {
    Path model = dir.resolve("mlp.nir");
    assertEquals(0, CliRunner.run("example", "mlp", "-o", model.toString()).exitCode());
    Path x = dir.resolve("x.npy");
    Npy.write(x, NpyArray.ofRows(Arrays.copyOf(Examples.named("mlp").orElseThrow()
        .sampleInput(), 4), NpyDtype.FLOAT32));
    Path rtl = dir.resolve("rtl");
    try (VirtualBoard board = BoardSimCommand.serve(model, Contract.nir(), null, 0, 115_200, rtl,
        LineFaults.NONE)) {
      Path out = dir.resolve("out");
      CliRunner.Outcome o = CliRunner.run("run", rtl.toString(), "--port", board.uri(),
          "--input", x.toString(), "--compare", model.toString(), "--timeout-ms", "5000",
          "--out", out.toString());
      assertEquals(0, o.exitCode(), o.err() + o.out());
      assertTrue(o.out().contains("bit-exact with the golden model: 4 steps of 'lif2'"), o.out());
      assertTrue(o.out().contains("agreement with the float reference (nir):\n  layer lif1 "),
          o.out());
      assertTrue(o.out().contains("  output output      spike counts "), o.out());
      assertTrue(Files.exists(out.resolve("outputs.npy")));

      // The same board again, now with two samples: RESET before each makes both start from
      // the initial state, so sample 0 repeats the first run.
      double[][] rows = Arrays.copyOf(Examples.named("mlp").orElseThrow().sampleInput(), 4);
      double[][] other = new double[4][];
      for (int t = 0; t < 4; t++) {
        other[t] = rows[3 - t];
      }
      Path x2 = dir.resolve("x2.npy");
      Npy.write(x2, NpyArray.timeSeries(List.of(rows, other), Dims.of(rows[0].length), true,
          NpyDtype.FLOAT32));
      Path out2 = dir.resolve("out2");
      CliRunner.Outcome batch = CliRunner.run("run", rtl.toString(), "--port", board.uri(),
          "--input", x2.toString(), "--compare", model.toString(), "--timeout-ms", "5000",
          "--out", out2.toString());
      assertEquals(0, batch.exitCode(), batch.err() + batch.out());
      assertTrue(batch.out().contains("sample 0: bit-exact with the golden model: 4 steps"),
          batch.out());
      assertTrue(batch.out().contains("sample 1: bit-exact with the golden model: 4 steps"),
          batch.out());
      NpyArray two = Npy.read(out2.resolve("outputs.npy"));
      assertEquals(Dims.of(4, 2, 4), two.shape());
      NpyArray one = Npy.read(out.resolve("outputs.npy"));
      for (int t = 0; t < 4; t++) {
        for (int n = 0; n < 4; n++) {
          assertEquals(one.get(t * 4 + n), two.get(t * 8 + n), "step " + t + " neuron " + n);
        }
      }

      // Without RESET the device goes on from step 4 (sample 1 started at 0), which a
      // comparison refuses.
      Path x1 = dir.resolve("x1.npy");
      Npy.write(x1, NpyArray.ofRows(Arrays.copyOf(rows, 1), NpyDtype.FLOAT32));
      CliRunner.Outcome cont = CliRunner.run("run", rtl.toString(), "--port", board.uri(),
          "--input", x1.toString(), "--compare", model.toString(), "--timeout-ms", "5000",
          "--no-reset");
      assertEquals(2, cont.exitCode(), cont.out());
      assertTrue(cont.err().contains("the device had run 4 steps before; --compare needs a"
          + " cleared device (drop --no-reset)"), cont.err());
    }
  }

  @Test
  void aCutLinkLeavesNoOutputFiles() throws Exception {
    Path rtl = dir.resolve("rtl");
    Files.createDirectories(rtl);
    Files.writeString(rtl.resolve("manifest.json"), "{}\n");
    Path out = dir.resolve("out");
    CliRunner.Outcome o = CliRunner.run("run", rtl.toString(), "--port", "tcp://localhost:1",
        "--input", dir.resolve("x.npy").toString(), "--out", out.toString());
    assertEquals(2, o.exitCode());
    assertTrue(o.err().startsWith("nirfpga: tcp://localhost:1: cannot connect"), o.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void comparisonNamesTheFirstDifferingStepAndNeuron() {
    int[][] spikes = {{0, 1}, {1, 0}};
    LayerTrace g = new LayerTrace("lif2", "LIF", true, null, null, null, null, spikes,
        new long[2][2], null);
    assertEquals(Optional.empty(), RunCommand.firstMismatch(new long[][] {{0, 1}, {1, 0}}, g,
        "lif2"));
    assertEquals(Optional.of("step 1, layer 'lif2', neuron 1: device 1, golden 0"),
        RunCommand.firstMismatch(new long[][] {{0, 1}, {1, 1}}, g, "lif2"));
  }
}
