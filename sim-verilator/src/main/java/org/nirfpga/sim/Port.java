package org.nirfpga.sim;

/**
 * One top-level port of a design, as declared in its Verilog: index in declaration order, name,
 * width in bits, direction and signedness.
 *
 * @param index position in the top module's port list
 * @param name the Verilog name
 * @param width bits, at least 1
 * @param input true for an input, false for an output
 * @param signed whether the port is declared {@code signed}
 */
public record Port(int index, String name, int width, boolean input, boolean signed) {
  public Port {
    if (width < 1) {
      throw new IllegalArgumentException("port " + name + " has width " + width);
    }
  }

  /** Whether the port needs more than 64 bits, so it is poked and peeked as 32-bit words. */
  public boolean wide() {
    return width > 64;
  }

  /** 32-bit words holding the port's value. */
  public int words() {
    return (width + 31) / 32;
  }

  /** The mask of the port's width (all ones for 64 bits and more). */
  public long mask() {
    return width >= 64 ? -1L : (1L << width) - 1;
  }

  /** {@code bits} read as the port's value: sign-extended when the port is signed. */
  public long value(long bits) {
    if (!signed || width >= 64) {
      return bits & mask();
    }
    return (bits << (64 - width)) >> (64 - width);
  }
}
