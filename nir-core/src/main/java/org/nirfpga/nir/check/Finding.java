package org.nirfpga.nir.check;

import java.util.Objects;

/**
 * One result of validation: its severity, the dotted path of the node or graph it concerns
 * ({@code ""} for the root graph) and a one-line message that names the rule and the fix.
 */
public record Finding(Severity severity, String path, String message) {
  public Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  static Finding error(String path, String message) {
    return new Finding(Severity.ERROR, path, message);
  }

  static Finding warning(String path, String message) {
    return new Finding(Severity.WARNING, path, message);
  }

  static Finding info(String path, String message) {
    return new Finding(Severity.INFO, path, message);
  }

  /** An error in strict mode, a warning in lenient mode. */
  static Finding strictError(Mode mode, String path, String message) {
    return new Finding(mode == Mode.STRICT ? Severity.ERROR : Severity.WARNING, path, message);
  }

  /** E.g. {@code ERROR lif1: edge (input -> lif) names no node 'lif'; ...}. */
  @Override
  public String toString() {
    return severity + (path.isEmpty() ? "" : " " + path) + ": " + message;
  }
}
