package org.nirfpga.host.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LineFaultsCutTest {
  @Test
  void aCutLineDeliversItsFirstBytesUnchangedAndDropsEveryLaterOne() {
    LineFaults line = LineFaults.cutAfter(5);
    assertArrayEquals(new byte[] {1, 2, 3}, line.apply(new byte[] {1, 2, 3}));
    assertArrayEquals(new byte[] {4, 5}, line.apply(new byte[] {4, 5, 6, 7}));
    assertArrayEquals(new byte[0], line.apply(new byte[] {8}));
    assertArrayEquals(new long[] {0, 3, 0}, line.counts());
    assertEquals(3, line.total());
  }

  @Test
  void aLineCutAtZeroDeliversNothing() {
    assertArrayEquals(new byte[0], LineFaults.cutAfter(0).apply(new byte[] {1}));
  }

  @Test
  void aNegativeCutIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> LineFaults.cutAfter(-1));
  }
}
