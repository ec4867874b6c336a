package org.nirfpga.nir.graph;

import java.util.Arrays;

/**
 * Convolution padding: explicit per spatial dimension, or NIR's string forms {@code 'same'} and
 * {@code 'valid'}.
 */
public sealed interface Padding {
  /** Explicit zero padding, one amount per spatial dimension (applied on both sides). */
  record Explicit(int[] amounts) implements Padding {
    public Explicit {
      amounts = amounts.clone();
      for (int a : amounts) {
        if (a < 0) {
          throw new IllegalArgumentException("negative padding " + Arrays.toString(amounts));
        }
      }
    }

    @Override
    public int[] amounts() {
      return amounts.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Explicit e && Arrays.equals(amounts, e.amounts);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(amounts);
    }

    @Override
    public String toString() {
      return Arrays.toString(amounts);
    }
  }

  /** Output has the input's spatial size (stride 1); extra padding goes to the end, as PyTorch does. */
  record Same() implements Padding {
    @Override
    public String toString() {
      return "same";
    }
  }

  /** No padding. */
  record Valid() implements Padding {
    @Override
    public String toString() {
      return "valid";
    }
  }

  Padding SAME = new Same();
  Padding VALID = new Valid();

  static Padding of(int... amounts) {
    return new Explicit(amounts);
  }
}
