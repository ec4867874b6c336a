package org.nirfpga.host.transport;

import java.time.Duration;
import org.nirfpga.gen.link.LinkTop;
import org.nirfpga.host.device.CycleDevice;
import org.nirfpga.host.device.PinDevice;

/**
 * A device simulated in this process (the link top in the HDL's cycle simulator or in
 * Verilator), driven byte for byte at its UART pins. Time is simulated: a read's timeout counts
 * clock cycles of the device's clock, so runs are deterministic and independent of host load.
 */
public final class SimulatedTransport implements Transport {
  private final PinDevice device;
  private final long clockHz;
  private final LineFaults faults;

  /** A fresh device (after reset) running {@code top} with a clock of {@code clockHz}. */
  public SimulatedTransport(LinkTop top, long clockHz) {
    this(top, clockHz, LineFaults.NONE);
  }

  /** As {@link #SimulatedTransport(LinkTop, long)} with faults injected on both directions. */
  public SimulatedTransport(LinkTop top, long clockHz, LineFaults faults) {
    this(new CycleDevice(top), clockHz, faults);
  }

  /** {@code device} (closed with this transport) at its own clock, with line faults. */
  public SimulatedTransport(PinDevice device, LineFaults faults) {
    this(device, device.clockHz(), faults);
  }

  private SimulatedTransport(PinDevice device, long clockHz, LineFaults faults) {
    this.device = device;
    this.clockHz = clockHz;
    this.faults = faults;
  }

  @Override
  public void write(byte[] bytes) {
    device.write(faults.apply(bytes));
  }

  @Override
  public byte[] read(Duration timeout) {
    long limit = device.cycles() + Math.max(1, timeout.toNanos() * clockHz / 1_000_000_000L);
    long chunk = 10L * device.cyclesPerBit();
    while (device.cycles() < limit) {
      device.run(Math.min(chunk, limit - device.cycles()));
      byte[] b = device.read();
      if (b.length > 0) {
        return faults.apply(b);
      }
    }
    return new byte[0];
  }

  /** The device behind this transport. */
  public PinDevice device() {
    return device;
  }

  @Override
  public String describe() {
    return device.describe();
  }

  @Override
  public void close() {
    device.close();
  }
}
