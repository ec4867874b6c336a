package org.nirfpga.hdl;

import java.util.List;

/**
 * A design broke the rules of a check phase. Unchecked because a broken design is a bug in the
 * generator that built it, not something its user can fix; all errors of the phase are listed.
 */
public final class ElaborationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String module;
  private final String phase;
  private final transient List<Diagnostic> diagnostics;

  public ElaborationException(String module, String phase, List<Diagnostic> diagnostics) {
    super(format(module, phase, diagnostics));
    this.module = module;
    this.phase = phase;
    this.diagnostics = List.copyOf(diagnostics);
  }

  private static String format(String module, String phase, List<Diagnostic> diagnostics) {
    StringBuilder sb = new StringBuilder();
    sb.append("module '").append(module).append("' failed check phase '").append(phase)
        .append("' with ").append(diagnostics.size())
        .append(diagnostics.size() == 1 ? " error:" : " errors:");
    for (Diagnostic d : diagnostics) {
      sb.append("\n  ").append(d);
    }
    return sb.toString();
  }

  public String module() {
    return module;
  }

  public String phase() {
    return phase;
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
