package org.nirfpga.hdl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@code case (selector)}: item {@code i} runs when the selector equals one of its labels. */
public final class CaseStmt implements Stmt {
  private final Expr selector;
  private final List<List<Const>> labels = new ArrayList<>();
  private final List<List<Stmt>> bodies = new ArrayList<>();
  private final List<Stmt> defaultBody = new ArrayList<>();
  private final SourceLocation at;
  private boolean hasDefault;

  CaseStmt(Expr selector, SourceLocation at) {
    this.selector = selector;
    this.at = at;
  }

  @Override
  public SourceLocation at() {
    return at;
  }

  public Expr selector() {
    return selector;
  }

  public List<List<Const>> labels() {
    return Collections.unmodifiableList(labels);
  }

  public List<List<Stmt>> bodies() {
    return Collections.unmodifiableList(bodies);
  }

  public List<Stmt> defaultBody() {
    return Collections.unmodifiableList(defaultBody);
  }

  public boolean hasDefault() {
    return hasDefault;
  }

  List<Stmt> addItem(List<Const> itemLabels) {
    if (hasDefault) {
      throw new IllegalStateException("is(...) after otherwise");
    }
    labels.add(List.copyOf(itemLabels));
    List<Stmt> body = new ArrayList<>();
    bodies.add(body);
    return body;
  }

  List<Stmt> startDefault() {
    if (hasDefault) {
      throw new IllegalStateException("otherwise given twice");
    }
    hasDefault = true;
    return defaultBody;
  }
}
