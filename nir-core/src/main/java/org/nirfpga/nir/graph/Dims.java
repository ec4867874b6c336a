package org.nirfpga.nir.graph;

import java.util.Arrays;

/** An immutable tuple of ints: a tensor shape, a stride, a kernel size. */
public final class Dims {
  private final int[] values;

  private Dims(int[] values) {
    this.values = values;
  }

  public static Dims of(int... values) {
    return new Dims(values.clone());
  }

  public int[] toArray() {
    return values.clone();
  }

  public int length() {
    return values.length;
  }

  public int get(int i) {
    return values[i];
  }

  /** The product of all entries (1 for an empty tuple), as a long so it cannot overflow silently. */
  public long product() {
    long p = 1;
    for (int v : values) {
      p = Math.multiplyExact(p, (long) v);
    }
    return p;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dims d && Arrays.equals(values, d.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  /** Python-tuple-like text, e.g. {@code (2, 34, 34)}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(values[i]);
    }
    return sb.append(values.length == 1 ? ",)" : ")").toString();
  }
}
