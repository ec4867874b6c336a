package org.nirfpga.hdl;

/**
 * A read port of a {@link Memory}: {@code data} follows {@code address} combinationally
 * (asynchronous) or one clock later when {@code enable} is high (synchronous).
 */
public record ReadPort(Signal data, Expr address, Expr enable, boolean sync,
    boolean insideScope, SourceLocation at) {
}
