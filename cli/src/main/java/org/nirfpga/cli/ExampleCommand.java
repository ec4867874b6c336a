package org.nirfpga.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nirfpga example}: lists the built-in example networks or writes one as a {@code .nir} file. */
@Command(name = "example", mixinStandardHelpOptions = true,
    description = "List the built-in example networks, or write one as a .nir file.")
final class ExampleCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--list", description = "List the examples.")
  boolean list;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Example to write.")
  String name;

  @Override
  public Integer call() throws NirfpgaException {
    PrintWriter out = spec.commandLine().getOut();
    if (list || name == null) {
      for (Example e : Examples.all()) {
        out.printf("%-6s %s%n", e.name(), e.description());
      }
      return 0;
    }
    Examples.named(name).orElseThrow(() -> new NirfpgaException(
        "no example named '" + name + "'; examples are: " + String.join(", ", Examples.names())));
    throw new NirfpgaException("writing examples needs the .nir writer");
  }
}
