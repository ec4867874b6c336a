package org.nirfpga.hdl;

/** A statement in a module body: an assignment or a conditional scope holding statements. */
public sealed interface Stmt permits Assign, IfStmt, CaseStmt {
  /** Where in Java the statement was written. */
  SourceLocation at();
}
