package org.nirfpga.sim;

import java.util.List;

/**
 * How a design is built: with waveform tracing compiled in or not, and the C++ optimization
 * level. Both are part of the cache key of the built library.
 *
 * @param trace compile VCD tracing in (slower to build and a little slower to run)
 * @param optimization the g++ optimization flag for the model, e.g. {@code -O1}
 */
public record BuildOptions(boolean trace, String optimization) {
  public BuildOptions {
    if (!List.of("-O0", "-O1", "-O2", "-O3", "-Os").contains(optimization)) {
      throw new IllegalArgumentException("optimization " + optimization);
    }
  }

  /** No tracing, {@code -O1}: the quickest build that still runs fast. */
  public static BuildOptions defaults() {
    return new BuildOptions(false, "-O1");
  }

  /** These options with tracing compiled in. */
  public BuildOptions withTrace() {
    return new BuildOptions(true, optimization);
  }
}
