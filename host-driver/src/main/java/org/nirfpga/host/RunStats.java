package org.nirfpga.host;

/**
 * What one run moved over the link and what it cost.
 *
 * @param steps time steps run
 * @param eventsIn input events sent
 * @param eventsOut output events received
 * @param bytesSent bytes written to the transport (resent frames included)
 * @param bytesReceived bytes read from the transport (garbage included)
 * @param payloadBytes payload bytes of the frames that carried the run (sent once + received)
 * @param retries frames sent again (after CRC errors, sequence errors, timeouts, resend requests)
 * @param corruptBytes received bytes skipped as garbage (bad CRC, no sync)
 * @param seconds wall-clock seconds
 */
public record RunStats(long steps, long eventsIn, long eventsOut, long bytesSent,
    long bytesReceived, long payloadBytes, long retries, long corruptBytes, double seconds) {

  /** Input plus output events per wall-clock second. */
  public double eventsPerSecond() {
    return seconds > 0 ? (eventsIn + eventsOut) / seconds : 0;
  }

  /** Time steps per wall-clock second. */
  public double stepsPerSecond() {
    return seconds > 0 ? steps / seconds : 0;
  }

  /** Payload bytes over all line bytes, both directions. */
  public double linkUtilisation() {
    long line = bytesSent + bytesReceived;
    return line > 0 ? (double) payloadBytes / line : 0;
  }

  @Override
  public String toString() {
    return String.format("%d steps, %d events in, %d out, %d bytes sent, %d received, %d retries,"
        + " %d corrupt bytes, %.3f s (%.0f events/s, %.1f steps/s, link utilisation %.2f)",
        steps, eventsIn, eventsOut, bytesSent, bytesReceived, retries, corruptBytes, seconds,
        eventsPerSecond(), stepsPerSecond(), linkUtilisation());
  }
}
