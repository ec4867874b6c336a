package org.nirfpga.nir.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.checksum.ChecksumUtils;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rewrites the dimensions of datasets jhdf has written, because jhdf 0.13 cannot write a
 * zero-size dataset while NIR stores an empty edge list as a {@code (0,)} array.
 *
 * <p>The writer stores a placeholder with every zero dimension replaced by 1; this rewrites the
 * dimensions in the dataset's dataspace message (a version-2 object header, as jhdf writes) and
 * recomputes the header checksum. The placeholder's few bytes of data stay unreferenced.
 */
final class DataspacePatch {
  private static final int DATASPACE_MESSAGE = 0x0001;

  private DataspacePatch() {}

  /** Sets each listed dataset's dimensions (paths from the file root) to the given shape. */
  static void apply(Path file, Map<String, long[]> shapes) throws IOException {
    if (shapes.isEmpty()) {
      return;
    }
    Map<Long, long[]> byAddress = new LinkedHashMap<>();
    try (HdfFile hdf = new HdfFile(file)) {
      for (Map.Entry<String, long[]> e : shapes.entrySet()) {
        byAddress.put(hdf.getDatasetByPath(e.getKey()).getAddress(), e.getValue());
      }
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      for (Map.Entry<Long, long[]> e : byAddress.entrySet()) {
        patchHeader(ch, e.getKey(), e.getValue());
      }
    }
  }

  private static void patchHeader(FileChannel ch, long address, long[] shape) throws IOException {
    ByteBuffer prefix = read(ch, address, 16 + 4 + 8);
    if (prefix.get(0) != 'O' || prefix.get(1) != 'H' || prefix.get(2) != 'D'
        || prefix.get(3) != 'R') {
      throw new IllegalStateException("no version-2 object header at " + address);
    }
    int flags = prefix.get(5) & 0xff;
    int pos = 6;
    if ((flags & 0x20) != 0) {
      pos += 16;
    }
    if ((flags & 0x10) != 0) {
      pos += 4;
    }
    int width = 1 << (flags & 3);
    long chunkSize = 0;
    for (int k = 0; k < width; k++) {
      chunkSize |= (long) (prefix.get(pos + k) & 0xff) << (8 * k);
    }
    pos += width;
    int headerLength = Math.toIntExact(pos + chunkSize);
    ByteBuffer header = read(ch, address, headerLength + 4);
    boolean creationOrder = (flags & 0x04) != 0;
    int p = pos;
    boolean patched = false;
    while (p + 4 <= headerLength) {
      int type = header.get(p) & 0xff;
      int size = (header.get(p + 1) & 0xff) | (header.get(p + 2) & 0xff) << 8;
      int body = p + 4 + (creationOrder ? 2 : 0);
      if (type == DATASPACE_MESSAGE) {
        patchDataspace(header, body, shape);
        patched = true;
      }
      p = body + size;
    }
    if (!patched) {
      throw new IllegalStateException("no dataspace message in object header at " + address);
    }
    int checksum = ChecksumUtils.checksum(header.duplicate().position(0).limit(headerLength)
        .slice());
    header.putInt(headerLength, checksum);
    header.position(0).limit(headerLength + 4);
    ch.write(header, address);
  }

  private static void patchDataspace(ByteBuffer h, int body, long[] shape) {
    int version = h.get(body) & 0xff;
    int rank = h.get(body + 1) & 0xff;
    int dsFlags = h.get(body + 2) & 0xff;
    if (version != 2 || rank != shape.length) {
      throw new IllegalStateException("unexpected dataspace version " + version + " rank " + rank);
    }
    int dims = body + 4;
    for (int i = 0; i < rank; i++) {
      h.putLong(dims + 8 * i, shape[i]);
      if ((dsFlags & 1) != 0) {
        h.putLong(dims + 8 * (rank + i), shape[i]);
      }
    }
  }

  private static ByteBuffer read(FileChannel ch, long address, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, address + b.position()) < 0) {
        break;
      }
    }
    b.flip();
    return b.limit(length);
  }
}
