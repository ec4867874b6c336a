package org.nirfpga.nir.check;

import java.util.List;
import java.util.Objects;
import org.nirfpga.nir.NirfpgaException;

/** Everything {@link ValidateGraph} found about a graph, plus the inferred shapes. */
public record ValidationReport(Mode mode, List<Finding> findings, ShapeInfo shapes) {
  public ValidationReport {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(shapes, "shapes");
    findings = List.copyOf(findings);
  }

  public boolean hasErrors() {
    return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
  }

  /** The findings of one severity, in report order. */
  public List<Finding> of(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).toList();
  }

  public List<Finding> errors() {
    return of(Severity.ERROR);
  }

  public List<Finding> warnings() {
    return of(Severity.WARNING);
  }

  /**
   * Throws for the first error, its message prefixed with {@code source} (a file name) and the
   * node path, e.g. {@code braille.nir: lif1: edge (input -> lif) names no node 'lif'; ...}.
   */
  public void throwIfErrors(String source) throws NirfpgaException {
    List<Finding> errors = errors();
    if (errors.isEmpty()) {
      return;
    }
    Finding first = errors.get(0);
    String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more errors)" : "";
    throw new NirfpgaException(source + ": " + (first.path().isEmpty() ? "" : first.path() + ": ")
        + first.message() + more);
  }
}
