package org.nirfpga.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar on standard error for long work: silent for the first second, then redrawn in
 * place on a terminal, or printed as a line every 10 % when standard error is not a terminal.
 */
final class Progress {
  private static final int WIDTH = 30;
  private final String label;
  private final PrintWriter err;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private int lastTenth = -1;
  private boolean drawn;

  Progress(String label, PrintWriter err) {
    this.label = label;
    this.err = err;
    this.terminal = System.console() != null;
  }

  void update(long done, long total) {
    if (total <= 0 || System.nanoTime() - start < 1_000_000_000L) {
      return;
    }
    double f = Math.min(1.0, (double) done / total);
    int tenth = (int) (f * 10);
    if (terminal) {
      int filled = (int) Math.round(f * WIDTH);
      err.printf(Locale.ROOT, "\r%s [%s%s] %3.0f%% %d/%d", label, "#".repeat(filled),
          " ".repeat(WIDTH - filled), f * 100, done, total);
      drawn = true;
    } else if (tenth > lastTenth) {
      err.printf(Locale.ROOT, "%s: %3.0f%% (%d/%d)%n", label, f * 100, done, total);
    }
    lastTenth = tenth;
    err.flush();
  }

  void done() {
    if (drawn) {
      err.println();
      err.flush();
    }
  }
}
