package org.nirfpga.sim;

/**
 * What one streamed step gave.
 *
 * @param outputs output payloads before the end-of-step marker, in order
 * @param cycles clock cycles the step took, up to and including the marker's
 */
public record StreamResult(long[] outputs, long cycles) {}
