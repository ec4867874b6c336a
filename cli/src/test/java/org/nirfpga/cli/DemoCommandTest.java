package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.fixed.EventRange;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.data.InputSeries;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.hdf5.NirReader;
import org.nirfpga.nir.ref.Contract;
import picocli.CommandLine;

/**
 * The demo's stages that need no Verilator; DemoCommandIT runs the co-simulation. Every run here
 * gets an empty PATH, so the demo can never install anything for real.
 */
class DemoCommandTest {
  @TempDir
  Path tmp;

  private record Refusal(String example, String message) {}

  /** An example the generator refuses today (cnn first) and the generator's own message. */
  private Refusal refusedExample() throws Exception {
    List<String> order = new ArrayList<>(List.of("cnn"));
    order.addAll(Examples.names());
    Contract nir = Contract.nir();
    for (String name : order) {
      Example e = Examples.named(name).orElseThrow();
      Path x = tmp.resolve(name + "-input.npy");
      DemoCommand.writeInput(x, e);
      InputSeries series = InputSeries.read(x, e.inputShape());
      try {
        PipelineGenerator.generate(e.graph(), Quantizer.quantize(e.graph(),
            QuantOptions.defaults(nir).withInputEvents(EventRange.covering(series.sample(0)))),
            nir, name + ".nir", name + "_top");
      } catch (NirfpgaException refused) {
        return new Refusal(name, refused.getMessage());
      }
    }
    System.out.println("SKIPPED: the RTL generator accepts every example");
    Assumptions.abort("the RTL generator accepts every example");
    return null;
  }

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
  void aRefusedExampleRunsTheFloatStagesAndNamesWhatTheGeneratorRefuses() throws Exception {
    Refusal r = refusedExample();
    Path out = tmp.resolve("demo");
    CliRunner.Outcome o = demo("--example", r.example(), "-o", out.toString());
    assertEquals(0, o.exitCode(), o.err());
    for (int stage = 1; stage <= 9; stage++) {
      assertTrue(o.out().contains("[" + stage + "/9]"), o.out());
    }
    assertTrue(o.out().contains("skipped: the RTL generator refuses example '" + r.example()
        + "': " + r.message()), o.out());
    assertTrue(o.out().contains("[8/9] skipped (no RTL for '" + r.example() + "')"), o.out());
    assertTrue(o.out().contains("RTL stages skipped for example '" + r.example() + "'"),
        o.out());
    assertEquals(Examples.named(r.example()).orElseThrow().graph(),
        NirReader.read(out.resolve(r.example() + ".nir")).graph());
    for (String f : new String[] {"input.npy", "quant.json", "agreement.txt",
        "reference/output.npy", "reference/report.json"}) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    assertFalse(Files.exists(out.resolve("rtl")));
    assertFalse(Files.exists(out.resolve("report.json")));
    assertTrue(Files.readString(out.resolve("agreement.txt")).contains("output output "));
  }

  @Test
  void aSecondRunReplacesTheFirstRunsFolders() throws Exception {
    Refusal r = refusedExample();
    Path out = tmp.resolve("demo");
    assertEquals(0, demo("--example", r.example(), "-o", out.toString()).exitCode());
    Path stale = out.resolve("reference/stale.txt");
    Files.writeString(stale, "from an earlier run");
    CliRunner.Outcome again = demo("--example", r.example(), "-o", out.toString());
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(Files.isRegularFile(out.resolve("reference/output.npy")));
    assertFalse(Files.exists(stale));
    try (var s = Files.list(tmp)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".demo.")),
          "no staging folder left beside the output");
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
