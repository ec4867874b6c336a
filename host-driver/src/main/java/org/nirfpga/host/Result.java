package org.nirfpga.host;

/**
 * The output of one run: per time step and output neuron, the spike count (or, from a
 * non-spiking readout, the v code), and the run's statistics.
 *
 * @param firstTimestep the device's step counter when the run began (0 on a fresh device)
 * @param outputs [step][neuron]
 * @param stats what the run moved and cost
 */
public record Result(long firstTimestep, long[][] outputs, RunStats stats) {}
