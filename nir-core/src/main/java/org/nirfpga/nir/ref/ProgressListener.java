package org.nirfpga.nir.ref;

/** Told how far a long run has come; called from the simulating thread about every 1 %. */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores progress. */
  ProgressListener NONE = (done, total) -> { };

  void progress(long stepsDone, long stepsTotal);
}
