package org.nirfpga.nir.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.SharedCorpus;
import org.nirfpga.nir.graph.Dims;

class NpyTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(NpyDtype.class)
  void everyDtypeSurvivesAWriteAndRead(NpyDtype dtype) throws Exception {
    double[] data = {0, 1, 1, 0, 1, 0};
    if (dtype != NpyDtype.BOOL) {
      data = new double[] {0, 1, 2, 3, 100, dtype == NpyDtype.UINT8 ? 255 : -7};
    }
    NpyArray a = new NpyArray(Dims.of(2, 3), dtype, data);
    Path f = dir.resolve("a.npy");
    Npy.write(f, a);
    assertEquals(a, Npy.read(f));
  }

  @Test
  void headerIsPaddedToSixtyFourBytesAsNumpyWritesIt() {
    byte[] b = Npy.toBytes(NpyArray.float32(Dims.of(3), new double[] {1, 2, 3}));
    int headerLen = ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
    assertEquals(0, (10 + headerLen) % 64);
    String header = new String(b, 10, headerLen, StandardCharsets.ISO_8859_1);
    assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"));
    assertTrue(header.endsWith("\n"));
  }

  @Test
  void readsFilesNumpyWroteInTheOracle() throws Exception {
    NpyArray lif = Npy.read(SharedCorpus.oracle().resolve("lif_input.npy"));
    assertEquals(Dims.of(1000), lif.shape());
    assertEquals(NpyDtype.FLOAT32, lif.dtype());
    NpyArray cnn = Npy.read(SharedCorpus.oracle().resolve("cnn_input_sample.npy"));
    assertEquals(Dims.of(10, 2, 34, 34), cnn.shape());
    assertEquals(NpyDtype.INT16, cnn.dtype());
  }

  @Test
  void readsAVersionTwoHeader() throws Exception {
    String h = "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }";
    h = h + " ".repeat(64 - (12 + h.length() + 1) % 64) + "\n";
    ByteBuffer bb = ByteBuffer.allocate(12 + h.length() + 8).order(ByteOrder.LITTLE_ENDIAN);
    bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(h.length());
    bb.put(h.getBytes(StandardCharsets.ISO_8859_1)).putInt(-5).putInt(70000);
    NpyArray a = Npy.parse("v2.npy", bb.array());
    assertArrayEquals(new double[] {-5, 70000}, a.data());
  }

  @Test
  void fortranOrderIsRejectedWithTheFix() {
    byte[] b = Npy.toBytes(NpyArray.float32(Dims.of(1), new double[] {1}));
    String s = new String(b, StandardCharsets.ISO_8859_1).replace("False", "True ");
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> Npy.parse("f.npy", s.getBytes(StandardCharsets.ISO_8859_1)));
    assertEquals("f.npy: Fortran-order array; save it in C order (numpy.ascontiguousarray)",
        e.getMessage());
  }

  @Test
  void unsupportedDtypeIsNamed() {
    byte[] b = Npy.toBytes(NpyArray.float32(Dims.of(1), new double[] {1}));
    String s = new String(b, StandardCharsets.ISO_8859_1).replace("<f4", ">f4");
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> Npy.parse("big.npy", s.getBytes(StandardCharsets.ISO_8859_1)));
    assertTrue(e.getMessage().startsWith("big.npy: dtype '>f4' is not supported"),
        e.getMessage());
  }

  @Test
  void truncatedDataNamesBytesNeededAndHeld() {
    byte[] b = Npy.toBytes(NpyArray.float32(Dims.of(4), new double[] {1, 2, 3, 4}));
    byte[] cut = java.util.Arrays.copyOf(b, b.length - 3);
    NirfpgaException e = assertThrows(NirfpgaException.class, () -> Npy.parse("t.npy", cut));
    assertEquals("t.npy: shape (4,) of float32 needs 16 data bytes, the file holds 13",
        e.getMessage());
  }

  @Test
  void notAnNpyFileIsSaidSo() {
    NirfpgaException e = assertThrows(NirfpgaException.class,
        () -> Npy.parse("x.npy", "hello world, not numpy".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("x.npy: not a .npy file (no \\x93NUMPY magic)", e.getMessage());
  }

  @Test
  void writeLeavesNoTemporaryFileBehind() throws Exception {
    Npy.write(dir.resolve("out.npy"), NpyArray.float32(Dims.of(2), new double[] {1, 2}));
    Npy.write(dir.resolve("out.npy"), NpyArray.float32(Dims.of(1), new double[] {3}));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(1, s.count());
    }
    assertEquals(Dims.of(1), Npy.read(dir.resolve("out.npy")).shape());
  }

  @Test
  void inputSeriesAcceptsTimeFirstWithOrWithoutBatch() throws Exception {
    double[] d = new double[3 * 2 * 4];
    for (int k = 0; k < d.length; k++) {
      d[k] = k;
    }
    InputSeries plain = InputSeries.of("p.npy",
        new NpyArray(Dims.of(6, 4), NpyDtype.FLOAT64, d), Dims.of(4));
    assertEquals(1, plain.samples());
    assertEquals(6, plain.steps());
    InputSeries batched = InputSeries.of("b.npy",
        new NpyArray(Dims.of(3, 2, 4), NpyDtype.FLOAT64, d), Dims.of(4));
    assertEquals(2, batched.samples());
    assertEquals(3, batched.steps());
    assertArrayEquals(new double[] {12, 13, 14, 15}, batched.sample(1)[1]);
  }

  @Test
  void inputSeriesOfTheWrongShapeNamesExpectedAndActual() {
    NirfpgaException e = assertThrows(NirfpgaException.class, () -> InputSeries.of("in.npy",
        new NpyArray(Dims.of(5, 3), NpyDtype.FLOAT32, new double[15]), Dims.of(2, 34, 34)));
    assertEquals("in.npy: input has shape (5, 3), expected (T, 2, 34, 34) or (T, batch, 2, 34, 34)"
        + " for the graph's input of shape (2, 34, 34)", e.getMessage());
  }
}
