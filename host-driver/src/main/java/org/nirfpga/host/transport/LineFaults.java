package org.nirfpga.host.transport;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded line noise for robustness tests: each byte is flipped (one random bit), dropped, or
 * followed by an inserted random byte, each with its own probability. Counts what it did.
 */
public final class LineFaults {
  /** No faults. */
  public static final LineFaults NONE = new LineFaults(0, 0, 0, 0);

  private final double flipRate;
  private final double dropRate;
  private final double insertRate;
  private final SplittableRandom random;
  private final long cutAfter;
  private long passed;
  private long flipped;
  private long dropped;
  private long inserted;

  /** Faults at the given per-byte rates (0..1) from seed {@code seed}. */
  public LineFaults(double flipRate, double dropRate, double insertRate, long seed) {
    this(flipRate, dropRate, insertRate, seed, Long.MAX_VALUE);
  }

  private LineFaults(double flipRate, double dropRate, double insertRate, long seed,
      long cutAfter) {
    for (double r : new double[] {flipRate, dropRate, insertRate}) {
      if (!(r >= 0 && r <= 1)) {
        throw new IllegalArgumentException("fault rate " + r + " must be in [0, 1]");
      }
    }
    this.flipRate = flipRate;
    this.dropRate = dropRate;
    this.insertRate = insertRate;
    this.random = new SplittableRandom(seed);
    this.cutAfter = cutAfter;
  }

  /**
   * A clean line that is cut after {@code bytes} bytes (both directions together): every later
   * byte is dropped, as when a cable is pulled mid-run.
   */
  public static LineFaults cutAfter(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("cut after " + bytes + " bytes must be >= 0");
    }
    return new LineFaults(0, 0, 0, 0, bytes);
  }

  /** The bytes as the line delivers them. */
  public synchronized byte[] apply(byte[] in) {
    if (cutAfter != Long.MAX_VALUE) {
      int keep = (int) Math.min(in.length, Math.max(0, cutAfter - passed));
      passed += keep;
      dropped += in.length - keep;
      in = keep == in.length ? in : Arrays.copyOf(in, keep);
    }
    if (flipRate == 0 && dropRate == 0 && insertRate == 0) {
      return in;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : in) {
      if (random.nextDouble() < dropRate) {
        dropped++;
        continue;
      }
      if (random.nextDouble() < flipRate) {
        b ^= (byte) (1 << random.nextInt(8));
        flipped++;
      }
      out.write(b);
      if (random.nextDouble() < insertRate) {
        out.write(random.nextInt(256));
        inserted++;
      }
    }
    return out.toByteArray();
  }

  /** Bytes flipped, dropped and inserted so far. */
  public synchronized long[] counts() {
    return new long[] {flipped, dropped, inserted};
  }

  /** Total faults injected so far. */
  public synchronized long total() {
    return flipped + dropped + inserted;
  }
}
