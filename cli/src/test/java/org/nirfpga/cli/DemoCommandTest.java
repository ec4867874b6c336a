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
import org.nirfpga.nir.hdf5.NirReader;
import org.nirfpga.nir.ref.Contract;
import picocli.CommandLine;

/** The demo's stages that need no Verilator; DemoCommandIT runs the co-simulation. */
class DemoCommandTest {
  @Test
  void cnnRunsTheFloatStagesAndSaysTheGeneratorRefusesItsConvNode(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("demo");
    CliRunner.Outcome o = CliRunner.run("demo", "--example", "cnn", "-o", out.toString());
    assertEquals(0, o.exitCode(), o.err());
    for (int stage = 1; stage <= 9; stage++) {
      assertTrue(o.out().contains("[" + stage + "/9]"), o.out());
    }
    assertTrue(o.out().contains("skipped: the RTL generator refuses example 'cnn': cnn.nir: node"
        + " 'conv' (Conv2d)"), o.out());
    assertTrue(o.out().contains("[8/9] skipped (no RTL for 'cnn')"), o.out());
    assertTrue(o.out().contains("RTL stages skipped for example 'cnn'"), o.out());
    assertEquals(Examples.named("cnn").orElseThrow().graph(),
        NirReader.read(out.resolve("cnn.nir")).graph());
    for (String f : new String[] {"input.npy", "quant.json", "agreement.txt",
        "reference/output.npy", "reference/report.json"}) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    assertFalse(Files.exists(out.resolve("rtl")));
    assertFalse(Files.exists(out.resolve("report.json")));
    String agreement = Files.readString(out.resolve("agreement.txt"));
    assertTrue(agreement.contains("output output      spike counts 1.0000"), agreement);
  }

  @Test
  void aSecondRunReplacesTheFirstRunsFolders(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("demo");
    assertEquals(0, CliRunner.run("demo", "--example", "cnn", "-o", out.toString()).exitCode());
    Path stale = out.resolve("reference/stale.txt");
    Files.writeString(stale, "from an earlier run");
    CliRunner.Outcome again = CliRunner.run("demo", "--example", "cnn", "-o", out.toString());
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(Files.isRegularFile(out.resolve("reference/output.npy")));
    assertFalse(Files.exists(stale));
    try (var s = Files.list(dir)) {
      assertEquals(1, s.count(), "no staging folder left beside the output");
    }
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
  void missingVerilatorThatCannotBeInstalledExitsTwoWithTheCommandAndWritesNothing(
      @TempDir Path dir) throws Exception {
    Path emptyBin = Files.createDirectory(dir.resolve("bin"));
    DemoCommand demo = new DemoCommand();
    demo.path = emptyBin.toString();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(demo);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    Path target = dir.resolve("demo");
    int code = cl.execute("-o", target.toString());
    assertEquals(Main.EXIT_USER_ERROR, code, out + "\n" + err);
    assertTrue(out.toString().contains("[6/9] compiling the RTL"), out.toString());
    assertTrue(out.toString().contains("missing: verilator, g++"), out.toString());
    assertTrue(err.toString().contains("(there is no apt-get on the PATH); install it with:"
        + " sudo apt-get install -y verilator g++ make"), err.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertFalse(Files.exists(target));
  }

  @Test
  void unknownExampleFailsBeforeWritingAnything(@TempDir Path dir) throws Exception {
    CliRunner.Outcome o = CliRunner.run("demo", "--example", "nope", "-o",
        dir.resolve("demo").toString());
    assertEquals(Main.EXIT_USER_ERROR, o.exitCode());
    assertTrue(o.err().contains("no example named 'nope'; examples are: lif, mlp"), o.err());
    assertFalse(Files.exists(dir.resolve("demo")));
    try (var s = Files.list(dir)) {
      assertEquals(0, s.count());
    }
  }
}
