package org.nirfpga.hdl.check;

import java.util.List;
import org.nirfpga.hdl.Diagnostic;
import org.nirfpga.hdl.Module;

/** One named check run when a module is built; returns every error it finds, none if clean. */
public interface CheckPhase {
  /** Short name shown in error messages, e.g. {@code widths}. */
  String name();

  /** All errors of this phase in {@code module}, in source order where possible. */
  List<Diagnostic> check(Module module);
}
