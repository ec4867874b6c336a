package org.nirfpga.sim;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How a design is built: with waveform tracing compiled in or not (VCD or FST), and the C++
 * optimization level. All are part of the cache key of the built library.
 *
 * @param trace compile tracing in (slower to build and a little slower to run)
 * @param optimization the g++ optimization flag for the model, e.g. {@code -O1}
 * @param fst trace in FST (compressed, needs zlib) instead of VCD; only with {@code trace}
 */
public record BuildOptions(boolean trace, String optimization, boolean fst) {
  public BuildOptions {
    if (!List.of("-O0", "-O1", "-O2", "-O3", "-Os").contains(optimization)) {
      throw new IllegalArgumentException("optimization " + optimization);
    }
    if (fst && !trace) {
      throw new IllegalArgumentException("FST without tracing");
    }
  }

  /** VCD tracing or none. */
  public BuildOptions(boolean trace, String optimization) {
    this(trace, optimization, false);
  }

  /** No tracing, {@code -O1}: the quickest build that still runs fast. */
  public static BuildOptions defaults() {
    return new BuildOptions(false, "-O1");
  }

  /** These options with VCD tracing compiled in. */
  public BuildOptions withTrace() {
    return new BuildOptions(true, optimization, false);
  }

  /** These options with FST tracing compiled in. */
  public BuildOptions withFstTrace() {
    return new BuildOptions(true, optimization, true);
  }

  /** These options with the tracing a waveform file asks for: FST for {@code .fst}, else VCD. */
  public BuildOptions withTraceFor(Path waveform) {
    return isFst(waveform) ? withFstTrace() : withTrace();
  }

  /** Whether {@code waveform} names an FST file (by its extension). */
  public static boolean isFst(Path waveform) {
    return waveform.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".fst");
  }
}
