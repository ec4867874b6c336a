package org.nirfpga.host.transport;

import java.time.Duration;
import org.nirfpga.gen.link.LinkSimulation;
import org.nirfpga.gen.link.LinkTop;

/**
 * The in-process virtual device: the generated link top (UARTs, protocol bridge, accelerator)
 * running in the HDL's cycle simulator, driven byte for byte at its UART pins. Time is simulated:
 * a read's timeout counts clock cycles of the link top's clock.
 */
public final class SimulatedTransport implements Transport {
  private final LinkSimulation sim;
  private final long clockHz;
  private final LineFaults faults;

  /** A fresh device (after reset) running {@code top} with a clock of {@code clockHz}. */
  public SimulatedTransport(LinkTop top, long clockHz) {
    this(top, clockHz, LineFaults.NONE);
  }

  /** As {@link #SimulatedTransport(LinkTop, long)} with faults injected on both directions. */
  public SimulatedTransport(LinkTop top, long clockHz, LineFaults faults) {
    this.sim = new LinkSimulation(top);
    this.clockHz = clockHz;
    this.faults = faults;
  }

  @Override
  public void write(byte[] bytes) {
    sim.write(faults.apply(bytes));
  }

  @Override
  public byte[] read(Duration timeout) {
    long limit = sim.cycles() + Math.max(1, timeout.toNanos() * clockHz / 1_000_000_000L);
    long chunk = 10L * sim.cyclesPerBit();
    while (sim.cycles() < limit) {
      sim.run(Math.min(chunk, limit - sim.cycles()));
      byte[] b = sim.read();
      if (b.length > 0) {
        return faults.apply(b);
      }
    }
    return new byte[0];
  }

  /** The simulation behind this transport. */
  public LinkSimulation simulation() {
    return sim;
  }

  @Override
  public String describe() {
    return "mem:" + sim.top().top().name();
  }

  @Override
  public void close() {}
}
