package org.nirfpga.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nirfpga.fixed.Agreement;
import org.nirfpga.fixed.DecayEncoding;
import org.nirfpga.fixed.EventRange;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.data.InputSeries;
import org.nirfpga.nir.data.Npy;
import org.nirfpga.nir.hdf5.NirFile;
import org.nirfpga.nir.ref.Contract;
import org.nirfpga.nir.ref.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nirfpga quantize}: chooses fixed-point formats for a graph and measures their fidelity. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
    description = "Choose fixed-point formats for every layer (written as editable JSON) and, "
        + "given an input, report how the fixed-point model agrees with the float reference.")
final class QuantizeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL.nir", description = "The network.")
  Path model;

  @Option(names = "--input", paramLabel = "X.npy",
      description = "Input (T, *input_shape): sizes input events and measures agreement.")
  Path input;

  @Mixin
  ContractOptions contractOptions;

  @Option(names = "--weight-bits", defaultValue = "8",
      description = "Weight width in bits (default: ${DEFAULT-VALUE}).")
  int weightBits;

  @Option(names = "--state-bits", defaultValue = "16",
      description = "Membrane/current width in bits (default: ${DEFAULT-VALUE}).")
  int stateBits;

  @Option(names = "--decay", paramLabel = "multiply|shift", defaultValue = "multiply",
      description = "Decay encoding; shift needs no multiplier (default: ${DEFAULT-VALUE}).")
  String decay;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "q.json",
      description = "Where to write the quantization config.")
  Path output;

  @Override
  public Integer call() throws Exception {
    try {
      return execute();
    } catch (NirfpgaException e) {
      throw Loading.inFile(model.getFileName().toString(), e);
    }
  }

  private Integer execute() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    NirFile nir = Loading.load(model);
    Contract contract = contractOptions.contract();
    DecayEncoding encoding = DecayEncoding.ofKey(decay);
    if (encoding == null) {
      throw new NirfpgaException("--decay " + decay + ": encodings are multiply and shift");
    }
    QuantOptions options = QuantOptions.defaults(contract).withBits(weightBits, stateBits);
    options = options.withDecay(encoding, options.decayFracBits());
    double[][] x = null;
    if (input != null) {
      InputSeries series = InputSeries.read(input,
          Evaluator.create(nir.graph(), contract).inputShape());
      if (series.samples() != 1) {
        throw new NirfpgaException(input + ": quantize takes one sample (T, *input_shape), got "
            + series.samples());
      }
      x = series.sample(0);
      options = options.withInputEvents(EventRange.covering(x));
    }
    QuantConfig q = Quantizer.quantize(nir.graph(), options);
    Npy.writeAtomically(output, q.toJson().getBytes(StandardCharsets.UTF_8));
    out.print(q.summary());
    if (x != null) {
      out.print(Agreement.measure(nir.graph(), q, contract, x).format());
    }
    out.printf("wrote %s%n", output);
    return 0;
  }
}
