package org.nirfpga.hdl.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryTest {
  private static final List<Long> SENT = List.of(5L, 6L, 7L, 8L);

  @Test
  void wordsStillInFlightAreAllowed() {
    Delivery.assertInOrder(SENT, List.of(5L, 6L, 7L), 3, "fifo");
  }

  @Test
  void aLostWordIsNamed() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> Delivery.assertInOrder(SENT, List.of(5L, 7L, 8L), 1, "fifo"));
    assertEquals("fifo: word 1 arrived as 7 but 6 was sent", e.getMessage());
  }

  @Test
  void reorderedWordsAreCaught() {
    assertThrows(AssertionError.class,
        () -> Delivery.assertInOrder(SENT, List.of(6L, 5L), 1, "fifo"));
  }

  @Test
  void anInventedWordIsCaught() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> Delivery.assertInOrder(SENT, List.of(5L, 6L, 7L, 8L, 9L), 1, "uart"));
    assertEquals("uart: 5 words arrived but only 4 were sent", e.getMessage());
  }

  @Test
  void tooFewWordsFailTheCheck() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> Delivery.assertInOrder(SENT, List.of(5L), 2, "uart"));
    assertEquals("uart: only 1 words arrived, expected at least 2", e.getMessage());
  }
}
