package org.nirfpga.nir.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nirfpga.nir.graph.Dims;

/**
 * An n-dimensional array read from or written to a {@code .npy} file: shape, dtype and the
 * elements as doubles in C order (every supported dtype converts to double without loss).
 */
public record NpyArray(Dims shape, NpyDtype dtype, double[] data) {
  public NpyArray {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(data, "data");
    if (shape.product() != data.length) {
      throw new IllegalArgumentException(
          "shape " + shape + " holds " + shape.product() + " elements, data has " + data.length);
    }
  }

  /** A float32 array; values are rounded to float32 when written. */
  public static NpyArray float32(Dims shape, double[] data) {
    return new NpyArray(shape, NpyDtype.FLOAT32, data);
  }

  /** Rows of equal length as a 2-d array of the given dtype. */
  public static NpyArray ofRows(double[][] rows, NpyDtype dtype) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    double[] flat = new double[rows.length * cols];
    for (int t = 0; t < rows.length; t++) {
      if (rows[t].length != cols) {
        throw new IllegalArgumentException(
            "row " + t + " has " + rows[t].length + " values, not " + cols);
      }
      System.arraycopy(rows[t], 0, flat, t * cols, cols);
    }
    return new NpyArray(Dims.of(rows.length, cols), dtype, flat);
  }

  /**
   * Per-step series of one or more samples as one array: shape {@code (T, *inner)}, or
   * {@code (T, batch, *inner)} when {@code batched}. {@code samples.get(b)[t]} holds step t of
   * sample b in C order, {@code inner}'s product values long.
   */
  public static NpyArray timeSeries(List<double[][]> samples, Dims inner, boolean batched,
      NpyDtype dtype) {
    int batch = samples.size();
    if (batch != 1 && !batched) {
      throw new IllegalArgumentException(batch + " samples need a batch axis");
    }
    int steps = samples.get(0).length;
    int n = (int) inner.product();
    double[] data = new double[steps * batch * n];
    for (int b = 0; b < batch; b++) {
      double[][] series = samples.get(b);
      for (int t = 0; t < steps; t++) {
        System.arraycopy(series[t], 0, data, (t * batch + b) * n, n);
      }
    }
    int[] in = inner.toArray();
    int lead = batched ? 2 : 1;
    int[] full = new int[in.length + lead];
    full[0] = steps;
    if (batched) {
      full[1] = batch;
    }
    System.arraycopy(in, 0, full, lead, in.length);
    return new NpyArray(Dims.of(full), dtype, data);
  }

  public int rank() {
    return shape.length();
  }

  public int size() {
    return data.length;
  }

  /** Element {@code i} in C order. */
  public double get(int i) {
    return data[i];
  }

  /**
   * The array as rows along axis 0: row t holds the elements of index t in C order. A 1-d array
   * gives rows of one element.
   */
  public double[][] rows() {
    int n = shape.length() == 0 ? 1 : shape.get(0);
    int per = n == 0 ? 0 : data.length / n;
    double[][] out = new double[n][];
    for (int t = 0; t < n; t++) {
      out[t] = Arrays.copyOfRange(data, t * per, (t + 1) * per);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NpyArray a && shape.equals(a.shape) && dtype == a.dtype
        && Arrays.equals(data, a.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(shape, dtype, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "NpyArray" + shape + " " + dtype.numpyName();
  }
}
