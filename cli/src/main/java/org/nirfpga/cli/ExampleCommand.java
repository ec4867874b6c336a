package org.nirfpga.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.examples.Example;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.hdf5.NirWriter;
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

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "The .nir file to write.")
  Path output;

  @Option(names = "--no-gzip", description = "Store arrays uncompressed.")
  boolean noGzip;

  @Option(names = "--input", paramLabel = "X.npy",
      description = "Also write the example's sample input, shape (T, *input_shape), float32.")
  Path input;

  @Override
  public Integer call() throws NirfpgaException {
    PrintWriter out = spec.commandLine().getOut();
    if (list || name == null) {
      for (Example e : Examples.all()) {
        out.printf("%-6s %s%n", e.name(), e.description());
      }
      return 0;
    }
    Example example = Examples.named(name).orElseThrow(() -> new NirfpgaException(
        "no example named '" + name + "'; examples are: " + String.join(", ", Examples.names())));
    if (output == null) {
      throw new NirfpgaException("example " + name + ": say where to write it with -o FILE.nir");
    }
    NirWriter.write(output, example.graph(), !noGzip);
    out.printf("wrote %s (%s)%n", output, example.description());
    if (input != null) {
      DemoCommand.writeInput(input, example);
      out.printf("wrote %s (%d steps)%n", input, example.sampleInput().length);
    }
    return 0;
  }
}
