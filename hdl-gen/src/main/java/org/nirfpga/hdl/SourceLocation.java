package org.nirfpga.hdl;

import java.util.Optional;

/** The Java file and line of the statement that created a signal, assignment or port. */
public record SourceLocation(String file, int line) {
  /** Used when no frame outside the HDL core exists (should not happen in practice). */
  public static final SourceLocation UNKNOWN = new SourceLocation("unknown", 0);

  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  /**
   * The first caller outside the HDL core. Core classes are those in package
   * {@code org.nirfpga.hdl} loaded from the same place as this class, so test classes in that
   * package and library modules in subpackages count as callers.
   */
  public static SourceLocation capture() {
    var core = SourceLocation.class.getProtectionDomain().getCodeSource();
    Optional<StackWalker.StackFrame> frame = WALKER.walk(s -> s.filter(f -> {
      Class<?> c = f.getDeclaringClass();
      boolean inCore = c.getPackageName().equals("org.nirfpga.hdl")
          && sameSource(c.getProtectionDomain().getCodeSource(), core);
      return !inCore;
    }).findFirst());
    return frame.map(f -> new SourceLocation(
        f.getFileName() == null ? f.getClassName() : f.getFileName(), f.getLineNumber()))
        .orElse(UNKNOWN);
  }

  private static boolean sameSource(java.security.CodeSource a, java.security.CodeSource b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.getLocation() != null && a.getLocation().equals(b.getLocation());
  }

  @Override
  public String toString() {
    return file + ":" + line;
  }
}
