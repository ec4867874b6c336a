package org.nirfpga.hdl;

import java.util.ArrayList;
import java.util.List;

/** Builds a {@code case} on a selector: {@code is(value, body)} items and an {@code otherwise}. */
public final class Switch {
  private final Module module;
  private final CaseStmt stmt;

  Switch(Module module, CaseStmt stmt) {
    this.module = module;
    this.stmt = stmt;
  }

  /** Runs {@code body} when the selector equals {@code value}. */
  public Switch is(long value, Runnable body) {
    return is(new long[] {value}, body);
  }

  /** Runs {@code body} when the selector equals any of {@code values}. */
  public Switch is(long[] values, Runnable body) {
    module.checkMutable();
    Shape s = stmt.selector().shape();
    List<Const> labels = new ArrayList<>();
    for (long v : values) {
      if (!s.holds(v)) {
        throw new IllegalArgumentException(SourceLocation.capture() + ": case label " + v
            + " does not fit the selector's shape " + s);
      }
      labels.add(new Const(v, s));
    }
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("is() needs at least one value");
    }
    module.runIn(stmt.addItem(labels), body);
    return this;
  }

  /** Runs {@code body} when no item matches. */
  public void otherwise(Runnable body) {
    module.checkMutable();
    module.runIn(stmt.startDefault(), body);
  }
}
