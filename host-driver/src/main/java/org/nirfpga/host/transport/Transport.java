package org.nirfpga.host.transport;

import java.io.IOException;
import java.time.Duration;

/** A byte pipe to a device: a socket, a serial port, or a simulated board in this process. */
public interface Transport extends AutoCloseable {
  /** Sends bytes to the device. */
  void write(byte[] bytes) throws IOException;

  /**
   * Bytes the device sent, waiting at most {@code timeout} for the first; empty when none came.
   * A simulated transport measures the timeout in simulated time.
   */
  byte[] read(Duration timeout) throws IOException;

  /** What this transport is connected to, for messages (a URI). */
  String describe();

  @Override
  void close() throws IOException;
}
