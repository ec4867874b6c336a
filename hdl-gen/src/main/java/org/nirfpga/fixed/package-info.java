/**
 * Fixed-point quantization and the bit-exact golden model of the generated hardware.
 *
 * <p>{@link org.nirfpga.fixed.Quantizer} turns a NIR graph into a {@link
 * org.nirfpga.fixed.QuantConfig} (JSON, editable); {@link org.nirfpga.fixed.GoldenModel} runs the
 * graph in integer arithmetic exactly as docs/fixed-point.md specifies; {@link
 * org.nirfpga.fixed.Agreement} compares it with the float reference evaluator. This package may use
 * nir-core but never {@code org.nirfpga.hdl}.
 */
package org.nirfpga.fixed;
