package org.nirfpga.nir.check;

/** How strictly a graph is checked: like {@code nir.read(type_check=True)}, or leniently. */
public enum Mode {
  /** Shape mismatches are warnings; scalar-parameter neurons take their neighbour's shape. */
  LENIENT,
  /** Reproduces NIR's type check: mismatches, broadcasts and inexact edge names are errors. */
  STRICT
}
