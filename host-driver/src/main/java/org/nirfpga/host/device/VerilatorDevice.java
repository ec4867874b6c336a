package org.nirfpga.host.device;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.sim.BuildOptions;
import org.nirfpga.sim.Port;
import org.nirfpga.sim.VerilatedModel;

/**
 * A link top running in Verilator through the JNI bridge, driven at {@code uart_rx_i} and
 * sampled at {@code uart_tx_o} like the cycle simulator's link driver, but far faster. Between
 * the bit boundaries and sample points nothing is driven or read, so those cycles run in one
 * native call.
 */
public final class VerilatorDevice implements PinDevice {
  private static final String CLOCK = "clk_i";

  private final LinkRtl rtl;
  private final VerilatedModel model;
  private final int rx;
  private final int tx;
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

  private VerilatorDevice(LinkRtl rtl, VerilatedModel model) {
    this.rtl = rtl;
    this.model = model;
    this.cpb = rtl.cyclesPerBit();
    this.rx = model.port("uart_rx_i").index();
    this.tx = model.port("uart_tx_o").index();
    model.poke(rx, 1);
    Port reset = model.ports().stream().filter(p -> p.name().equals("rst_ni")).findFirst()
        .orElse(null);
    if (reset != null) {
      model.poke(reset.index(), 0);
      model.tick(2);
      model.poke(reset.index(), 1);
    }
  }

  /**
   * Builds (or takes from the build cache) the link top of {@code dir} (see {@link LinkRtl})
   * and opens it after reset, its line idle; build stages go to {@code progress}.
   */
  public static VerilatorDevice open(Path dir, Consumer<String> progress)
      throws NirfpgaException {
    LinkRtl rtl = LinkRtl.read(dir);
    VerilatedModel m = VerilatedModel.open(dir, rtl.top(), CLOCK, BuildOptions.defaults(),
        progress);
    for (String pin : new String[] {"uart_rx_i", "uart_tx_o"}) {
      if (m.ports().stream().noneMatch(p -> p.name().equals(pin) && p.width() == 1)) {
        m.close();
        throw new NirfpgaException(dir.resolve(rtl.top() + ".v") + ": module " + rtl.top()
            + " has no 1-bit port " + pin + "; " + LinkRtl.PROPERTIES + " must name a link top");
      }
    }
    return new VerilatorDevice(rtl, m);
  }

  /** The RTL folder this device runs. */
  public LinkRtl rtl() {
    return rtl;
  }

  @Override
  public void write(byte[] bytes) {
    for (byte b : bytes) {
      toDevice.add(b & 0xff);
    }
  }

  @Override
  public byte[] read() {
    byte[] b = fromDevice.toByteArray();
    fromDevice.reset();
    return b;
  }

  @Override
  public void run(long n) {
    long end = cycles + n;
    while (cycles < end) {
      step(end - cycles);
    }
  }

  /** Runs at most {@code max} cycles, up to the next point where a pin must be driven or read. */
  private void step(long max) {
    if (sendBit == 10 && !toDevice.isEmpty()) {
      // Start bit 0, data bits least significant first, stop bit 1.
      sendBits = (toDevice.poll() << 1) | (1 << 9);
      sendBit = 0;
      sendCount = 0;
    }
    int level = sendBit < 10 ? (sendBits >> sendBit) & 1 : 1;
    if (level != rxLevel) {
      model.poke(rx, level);
      rxLevel = level;
    }
    long k = max;
    if (sendBit < 10) {
      k = Math.min(k, cpb - sendCount);
    }
    // Bit k (1..9 after the start bit) is sampled in its middle; a start bit needs every cycle.
    int target = cpb / 2 + (recvBit + 1) * cpb;
    k = Math.min(k, receiving ? target - recvCount : 1);
    model.tick(k);
    cycles += k;
    if (sendBit < 10) {
      sendCount += (int) k;
      if (sendCount == cpb) {
        sendCount = 0;
        sendBit++;
      }
    }
    if (!receiving) {
      if (model.peek(tx) == 0) {
        receiving = true;
        recvCount = 0;
        recvBit = 0;
        recvByte = 0;
      }
      return;
    }
    recvCount += (int) k;
    if (recvCount == target) {
      int txLevel = (int) model.peek(tx);
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

  @Override
  public long cycles() {
    return cycles;
  }

  @Override
  public long clockHz() {
    return rtl.clockHz();
  }

  @Override
  public int cyclesPerBit() {
    return cpb;
  }

  @Override
  public boolean quiet() {
    return toDevice.isEmpty() && sendBit == 10 && !receiving;
  }

  @Override
  public String describe() {
    return "sim:" + rtl.dir();
  }

  @Override
  public void close() {
    model.close();
  }
}
