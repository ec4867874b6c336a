package org.nirfpga.host.device;

import org.nirfpga.gen.link.LinkSimulation;
import org.nirfpga.gen.link.LinkTop;

/** A link top in the HDL's cycle simulator: slow, but needs no tools. */
public final class CycleDevice implements PinDevice {
  private final LinkSimulation sim;

  /** A fresh device (after reset) running {@code top}. */
  public CycleDevice(LinkTop top) {
    this.sim = new LinkSimulation(top);
  }

  /** The simulation behind this device. */
  public LinkSimulation simulation() {
    return sim;
  }

  @Override
  public void write(byte[] bytes) {
    sim.write(bytes);
  }

  @Override
  public byte[] read() {
    return sim.read();
  }

  @Override
  public void run(long cycles) {
    sim.run(cycles);
  }

  @Override
  public long cycles() {
    return sim.cycles();
  }

  @Override
  public long clockHz() {
    return sim.top().timing().clockHz();
  }

  @Override
  public int cyclesPerBit() {
    return sim.cyclesPerBit();
  }

  @Override
  public boolean quiet() {
    return sim.quiet();
  }

  @Override
  public String describe() {
    return "mem:" + sim.top().top().name();
  }

  @Override
  public void close() {}
}
