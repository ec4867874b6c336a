package org.nirfpga.gen.link;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import org.nirfpga.hdl.eval.CycleSimulator;

/**
 * Runs a {@link LinkTop} in the HDL's cycle simulator at the pin level: bytes written are shifted
 * onto {@code uart_rx_i} as 8N1 frames, and {@code uart_tx_o} is sampled in the middle of each bit
 * to recover the bytes the device sends. This is the device a virtual board exposes.
 */
public final class LinkSimulation {
  private final CycleSimulator sim;
  private final LinkTop top;
  private final int cpb;
  private final Deque<Integer> toDevice = new ArrayDeque<>();
  private final ByteArrayOutputStream fromDevice = new ByteArrayOutputStream();
  private long cycles;
  // Driver of the device's rx line: the 10 bits of the byte being sent, and the bit position.
  private int sendBits;
  private int sendBit = 10;
  private int sendCount;
  private int rxLevel = 1;
  // Sampler of the device's tx line.
  private boolean receiving;
  private int recvCount;
  private int recvBit;
  private int recvByte;

  /** A simulation of {@code top} after reset, its line idle. */
  public LinkSimulation(LinkTop top) {
    this.top = top;
    this.cpb = top.timing().cyclesPerBit();
    this.sim = new CycleSimulator(top.top());
    sim.set(top.uartRx(), 1);
    sim.setReset(true);
    sim.setReset(false);
  }

  /** Queues bytes for the device's receive line. */
  public void write(byte[] bytes) {
    for (byte b : bytes) {
      toDevice.add(b & 0xff);
    }
  }

  /** Bytes queued for the device that have not been shifted out completely. */
  public int pendingToDevice() {
    return toDevice.size() + (sendBit < 10 ? 1 : 0);
  }

  /** Bytes the device has sent since the last call. */
  public byte[] read() {
    byte[] b = fromDevice.toByteArray();
    fromDevice.reset();
    return b;
  }

  /** Clock cycles run so far. */
  public long cycles() {
    return cycles;
  }

  /** Clock cycles per UART bit. */
  public int cyclesPerBit() {
    return cpb;
  }

  /** Whether both lines are idle: nothing queued or being shifted either way. */
  public boolean quiet() {
    return pendingToDevice() == 0 && !receiving;
  }

  /** The simulator, to inspect signals. */
  public CycleSimulator simulator() {
    return sim;
  }

  /** The top this simulation runs. */
  public LinkTop top() {
    return top;
  }

  /** Runs {@code n} clock cycles. */
  public void run(long n) {
    for (long i = 0; i < n; i++) {
      cycle();
    }
  }

  private void cycle() {
    if (sendBit == 10 && !toDevice.isEmpty()) {
      // Start bit 0, data bits least significant first, stop bit 1.
      sendBits = (toDevice.poll() << 1) | (1 << 9);
      sendBit = 0;
      sendCount = 0;
    }
    int level = sendBit < 10 ? (sendBits >> sendBit) & 1 : 1;
    if (level != rxLevel) {
      sim.set(top.uartRx(), level);
      rxLevel = level;
    }
    if (sendBit < 10 && ++sendCount == cpb) {
      sendCount = 0;
      sendBit++;
    }
    sim.tick();
    cycles++;
    int txLevel = sim.get(top.uartTx()).intValue();
    if (!receiving) {
      if (txLevel == 0) {
        receiving = true;
        recvCount = 0;
        recvBit = 0;
        recvByte = 0;
      }
      return;
    }
    recvCount++;
    // Sample bit k (1..9 after the start bit) in its middle.
    if (recvCount == cpb / 2 + (recvBit + 1) * cpb) {
      if (recvBit < 8) {
        recvByte |= txLevel << recvBit;
        recvBit++;
      } else {
        if (txLevel == 1) {
          fromDevice.write(recvByte);
        }
        receiving = false;
      }
    }
  }
}
