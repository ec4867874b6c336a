package org.nirfpga.hdl.lib;

import java.util.List;

/** End-to-end check of a channel that must deliver words unchanged and in order. */
final class Delivery {
  private Delivery() {}

  /**
   * Fails unless {@code received} is a prefix of {@code sent} (words still in flight at the end
   * are allowed) and at least {@code minimum} words arrived; names the first differing word.
   */
  static void assertInOrder(List<Long> sent, List<Long> received, int minimum, String channel) {
    if (received.size() < minimum) {
      throw new AssertionError(channel + ": only " + received.size() + " words arrived, expected "
          + "at least " + minimum);
    }
    if (received.size() > sent.size()) {
      throw new AssertionError(channel + ": " + received.size() + " words arrived but only "
          + sent.size() + " were sent");
    }
    for (int i = 0; i < received.size(); i++) {
      if (!received.get(i).equals(sent.get(i))) {
        throw new AssertionError(channel + ": word " + i + " arrived as " + received.get(i)
            + " but " + sent.get(i) + " was sent");
      }
    }
  }
}
