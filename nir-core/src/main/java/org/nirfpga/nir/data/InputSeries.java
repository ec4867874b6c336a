package org.nirfpga.nir.data;

import java.nio.file.Path;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.Dims;

/**
 * Per-step inputs for one or more samples: {@code values[sample][step]} holds the flattened
 * (C order) input of that step; {@code batched} says whether the source had a batch axis.
 */
public record InputSeries(double[][][] values, Dims inputShape, boolean batched) {
  public InputSeries {
    if (values.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
  }

  public int samples() {
    return values.length;
  }

  public int steps() {
    return values[0].length;
  }

  /** The steps of sample {@code s}. */
  public double[][] sample(int s) {
    return values[s];
  }

  /**
   * Reads {@code file} as {@code (T, *inputShape)} or {@code (T, batch, *inputShape)}. A 1-d file
   * is accepted for an input of one element.
   */
  public static InputSeries read(Path file, Dims inputShape) throws NirfpgaException {
    return of(file.toString(), Npy.read(file), inputShape);
  }

  /** Interprets an array as in {@link #read}; {@code name} appears in error messages. */
  public static InputSeries of(String name, NpyArray a, Dims inputShape) throws NirfpgaException {
    int[] s = a.shape().toArray();
    int k = inputShape.length();
    int n = (int) inputShape.product();
    boolean unbatched = s.length == k + 1 && tailEquals(s, 1, inputShape);
    boolean batched = s.length == k + 2 && tailEquals(s, 2, inputShape);
    boolean scalarSeries = s.length == 1 && n == 1;
    if (!unbatched && !batched && !scalarSeries) {
      throw new NirfpgaException(name + ": input has shape " + a.shape() + ", expected (T, "
          + inner(inputShape) + ") or (T, batch, " + inner(inputShape) + ") for the graph's input "
          + "of shape " + inputShape);
    }
    int steps = s[0];
    int batch = batched ? s[1] : 1;
    double[] d = a.data();
    double[][][] v = new double[batch][steps][n];
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < batch; b++) {
        System.arraycopy(d, (t * batch + b) * n, v[b][t], 0, n);
      }
    }
    return new InputSeries(v, inputShape, batched);
  }

  private static boolean tailEquals(int[] s, int from, Dims shape) {
    for (int i = 0; i < shape.length(); i++) {
      if (s[from + i] != shape.get(i)) {
        return false;
      }
    }
    return true;
  }

  private static String inner(Dims d) {
    String t = d.toString();
    t = t.substring(1, t.length() - 1);
    return t.endsWith(",") ? t.substring(0, t.length() - 1) : t;
  }
}
