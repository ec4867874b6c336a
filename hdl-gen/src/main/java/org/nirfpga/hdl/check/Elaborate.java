package org.nirfpga.hdl.check;

import java.util.List;
import org.nirfpga.hdl.Diagnostic;
import org.nirfpga.hdl.ElaborationException;
import org.nirfpga.hdl.Module;

/** Runs the check phases in order; the first phase with errors stops elaboration. */
public final class Elaborate {
  /** The phases, in order: later phases may assume earlier ones passed. */
  public static final List<CheckPhase> PHASES = List.of(
      new CheckOwnership(), new CheckWidths(), new CheckCases(), new CheckDrivers(),
      new CheckMemories(), new CheckLoops());

  private Elaborate() {
  }

  /** Throws an {@link ElaborationException} listing all errors of the first failing phase. */
  public static void run(Module module) {
    for (CheckPhase phase : PHASES) {
      List<Diagnostic> errors = phase.check(module);
      if (!errors.isEmpty()) {
        throw new ElaborationException(module.name(), phase.name(), errors);
      }
    }
  }
}
