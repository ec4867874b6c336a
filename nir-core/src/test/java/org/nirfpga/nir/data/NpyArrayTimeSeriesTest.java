package org.nirfpga.nir.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nirfpga.nir.graph.Dims;

class NpyArrayTimeSeriesTest {
  private static final double[][] A = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
  private static final double[][] B = {{-1, -2, -3, -4}, {-5, -6, -7, -8}, {-9, -10, -11, -12}};

  @Test
  void oneSampleKeepsTheStepAxisFirst() {
    NpyArray a = NpyArray.timeSeries(Collections.singletonList(A), Dims.of(2, 2), false,
        NpyDtype.FLOAT64);
    assertEquals(Dims.of(3, 2, 2), a.shape());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, a.data());
  }

  @Test
  void samplesInterleaveOnTheBatchAxisAfterTheStepAxis() {
    NpyArray a = NpyArray.timeSeries(List.of(A, B), Dims.of(4), true, NpyDtype.FLOAT32);
    assertEquals(Dims.of(3, 2, 4), a.shape());
    assertArrayEquals(new double[] {5, 6, 7, 8, -5, -6, -7, -8}, a.rows()[1]);
    assertEquals(NpyDtype.FLOAT32, a.dtype());
  }

  @Test
  void severalSamplesWithoutABatchAxisAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NpyArray.timeSeries(List.of(A, B), Dims.of(4), false, NpyDtype.FLOAT64));
    assertEquals("2 samples need a batch axis", e.getMessage());
  }
}
