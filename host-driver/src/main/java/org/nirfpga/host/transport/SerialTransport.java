package org.nirfpga.host.transport;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.nirfpga.nir.NirfpgaException;

/**
 * A device on a serial port ({@code serial:/dev/ttyUSB1?baud=3000000}) through jSerialComm: 8
 * data bits, no parity, one stop bit, no flow control. A pseudo-terminal linked to a virtual
 * board takes the same path.
 */
public final class SerialTransport implements Transport {
  private final SerialPort port;
  private final SerialAddress address;
  private final Duration writeTimeout;
  private final byte[] buf = new byte[4096];
  private long readTimeoutMs = -1;

  private SerialTransport(SerialPort port, SerialAddress address, Duration writeTimeout) {
    this.port = port;
    this.address = address;
    this.writeTimeout = writeTimeout;
  }

  /**
   * Opens the port of {@code address}; a write that cannot leave within {@code writeTimeout}
   * fails. Refusals name the port and the fix: no such port, permission denied, a rate the port
   * does not take.
   */
  public static SerialTransport open(SerialAddress address, Duration writeTimeout)
      throws NirfpgaException {
    String uri = address.uri();
    String path = address.path();
    if (path.startsWith("/")) {
      // jSerialComm reports a missing or forbidden device only as an errno; say it plainly.
      Path device = Path.of(path);
      if (!Files.exists(device)) {
        throw new NirfpgaException(uri + ": no such port " + path + "; is the board plugged in"
            + " (ls /dev/ttyUSB* /dev/ttyACM*) or nirfpga board-sim --pty running?");
      }
      if (!Files.isReadable(device) || !Files.isWritable(device)) {
        throw permissionDenied(uri, path);
      }
    }
    SerialPort port;
    try {
      port = SerialPort.getCommPort(path);
    } catch (SerialPortInvalidPortException e) {
      throw new NirfpgaException(uri + ": no such port " + path + " (" + e.getMessage() + ")",
          e);
    }
    if (!port.openPort(0)) {
      throw openFailure(uri, path, port.getLastErrorCode());
    }
    boolean ok = port.setComPortParameters(address.baud(), 8, SerialPort.ONE_STOP_BIT,
        SerialPort.NO_PARITY) && port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
    if (!ok || port.getBaudRate() != address.baud()) {
      int errno = port.getLastErrorCode();
      port.closePort();
      throw new NirfpgaException(uri + ": port " + path + " does not take baud "
          + address.baud() + " (errno " + errno + "); use a rate the adapter supports, e.g."
          + " baud=115200");
    }
    SerialTransport t = new SerialTransport(port, address, writeTimeout);
    // Bytes left in the driver's buffers from an earlier session are not answers to us.
    port.flushIOBuffers();
    return t;
  }

  /** The refusal for a port that would not open with {@code errno} (Linux numbering). */
  static NirfpgaException openFailure(String uri, String path, int errno) {
    if (errno == 13 || errno == 1) {
      return permissionDenied(uri, path);
    }
    if (errno == 2 || errno == 6 || errno == 19) {
      return new NirfpgaException(uri + ": no such port " + path + " (errno " + errno + ");"
          + " is the board plugged in?");
    }
    if (errno == 16) {
      return new NirfpgaException(uri + ": port " + path + " is busy; close the other program"
          + " using it (fuser " + path + ")");
    }
    if (errno == 25) {
      return new NirfpgaException(uri + ": " + path + " is not a serial port (no terminal);"
          + " give the board's /dev/ttyUSB* or /dev/ttyACM* device");
    }
    return new NirfpgaException(uri + ": cannot open port " + path + " (errno " + errno + ")");
  }

  private static NirfpgaException permissionDenied(String uri, String path) {
    return new NirfpgaException(uri + ": permission denied on port " + path + "; add yourself"
        + " to its group (ls -l " + path + ", e.g. sudo usermod -aG dialout $USER) and log in"
        + " again");
  }

  /** The port and rate this transport uses. */
  public SerialAddress address() {
    return address;
  }

  @Override
  public void write(byte[] bytes) throws IOException {
    setTimeouts(readTimeoutMs < 0 ? 1 : readTimeoutMs);
    int n = port.writeBytes(bytes, bytes.length);
    if (n < 0) {
      throw new IOException(address.path() + " failed (errno " + port.getLastErrorCode()
          + "); was the board unplugged?");
    }
    if (n < bytes.length) {
      throw new IOException(address.path() + ": only " + n + " of " + bytes.length + " bytes"
          + " left within the " + writeTimeout.toMillis() + " ms write timeout; the line is"
          + " stalled");
    }
  }

  @Override
  public byte[] read(Duration timeout) throws IOException {
    setTimeouts(Math.max(1, timeout.toMillis()));
    int n = port.readBytes(buf, buf.length);
    if (n < 0) {
      throw new IOException(address.path() + " failed (errno " + port.getLastErrorCode()
          + "); was the board unplugged?");
    }
    return Arrays.copyOf(buf, n);
  }

  private void setTimeouts(long readMs) throws IOException {
    if (readMs == readTimeoutMs) {
      return;
    }
    boolean ok = port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING
        | SerialPort.TIMEOUT_WRITE_BLOCKING, (int) Math.min(Integer.MAX_VALUE, readMs),
        (int) Math.min(Integer.MAX_VALUE, Math.max(1, writeTimeout.toMillis())));
    if (!ok) {
      throw new IOException(address.path() + ": cannot set timeouts (errno "
          + port.getLastErrorCode() + ")");
    }
    readTimeoutMs = readMs;
  }

  @Override
  public String describe() {
    return address.uri();
  }

  @Override
  public void close() throws IOException {
    if (port.isOpen() && !port.closePort()) {
      throw new IOException(address.path() + ": cannot close (errno " + port.getLastErrorCode()
          + ")");
    }
  }
}
