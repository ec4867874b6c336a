package org.nirfpga.nir.check;

/** How serious a {@link Finding} is. */
public enum Severity {
  /** The graph cannot be evaluated or NIR's type check rejects it (in strict mode). */
  ERROR,
  /** The graph runs, but something is suspicious or was repaired. */
  WARNING,
  /** A fact worth knowing, such as a recurrent cycle. */
  INFO
}
