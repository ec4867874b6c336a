package org.nirfpga.hdl;

/** How {@link Expr#shiftRightRound(int, Rounding)} rounds the bits it drops. */
public enum Rounding {
  /** Toward minus infinity: drop the bits (an arithmetic shift). */
  FLOOR,
  /** To nearest, ties toward plus infinity: add half an output LSB, then floor. */
  HALF_UP,
  /** To nearest, ties to the even neighbour (banker's rounding): no bias on average. */
  HALF_EVEN
}
