package org.nirfpga.hdl;

/** Continues a {@code when} chain with {@code elseWhen} branches and an {@code otherwise}. */
public final class When {
  private final Module module;
  private final IfStmt stmt;

  When(Module module, IfStmt stmt) {
    this.module = module;
    this.stmt = stmt;
  }

  /** Runs {@code body} when no earlier condition of the chain holds and {@code cond} does. */
  public When elseWhen(Expr cond, Runnable body) {
    module.checkMutable();
    module.runIn(stmt.addBranch(cond), body);
    return this;
  }

  /** Runs {@code body} when no condition of the chain holds. */
  public void otherwise(Runnable body) {
    module.checkMutable();
    module.runIn(stmt.startElse(), body);
  }
}
