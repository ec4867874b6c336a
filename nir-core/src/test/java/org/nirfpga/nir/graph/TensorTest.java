package org.nirfpga.nir.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {
  @Test
  void uniformArraysAreRecognised() {
    assertTrue(Tensor.full(new int[] {3, 4}, 0.5).isUniform());
    assertTrue(Tensor.scalar(2).isUniform());
    assertFalse(Tensor.vector(1, 1, 2).isUniform());
  }

  @Test
  void shapeMustMatchElementCount() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.of(new int[] {2, 2}, 1, 2, 3));
    assertEquals("shape [2, 2] holds 4 elements, data has 3", e.getMessage());
  }

  @Test
  void overflowingShapeIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> Tensor.full(new int[] {1 << 20, 1 << 20}, 0));
  }

  @Test
  void multiIndexIsRowMajor() {
    Tensor t = Tensor.of(new int[] {2, 3}, 0, 1, 2, 3, 4, 5);
    assertEquals(5, t.at(1, 2));
    assertEquals(3, t.at(1, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> t.at(2, 0));
  }

  @Test
  void equalityIsByShapeAndContent() {
    assertEquals(Tensor.vector(1, 2), Tensor.of(new int[] {2}, 1, 2));
    assertNotEquals(Tensor.vector(1, 2), Tensor.of(new int[] {1, 2}, 1, 2));
    assertNotEquals(Tensor.vector(1, 2), Tensor.vector(1, 3));
  }

  @Test
  void tensorsAreImmutable() {
    double[] data = {1, 2};
    Tensor t = Tensor.vector(data);
    data[0] = 9;
    t.toArray()[1] = 9;
    assertArrayEquals(new double[] {1, 2}, t.toArray());
  }

  @Test
  void minMaxAndFiniteness() {
    Tensor t = Tensor.vector(-1, 3, Double.POSITIVE_INFINITY);
    assertEquals(-1, t.min());
    assertFalse(t.isFinite());
    assertFalse(t.hasNaN());
    assertTrue(Tensor.vector(Double.NaN).hasNaN());
  }
}
