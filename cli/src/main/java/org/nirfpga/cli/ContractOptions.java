package org.nirfpga.cli;

import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.ref.Contract;
import picocli.CommandLine.Option;

/** The discrete-time contract options shared by the commands that simulate. */
final class ContractOptions {
  @Option(names = "--preset", paramLabel = "NAME", defaultValue = "nir",
      description = "Contract preset: nir, norse, snntorch, sinabs (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--dt", paramLabel = "SECONDS", defaultValue = "1e-4",
      description = "Time step in seconds (default: ${DEFAULT-VALUE}).")
  double dt;

  @Option(names = "--integrator", paramLabel = "KEY", description = "Override: euler or exact.")
  String integrator;

  @Option(names = "--reset", paramLabel = "KEY",
      description = "Override: to-v-reset, subtract or subtract-delayed.")
  String reset;

  @Option(names = "--cuba-current", paramLabel = "KEY",
      description = "Override for CubaLI/CubaLIF: new or previous current in the v update.")
  String cubaCurrent;

  @Option(names = "--if-mode", paramLabel = "KEY", description = "Override: nir or sinabs.")
  String ifMode;

  @Option(names = "--spike-amplitude", paramLabel = "KEY", description = "Override: one or inverse-dt.")
  String spikeAmplitude;

  /** The preset with every override applied. */
  Contract contract() throws NirfpgaException {
    if (!(dt > 0) || !Double.isFinite(dt)) {
      throw new NirfpgaException("--dt " + dt + ": the time step must be a positive number of seconds");
    }
    Contract c = Contract.preset(preset).withDt(dt);
    if (integrator != null) {
      c = c.withIntegrator(Contract.option(Contract.Integrator.class, integrator));
    }
    if (reset != null) {
      c = c.withReset(Contract.option(Contract.Reset.class, reset));
    }
    if (cubaCurrent != null) {
      c = c.withCubaCurrentOrder(Contract.option(Contract.CubaCurrentOrder.class, cubaCurrent));
    }
    if (ifMode != null) {
      c = c.withIfMode(Contract.option(Contract.IfMode.class, ifMode));
    }
    if (spikeAmplitude != null) {
      c = c.withSpikeAmplitude(Contract.option(Contract.SpikeAmplitude.class, spikeAmplitude));
    }
    return c;
  }
}
