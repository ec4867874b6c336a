package org.nirfpga.nir.graph;

import java.util.Arrays;

/**
 * An immutable n-dimensional array of doubles in C (row-major) order; a 0-d tensor is a scalar.
 *
 * <p>Whether all elements are equal is computed once, so hardware generators can store a uniform
 * parameter array as a single value.
 */
public final class Tensor {
  private final int[] shape;
  private final double[] data;
  private final boolean uniform;
  private final double min;
  private final double max;

  private Tensor(int[] shape, double[] data) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
      }
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + n + " elements, data has " + data.length);
    }
    this.shape = shape;
    this.data = data;
    boolean u = true;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : data) {
      if (Double.compare(v, data[0]) != 0) {
        u = false;
      }
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    this.uniform = u;
    this.min = data.length == 0 ? Double.NaN : lo;
    this.max = data.length == 0 ? Double.NaN : hi;
  }

  /** A tensor of the given shape holding a copy of {@code data} (C order). */
  public static Tensor of(int[] shape, double... data) {
    return new Tensor(shape.clone(), data.clone());
  }

  /** A 0-d tensor (a scalar). */
  public static Tensor scalar(double value) {
    return new Tensor(new int[0], new double[] {value});
  }

  /** A 1-d tensor. */
  public static Tensor vector(double... values) {
    return new Tensor(new int[] {values.length}, values.clone());
  }

  /** A tensor of the given shape with every element {@code value}. */
  public static Tensor full(int[] shape, double value) {
    long n = 1;
    for (int d : shape) {
      n *= Math.max(d, 0);
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
    }
    double[] data = new double[(int) n];
    Arrays.fill(data, value);
    return new Tensor(shape.clone(), data);
  }

  /** Takes ownership of the arrays without copying; for readers that just built them. */
  static Tensor wrap(int[] shape, double[] data) {
    return new Tensor(shape, data);
  }

  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public int dim(int axis) {
    return shape[axis];
  }

  public int size() {
    return data.length;
  }

  /** A copy of the elements in C order. */
  public double[] toArray() {
    return data.clone();
  }

  /** Element {@code i} in C order. */
  public double get(int i) {
    return data[i];
  }

  /** Element at the given multi-index. */
  public double at(int... index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          "index of rank " + index.length + " for tensor of shape " + Arrays.toString(shape));
    }
    int flat = 0;
    for (int a = 0; a < shape.length; a++) {
      if (index[a] < 0 || index[a] >= shape[a]) {
        throw new IndexOutOfBoundsException(
            "index " + Arrays.toString(index) + " outside shape " + Arrays.toString(shape));
      }
      flat = flat * shape[a] + index[a];
    }
    return data[flat];
  }

  /** True when every element is equal (also for a scalar or an empty tensor). */
  public boolean isUniform() {
    return uniform;
  }

  public boolean isScalar() {
    return shape.length == 0;
  }

  /** The smallest element, NaN for an empty tensor. */
  public double min() {
    return min;
  }

  /** The largest element, NaN for an empty tensor. */
  public double max() {
    return max;
  }

  /** True when no element is NaN or infinite. */
  public boolean isFinite() {
    for (double v : data) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /** True when some element is NaN. */
  public boolean hasNaN() {
    for (double v : data) {
      if (Double.isNaN(v)) {
        return true;
      }
    }
    return false;
  }

  /** The same elements under another shape with the same element count. */
  public Tensor reshape(int... newShape) {
    return new Tensor(newShape.clone(), data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    if (data.length <= 8) {
      return "Tensor" + Arrays.toString(shape) + Arrays.toString(data);
    }
    return "Tensor" + Arrays.toString(shape) + "[" + min + " .. " + max + "]";
  }
}
