package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.ref.Contract;
import picocli.CommandLine;

/**
 * The demo's stages that need no Verilator; DemoCommandIT runs the co-simulation. Every run here
 * gets an empty PATH, so the demo can never install anything for real.
 */
class DemoCommandTest {
  @TempDir
  Path tmp;

  private CliRunner.Outcome demo(String... args) throws Exception {
    Path emptyBin = tmp.resolve("empty-bin");
    Files.createDirectories(emptyBin);
    DemoCommand demo = new DemoCommand();
    demo.path = emptyBin.toString();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(demo);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new CliRunner.Outcome(code, out.toString(), err.toString());
  }

  @Test
  void mlpIsTheDefaultExampleAndTheGeneratorAcceptsIt() throws Exception {
    CommandLine cl = new CommandLine(new DemoCommand());
    assertEquals("mlp", cl.getCommandSpec().findOption("--example").defaultValue());
    NirGraph mlp = Examples.named("mlp").orElseThrow().graph();
    Contract nir = Contract.nir();
    PipelineGenerator.generate(mlp, Quantizer.quantize(mlp, QuantOptions.defaults(nir)), nir,
        "mlp.nir", "mlp_top");
  }

  @Test
  void missingVerilatorThatCannotBeInstalledExitsTwoWithTheCommandAndWritesNothing()
      throws Exception {
    Path target = tmp.resolve("demo");
    CliRunner.Outcome o = demo("-o", target.toString());
    assertEquals(Main.EXIT_USER_ERROR, o.exitCode(), o.out() + "\n" + o.err());
    assertTrue(o.out().contains("[6/9] compiling the RTL"), o.out());
    assertTrue(o.out().contains("missing: verilator, g++"), o.out());
    assertTrue(o.err().contains("(there is no apt-get on the PATH); install it with:"
        + " sudo apt-get install -y verilator g++ make"), o.err());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertFalse(Files.exists(target));
  }

  @Test
  void unknownExampleFailsBeforeWritingAnything() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("empty"));
    CliRunner.Outcome o = CliRunner.run("demo", "--example", "nope", "-o",
        dir.resolve("demo").toString());
    assertEquals(Main.EXIT_USER_ERROR, o.exitCode());
    assertTrue(o.err().contains("no example named 'nope'; examples are: lif, mlp"), o.err());
    try (var s = Files.list(dir)) {
      assertEquals(0, s.count());
    }
  }
}
