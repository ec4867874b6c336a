package org.nirfpga.board;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one synthesis run found, as written to {@code report.json}: resource use against the
 * device's totals (keys {@code lut ff carry logic_cell bram spram dsp io pll}), Fmax per clock in
 * MHz from nextpnr's JSON report (empty when place-and-route did not run), whether timing and the
 * design fit, what ran out, and the files written (paths relative to the output directory).
 */
public record SynthReport(String board, String device, String top, String coreTop,
    boolean probe, double coreMhz, Pll pll, String stage, Map<String, Usage> resources,
    Map<String, Double> fmaxMhz, Boolean timingMet, boolean fits, List<String> ranOut,
    String bitstream, Map<String, String> logs, List<String> scripts, List<String> notes) {
  public SynthReport {
    resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
    fmaxMhz = Collections.unmodifiableMap(new LinkedHashMap<>(fmaxMhz));
    ranOut = List.copyOf(ranOut);
    logs = Collections.unmodifiableMap(new LinkedHashMap<>(logs));
    scripts = List.copyOf(scripts);
    notes = List.copyOf(notes);
  }
}
