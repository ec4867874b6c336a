package org.nirfpga.hdl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code if / else if / else}: branch {@code i} runs when condition {@code i} is the first true
 * one; the else body (possibly empty) runs when none is.
 */
public final class IfStmt implements Stmt {
  private final List<Expr> conditions = new ArrayList<>();
  private final List<List<Stmt>> bodies = new ArrayList<>();
  private final List<Stmt> elseBody = new ArrayList<>();
  private final SourceLocation at;
  private boolean hasElse;

  IfStmt(SourceLocation at) {
    this.at = at;
  }

  @Override
  public SourceLocation at() {
    return at;
  }

  public List<Expr> conditions() {
    return Collections.unmodifiableList(conditions);
  }

  public List<List<Stmt>> bodies() {
    return Collections.unmodifiableList(bodies);
  }

  public List<Stmt> elseBody() {
    return Collections.unmodifiableList(elseBody);
  }

  public boolean hasElse() {
    return hasElse;
  }

  List<Stmt> addBranch(Expr condition) {
    if (hasElse) {
      throw new IllegalStateException("elseWhen after otherwise");
    }
    conditions.add(condition);
    List<Stmt> body = new ArrayList<>();
    bodies.add(body);
    return body;
  }

  List<Stmt> startElse() {
    if (hasElse) {
      throw new IllegalStateException("otherwise given twice");
    }
    hasElse = true;
    return elseBody;
  }
}
