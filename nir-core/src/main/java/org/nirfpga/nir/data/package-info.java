/**
 * Spike and state data: numpy {@code .npy} arrays and per-step input series for the evaluator.
 */
package org.nirfpga.nir.data;
