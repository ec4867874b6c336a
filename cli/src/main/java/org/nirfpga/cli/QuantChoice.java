package org.nirfpga.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options that say how a command gets its quantization: a config file, or the widths the
 * quantizer chooses one with.
 */
final class QuantChoice {
  @Option(names = "--quant", paramLabel = "q.json",
      description = "Quantization config (default: chosen automatically with the widths below;"
          + " cosim on an RTL folder: the folder's).")
  Path quant;

  @Option(names = "--weight-bits", defaultValue = "8",
      description = "Weight width when quantizing automatically (default: ${DEFAULT-VALUE}).")
  int weightBits;

  @Option(names = "--state-bits", defaultValue = "16",
      description = "Membrane/current width when quantizing automatically"
          + " (default: ${DEFAULT-VALUE}).")
  int stateBits;
}
