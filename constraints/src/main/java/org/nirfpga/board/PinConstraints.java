package org.nirfpga.board;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a pin constraint file (.pcf, .lpf or .xdc) says: the site of each port and the clock
 * frequency in MHz of each constrained clock port. Only the statements the board files use are
 * read; any other non-comment line is listed in {@link #unread()} so a check can refuse it.
 */
public record PinConstraints(String file, Map<String, String> sites, Map<String, Double> clockMhz,
    List<String> unread) {
  private static final Pattern PCF_IO =
      Pattern.compile("set_io\\s+(?:-\\S+\\s+)*(\\S+)\\s+(\\S+)");
  private static final Pattern PCF_FREQ = Pattern.compile("set_frequency\\s+(\\S+)\\s+(\\S+)");
  private static final Pattern LPF_SITE =
      Pattern.compile("LOCATE\\s+COMP\\s+\"([^\"]+)\"\\s+SITE\\s+\"([^\"]+)\"\\s*;");
  private static final Pattern LPF_FREQ =
      Pattern.compile("FREQUENCY\\s+PORT\\s+\"([^\"]+)\"\\s+(\\S+)\\s+MHZ\\s*;");
  private static final Pattern LPF_IOBUF = Pattern.compile("IOBUF\\s+PORT\\s+\"[^\"]+\".*;");
  private static final Pattern XDC_PIN = Pattern.compile(
      "set_property\\s+-dict\\s+\\{\\s*PACKAGE_PIN\\s+(\\S+)(?:\\s+IOSTANDARD\\s+\\S+)?\\s*\\}"
      + "\\s+\\[get_ports\\s+\\{\\s*(\\S+)\\s*\\}\\]");
  private static final Pattern XDC_CLOCK = Pattern.compile(
      "create_clock\\s+.*-period\\s+(\\S+)\\s+.*\\[get_ports\\s+\\{\\s*(\\S+)\\s*\\}\\]");

  public PinConstraints {
    sites = Collections.unmodifiableMap(new LinkedHashMap<>(sites));
    clockMhz = Collections.unmodifiableMap(new LinkedHashMap<>(clockMhz));
    unread = List.copyOf(unread);
  }

  /** Reads the constraint file of {@code board} from the classpath. */
  public static String text(Board board) {
    try (InputStream in = PinConstraints.class.getResourceAsStream(board.constraintResource())) {
      if (in == null) {
        throw new IllegalStateException("constraint file " + board.constraintResource()
            + " of board " + board.name() + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + board.constraintResource(), e);
    }
  }

  /** Parses {@code text} (named {@code file} in messages) in the format of {@code family}. */
  public static PinConstraints parse(String file, String text, Family family) {
    Map<String, String> sites = new LinkedHashMap<>();
    Map<String, Double> clocks = new LinkedHashMap<>();
    List<String> unread = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + ":" + (i + 1);
      Matcher m;
      if (family == Family.ICE40 && (m = PCF_IO.matcher(line)).matches()) {
        put(sites, m.group(1), m.group(2), where, unread);
      } else if (family == Family.ICE40 && (m = PCF_FREQ.matcher(line)).matches()) {
        clocks.put(m.group(1), Double.parseDouble(m.group(2)));
      } else if (family == Family.ECP5 && (m = LPF_SITE.matcher(line)).matches()) {
        put(sites, m.group(1), m.group(2), where, unread);
      } else if (family == Family.ECP5 && (m = LPF_FREQ.matcher(line)).matches()) {
        clocks.put(m.group(1), Double.parseDouble(m.group(2)));
      } else if (family == Family.ECP5 && LPF_IOBUF.matcher(line).matches()) {
        continue;
      } else if (family == Family.XILINX7 && (m = XDC_PIN.matcher(line)).matches()) {
        put(sites, m.group(2), m.group(1), where, unread);
      } else if (family == Family.XILINX7 && (m = XDC_CLOCK.matcher(line)).matches()) {
        clocks.put(m.group(2), 1000.0 / Double.parseDouble(m.group(1)));
      } else {
        unread.add(where + ": " + line);
      }
    }
    return new PinConstraints(file, sites, clocks, unread);
  }

  private static void put(Map<String, String> sites, String port, String site, String where,
      List<String> unread) {
    if (sites.containsKey(port)) {
      unread.add(where + ": port " + port + " placed a second time");
    } else {
      sites.put(port, site);
    }
  }
}
