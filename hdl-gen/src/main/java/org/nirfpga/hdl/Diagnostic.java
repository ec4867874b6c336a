package org.nirfpga.hdl;

/** One error found by a check phase, located at the Java statement that caused it. */
public record Diagnostic(String phase, SourceLocation at, String message) {
  @Override
  public String toString() {
    return at + ": " + message;
  }
}
