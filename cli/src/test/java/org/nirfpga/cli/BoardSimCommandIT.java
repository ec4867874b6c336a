package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.host.board.VirtualBoard;
import org.nirfpga.host.transport.LineFaults;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.data.NpyArray;
import org.nirfpga.nir.data.NpyDtype;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.ref.Contract;

/** {@code nirfpga board-sim} in Verilator, reached by {@code nirfpga run} over TCP and sim:. */
@Tag("verilator")
class BoardSimCommandIT {
  @TempDir
  Path dir;

  @Test
  void theSameRunIsBitExactOverTheVerilatedBoardAndOverSim() throws Exception {
    requireVerilator();
    Path model = dir.resolve("mlp.nir");
    Path x = mlpExample(model, 30);
    Path rtl = dir.resolve("rtl");
    try (VirtualBoard board = BoardSimCommand.serve(model, Contract.nir(), null, 0, 3_000_000,
        12_000_000, rtl, LineFaults.NONE, true, System.out::println)) {
      assertTrue(board.device().describe().startsWith("sim:"), board.device().describe());
      CliRunner.Outcome o = CliRunner.run("run", rtl.toString(), "--port", board.uri(),
          "--input", x.toString(), "--compare", model.toString(), "--timeout-ms", "1000");
      System.out.println(o.out());
      assertEquals(0, o.exitCode(), o.err() + o.out());
      assertTrue(o.out().contains("bit-exact with the golden model: 30 steps of 'lif2'"), o.out());
    }
    assertTrue(Files.isRegularFile(rtl.resolve("link.properties")));
    CliRunner.Outcome o = CliRunner.run("run", rtl.toString(), "--port", "sim:" + rtl,
        "--input", x.toString(), "--compare", model.toString(), "--timeout-ms", "5");
    System.out.println(o.out());
    assertEquals(0, o.exitCode(), o.err() + o.out());
    assertTrue(o.out().contains("bit-exact with the golden model: 30 steps of 'lif2'"), o.out());
  }

  @Test
  void aBoardFolderWithWeightsInSpramRunsBitExactOverSimAfterTheDriverWritesItsImage()
      throws Exception {
    requireVerilator();
    Path model = dir.resolve("mlp.nir");
    Path x = mlpExample(model, 20);
    Path rtl = dir.resolve("rtl");
    CliRunner.Outcome c = CliRunner.run("compile", model.toString(), "-o", rtl.toString(),
        "--board", "icebreaker", "--baud", "3000000", "--spram", "all");
    assertEquals(0, c.exitCode(), c.err());
    assertTrue(Files.isRegularFile(rtl.resolve("weights_spram.hex")));
    CliRunner.Outcome o = CliRunner.run("run", rtl.toString(), "--port", "sim:" + rtl,
        "--input", x.toString(), "--compare", model.toString(), "--timeout-ms", "5");
    System.out.println(o.out());
    assertEquals(0, o.exitCode(), o.err() + o.out());
    assertTrue(o.out().contains("bit-exact with the golden model: 20 steps of 'lif2'"), o.out());
  }

  /** Writes the mlp example to {@code model} and its first {@code steps} sample steps beside. */
  private Path mlpExample(Path model, int steps) throws Exception {
    assertEquals(0, CliRunner.run("example", "mlp", "-o", model.toString()).exitCode());
    Path x = dir.resolve("x.npy");
    Npy.write(x, NpyArray.ofRows(Arrays.copyOf(Examples.named("mlp").orElseThrow()
        .sampleInput(), steps), NpyDtype.FLOAT32));
    return x;
  }

  @Test
  void anRtlFolderIsRefusedForTheCycleEngineNamingWhatToGive() throws Exception {
    Path rtl = Files.createDirectories(dir.resolve("rtl"));
    CliRunner.Outcome o = CliRunner.run("board-sim", rtl.toString(), "--engine", "cycle",
        "--tcp", "0");
    assertEquals(2, o.exitCode(), o.err());
    assertEquals("nirfpga: " + rtl + ": an RTL folder runs only in Verilator; give the"
        + " network's .nir file for --engine cycle", o.err().strip());
  }

  private static void requireVerilator() {
    for (String tool : new String[] {"verilator", "g++"}) {
      boolean found = false;
      for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        found |= !d.isEmpty() && Files.isExecutable(Path.of(d, tool));
      }
      if (!found) {
        if (Boolean.getBoolean("require.tools")) {
          fail(tool + " not found on PATH but -Drequire.tools=true");
        }
        System.out.println("SKIPPED: " + tool + " not found on PATH");
        Assumptions.abort(tool + " not found on PATH");
      }
    }
  }
}
