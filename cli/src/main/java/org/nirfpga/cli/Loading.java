package org.nirfpga.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nirfpga.fixed.EventRange;
import org.nirfpga.fixed.QuantConfig;
import org.nirfpga.fixed.QuantOptions;
import org.nirfpga.fixed.Quantizer;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.check.InferShapes;
import org.nirfpga.nir.check.Mode;
import org.nirfpga.nir.check.ShapeInfo;
import org.nirfpga.nir.check.ValidateGraph;
import org.nirfpga.nir.data.InputSeries;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.hdf5.NirFile;
import org.nirfpga.nir.hdf5.NirReader;
import org.nirfpga.nir.ref.Contract;

/** Loading steps the commands share: read and validate a model, obtain a quantization config. */
final class Loading {
  private Loading() {}

  /** Reads a .nir file and fails with its first validation error (lenient mode). */
  static NirFile load(Path model) throws NirfpgaException {
    NirFile nir = NirReader.read(model);
    ValidateGraph.run(nir.graph(), Mode.LENIENT).throwIfErrors(model.getFileName().toString());
    return nir;
  }

  static ShapeInfo shapes(NirGraph graph) {
    return InferShapes.run(graph);
  }

  /**
   * The config in {@code file}, or one chosen automatically with the given widths and input
   * events sized to cover {@code input} (all samples).
   */
  static QuantConfig quantConfig(NirGraph graph, Contract contract, Path file, int weightBits,
      int stateBits, InputSeries input) throws NirfpgaException {
    if (file != null) {
      try {
        return QuantConfig.fromJson(Files.readString(file), file.getFileName().toString());
      } catch (IOException e) {
        throw new NirfpgaException(file + ": cannot read (" + e.getMessage() + ")", e);
      }
    }
    List<double[]> rows = new ArrayList<>();
    for (int s = 0; s < input.samples(); s++) {
      rows.addAll(Arrays.asList(input.sample(s)));
    }
    return quantConfigCovering(graph, contract, null, weightBits, stateBits,
        rows.toArray(new double[0][]));
  }

  /**
   * The config in {@code file}, or one chosen automatically with input events sized to cover
   * {@code rows} (the steps of every input node).
   */
  static QuantConfig quantConfigCovering(NirGraph graph, Contract contract, Path file,
      int weightBits, int stateBits, double[][] rows) throws NirfpgaException {
    if (file != null) {
      try {
        return QuantConfig.fromJson(Files.readString(file), file.getFileName().toString());
      } catch (IOException e) {
        throw new NirfpgaException(file + ": cannot read (" + e.getMessage() + ")", e);
      }
    }
    return Quantizer.quantize(graph, QuantOptions.defaults(contract).withBits(weightBits, stateBits)
        .withInputEvents(EventRange.covering(rows)));
  }

  /**
   * {@code e} with {@code source} (the model's file name) in front when its message names a node
   * or an output of the graph but not the file: the quantizer and the golden model do not know
   * which file the graph came from.
   */
  static NirfpgaException inFile(String source, NirfpgaException e) {
    String m = e.getMessage();
    if (m == null || m.startsWith(source + ":")
        || !(m.startsWith("node '") || m.startsWith("output '"))) {
      return e;
    }
    return new NirfpgaException(source + ": " + m, e);
  }
}
