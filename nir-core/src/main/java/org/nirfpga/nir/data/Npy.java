package org.nirfpga.nir.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.graph.Dims;

/**
 * Reads and writes numpy {@code .npy} files (format versions 1 to 3, little-endian, C order) of
 * the dtypes in {@link NpyDtype}.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** Reads a whole {@code .npy} file. */
  public static NpyArray read(Path file) throws NirfpgaException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new NirfpgaException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    return parse(file.toString(), bytes);
  }

  /** Parses the bytes of a {@code .npy} file; {@code name} appears in error messages. */
  public static NpyArray parse(String name, byte[] bytes) throws NirfpgaException {
    if (bytes.length < 10) {
      throw new NirfpgaException(name + ": not a .npy file (" + bytes.length + " bytes)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new NirfpgaException(name + ": not a .npy file (no \\x93NUMPY magic)");
      }
    }
    int major = bytes[6] & 0xff;
    ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLen;
    int headerStart;
    if (major == 1) {
      headerLen = bb.getShort(8) & 0xffff;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) {
        throw new NirfpgaException(name + ": truncated .npy header");
      }
      headerLen = bb.getInt(8);
      headerStart = 12;
    } else {
      throw new NirfpgaException(name + ": unsupported .npy format version " + major
          + "; supported are 1, 2 and 3");
    }
    if (headerLen < 0 || headerStart + headerLen > bytes.length) {
      throw new NirfpgaException(name + ": truncated .npy header");
    }
    String header = new String(bytes, headerStart, headerLen,
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new NirfpgaException(name + ": malformed .npy header " + header.trim());
    }
    NpyDtype dtype = NpyDtype.fromDescr(d.group(1));
    if (dtype == null) {
      throw new NirfpgaException(name + ": dtype '" + d.group(1) + "' is not supported; use "
          + "float32, float64, int16, int32, uint8 or bool (little-endian)");
    }
    if (f.group(1).equals("True")) {
      throw new NirfpgaException(name + ": Fortran-order array; save it in C order "
          + "(numpy.ascontiguousarray)");
    }
    Dims shape = parseShape(name, s.group(1));
    long count = shape.product();
    int dataStart = headerStart + headerLen;
    long need = count * dtype.bytesPerElement();
    if (bytes.length - dataStart < need) {
      throw new NirfpgaException(name + ": shape " + shape + " of " + dtype.numpyName() + " needs "
          + need + " data bytes, the file holds " + (bytes.length - dataStart));
    }
    double[] data = new double[(int) count];
    bb.position(dataStart);
    for (int i = 0; i < data.length; i++) {
      data[i] = readOne(bb, dtype);
    }
    return new NpyArray(shape, dtype, data);
  }

  private static double readOne(ByteBuffer bb, NpyDtype dtype) {
    switch (dtype) {
      case FLOAT32:
        return bb.getFloat();
      case FLOAT64:
        return bb.getDouble();
      case INT16:
        return bb.getShort();
      case INT32:
        return bb.getInt();
      case UINT8:
        return bb.get() & 0xff;
      case BOOL:
        return bb.get() != 0 ? 1.0 : 0.0;
      default:
        throw new IllegalStateException("dtype " + dtype);
    }
  }

  private static Dims parseShape(String name, String text) throws NirfpgaException {
    List<Integer> dims = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      if (p.endsWith("L")) {
        p = p.substring(0, p.length() - 1);
      }
      try {
        dims.add(Integer.parseInt(p));
      } catch (NumberFormatException e) {
        throw new NirfpgaException(name + ": malformed shape (" + text + ") in .npy header");
      }
    }
    int[] a = dims.stream().mapToInt(Integer::intValue).toArray();
    Dims shape = Dims.of(a);
    if (shape.product() > Integer.MAX_VALUE) {
      throw new NirfpgaException(name + ": shape " + shape + " is too large");
    }
    return shape;
  }

  /** The bytes of a version 1 (or 2, when the header needs it) {@code .npy} file. */
  public static byte[] toBytes(NpyArray array) {
    StringBuilder h = new StringBuilder("{'descr': '").append(array.dtype().descr())
        .append("', 'fortran_order': False, 'shape': ").append(array.shape().toString())
        .append(", }");
    int version = 1;
    int pre = 10;
    if (h.length() + pre + 1 > 65535) {
      version = 2;
      pre = 12;
    }
    int total = pre + h.length() + 1;
    int pad = (64 - total % 64) % 64;
    h.append(" ".repeat(pad)).append('\n');
    byte[] header = h.toString().getBytes(StandardCharsets.ISO_8859_1);
    int elem = array.dtype().bytesPerElement();
    ByteBuffer bb = ByteBuffer.allocate(pre + header.length + array.size() * elem)
        .order(ByteOrder.LITTLE_ENDIAN);
    bb.put(MAGIC).put((byte) version).put((byte) 0);
    if (version == 1) {
      bb.putShort((short) header.length);
    } else {
      bb.putInt(header.length);
    }
    bb.put(header);
    double[] data = array.data();
    for (double v : data) {
      writeOne(bb, array.dtype(), v);
    }
    return bb.array();
  }

  private static void writeOne(ByteBuffer bb, NpyDtype dtype, double v) {
    switch (dtype) {
      case FLOAT32:
        bb.putFloat((float) v);
        break;
      case FLOAT64:
        bb.putDouble(v);
        break;
      case INT16:
        bb.putShort((short) Math.round(v));
        break;
      case INT32:
        bb.putInt((int) Math.round(v));
        break;
      case UINT8:
        bb.put((byte) Math.round(v));
        break;
      case BOOL:
        bb.put((byte) (v != 0 ? 1 : 0));
        break;
      default:
        throw new IllegalStateException("dtype " + dtype);
    }
  }

  /**
   * Writes {@code array} to {@code file} atomically: to a temporary file in the same folder, then
   * moved over the target, so a reader never sees half a file.
   */
  public static void write(Path file, NpyArray array) throws NirfpgaException {
    writeAtomically(file, toBytes(array));
  }

  /** Writes bytes to a temporary sibling of {@code file}, then moves it into place. */
  public static void writeAtomically(Path file, byte[] bytes) throws NirfpgaException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        out.write(bytes);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The original error is the one worth reporting.
        }
      }
      throw new NirfpgaException(file + ": cannot write (" + e.getMessage() + ")", e);
    }
  }
}
