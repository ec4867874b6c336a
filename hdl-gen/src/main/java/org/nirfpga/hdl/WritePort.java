package org.nirfpga.hdl;

/** A synchronous write port of a {@link Memory}: writes {@code data} when {@code enable} is high. */
public record WritePort(Expr address, Expr data, Expr enable, boolean insideScope,
    SourceLocation at) {
}
