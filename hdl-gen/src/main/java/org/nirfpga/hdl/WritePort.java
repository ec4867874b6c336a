package org.nirfpga.hdl;

/** A synchronous write port of a {@link Memory}: writes {@code data} while {@code enable}. */
public record WritePort(Expr address, Expr data, Expr enable, boolean insideScope,
    SourceLocation at) {
}
