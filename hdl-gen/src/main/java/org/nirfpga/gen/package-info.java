/**
 * NIR graph to RTL: checks that a graph fits the generated pipeline, builds one layer engine per
 * neuron node with the Java HDL ({@code org.nirfpga.hdl}), a top module that links them (straight
 * wires, event FIFOs, recurrent replay, Delay ring buffers) and writes the Verilog with a
 * {@code manifest.json}. The engines compute exactly what {@link org.nirfpga.fixed.GoldenModel}
 * computes (docs/fixed-point.md section 9).
 */
package org.nirfpga.gen;
