package org.nirfpga.host.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.nirfpga.gen.link.LinkTop;
import org.nirfpga.host.device.CycleDevice;
import org.nirfpga.host.device.PinDevice;
import org.nirfpga.host.transport.LineFaults;

/**
 * A virtual board on a TCP port: the generated link top runs in Verilator or in the cycle
 * simulator ({@link PinDevice}) and its UART
 * pins are connected, byte for byte, to one client at a time. Optional seeded line faults are
 * applied in both directions. The device keeps its state across client connections, as a board
 * does.
 */
public final class VirtualBoard implements AutoCloseable {
  private final PinDevice sim;
  private final LineFaults faults;
  private final ServerSocket server;
  private final Thread thread;
  private volatile boolean stopping;
  private volatile IOException failure;

  /**
   * Starts serving {@code top} in the cycle simulator on {@code port} of the loopback interface
   * (0: any free port).
   */
  public VirtualBoard(LinkTop top, int port, LineFaults faults) throws IOException {
    this(new CycleDevice(top), port, faults);
  }

  /**
   * Starts serving {@code device} on {@code port} of the loopback interface (0: any free port);
   * the board drives the device from its own thread from now on and closes it when closed.
   */
  public VirtualBoard(PinDevice device, int port, LineFaults faults) throws IOException {
    this.sim = device;
    this.faults = faults;
    try {
      this.server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      device.close();
      throw e;
    }
    server.setSoTimeout(50);
    this.thread = new Thread(this::serve, "virtual-board-" + server.getLocalPort());
    thread.setDaemon(true);
    thread.start();
  }

  /** The TCP port the board listens on. */
  public int port() {
    return server.getLocalPort();
  }

  /** The URI a driver opens to reach this board. */
  public String uri() {
    return "tcp://localhost:" + port();
  }

  /** The device behind the port, e.g. for its description. */
  public PinDevice device() {
    return sim;
  }

  /** The line faults injected so far. */
  public LineFaults faults() {
    return faults;
  }

  private void serve() {
    while (!stopping) {
      try (Socket client = server.accept()) {
        client.setTcpNoDelay(true);
        client.setSoTimeout(20);
        pump(client.getInputStream(), client.getOutputStream());
      } catch (SocketTimeoutException e) {
        // No client yet: poll the stop flag.
      } catch (IOException e) {
        if (!stopping) {
          failure = e;
        }
      }
    }
  }

  private void pump(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[4096];
    long chunk = 10L * sim.cyclesPerBit();
    // Run the clock at full speed for a while after activity (at least 5 ms of device time) so
    // a step's computation and the device's idle rule finish without waiting for the host.
    long idleRun = Math.max(40 * chunk, sim.clockHz() / 200);
    long lastActive = sim.cycles();
    while (!stopping) {
      boolean busy = !sim.quiet() || sim.cycles() - lastActive < idleRun;
      int n = 0;
      if (in.available() > 0 || !busy) {
        try {
          n = in.read(buf);
        } catch (SocketTimeoutException e) {
          n = 0;
        }
        if (n < 0) {
          return;
        }
      }
      if (n > 0) {
        sim.write(faults.apply(Arrays.copyOf(buf, n)));
        lastActive = sim.cycles();
      }
      // While idle the clock still advances, one chunk per read timeout, as a board's does.
      sim.run(chunk);
      byte[] b = sim.read();
      if (b.length > 0) {
        out.write(faults.apply(b));
        out.flush();
        lastActive = sim.cycles();
      }
    }
  }

  @Override
  public void close() throws IOException {
    stopping = true;
    server.close();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      sim.close();
    }
    if (failure != null) {
      throw new IOException("virtual board on port " + port() + " failed: "
          + failure.getMessage(), failure);
    }
  }
}
