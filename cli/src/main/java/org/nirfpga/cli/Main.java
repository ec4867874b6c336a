package org.nirfpga.cli;

import java.io.PrintWriter;
import org.nirfpga.nir.NirfpgaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of the {@code nirfpga} command. */
@Command(name = "nirfpga", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "NIR spiking neural networks to bit-exact fixed-point FPGA accelerators.",
    subcommands = {InspectCommand.class, ExampleCommand.class, SimulateCommand.class,
        QuantizeCommand.class, CompileCommand.class, BenchCommand.class, DemoCommand.class,
        SynthCommand.class, CosimCommand.class, BoardSimCommand.class, RunCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  /** Exit code for a user error: bad input file, bad option value, unsupported construct. */
  public static final int EXIT_USER_ERROR = 2;

  @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean debug;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams and returns the exit code; used by tests too. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Main main = new Main();
    CommandLine cl = new CommandLine(main);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((ex, line, parsed) -> {
      boolean debug = main.debug || java.util.Arrays.asList(args).contains("--debug");
      if (debug) {
        ex.printStackTrace(err);
      }
      if (ex instanceof NirfpgaException || ex instanceof java.io.IOException) {
        err.println("nirfpga: " + oneLine(ex.getMessage()));
        err.flush();
        return EXIT_USER_ERROR;
      }
      err.println("nirfpga: internal error: " + ex + (debug ? "" : " (run with --debug for details)"));
      err.flush();
      return 3;
    });
    cl.setParameterExceptionHandler((ex, argv) -> {
      err.println("nirfpga: " + oneLine(ex.getMessage()));
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      err.flush();
      return EXIT_USER_ERROR;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String oneLine(String message) {
    return message == null ? "error" : message.replace('\n', ' ').strip();
  }

  /** The version from the jar manifest, or the development version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"nirfpga " + version()};
    }
  }

  /** This build's version string. */
  public static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }
}
