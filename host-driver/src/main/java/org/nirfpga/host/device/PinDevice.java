package org.nirfpga.host.device;

/**
 * A simulated link top driven at its UART pins: bytes written are shifted onto the receive line
 * as 8N1 frames and bytes the device sends are recovered from its transmit line. Time advances
 * only in {@link #run(long)}; one thread drives a device.
 */
public interface PinDevice extends AutoCloseable {
  /** Queues bytes for the device's receive line. */
  void write(byte[] bytes);

  /** Bytes the device has sent since the last call. */
  byte[] read();

  /** Runs {@code cycles} clock cycles. */
  void run(long cycles);

  /** Clock cycles run so far. */
  long cycles();

  /** The device's clock in Hz, which turns timeouts into cycles. */
  long clockHz();

  /** Clock cycles per UART bit. */
  int cyclesPerBit();

  /** Whether both lines are idle: nothing queued or being shifted either way. */
  boolean quiet();

  /** What runs the device, for messages (a URI such as {@code sim:DIR}). */
  String describe();

  @Override
  void close();
}
