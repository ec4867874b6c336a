package org.nirfpga.host.device;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.nirfpga.gen.GeneratedPipeline;
import org.nirfpga.gen.link.LinkTop;
import org.nirfpga.hdl.lib.UartTiming;
import org.nirfpga.nir.NirfpgaException;

/**
 * An RTL folder holding a link top: its Verilog and memory images, the accelerator's
 * {@code manifest.json}, and {@code link.properties} naming the top module and the UART timing
 * a pin-level driver needs.
 *
 * @param dir the folder
 * @param top the link top's module name
 * @param clockHz the clock the UART timing was computed for
 * @param baud the line's baud rate
 * @param cyclesPerBit clock cycles per UART bit
 */
public record LinkRtl(Path dir, String top, long clockHz, long baud, int cyclesPerBit) {
  /** The file naming the top and its timing. */
  public static final String PROPERTIES = "link.properties";

  /**
   * Writes {@code pipeline}'s files (manifest.json included), the Verilog of {@code top} that
   * wraps it and {@link #PROPERTIES} into {@code dir}; {@code source} goes in the file headers.
   */
  public static LinkRtl write(GeneratedPipeline pipeline, LinkTop top, String source, Path dir)
      throws NirfpgaException {
    UartTiming t = top.timing();
    LinkRtl rtl = new LinkRtl(dir, top.top().name(), t.clockHz(), t.baud(), t.cyclesPerBit());
    try {
      pipeline.writeTo(dir);
      top.emit(source).writeTo(dir);
      Files.writeString(dir.resolve(PROPERTIES), properties(top), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new NirfpgaException(dir + ": cannot write the link RTL (" + e.getMessage() + ")", e);
    }
    return rtl;
  }

  /**
   * The text of {@link #PROPERTIES} for {@code top}: written by hand, without Properties' date
   * comment, because the build cache hashes every file.
   */
  public static String properties(LinkTop top) {
    UartTiming t = top.timing();
    return "top=" + top.top().name() + "\nclock_hz=" + t.clockHz() + "\nbaud=" + t.baud()
        + "\ncycles_per_bit=" + t.cyclesPerBit() + "\n";
  }

  /** The link top described by {@code dir/link.properties}. */
  public static LinkRtl read(Path dir) throws NirfpgaException {
    Path file = dir.resolve(PROPERTIES);
    if (!Files.isRegularFile(file)) {
      throw new NirfpgaException(file + ": missing; an RTL folder for sim: or board-sim needs"
          + " the link top and its " + PROPERTIES + " (write one with nirfpga board-sim"
          + " MODEL.nir --out DIR)");
    }
    Properties p = new Properties();
    try {
      p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new NirfpgaException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    String top = p.getProperty("top", "").trim();
    if (!top.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
      throw new NirfpgaException(file + ": field 'top' must name the link top module, not '"
          + top + "'");
    }
    if (!Files.isRegularFile(dir.resolve(top + ".v"))) {
      throw new NirfpgaException(file + ": field 'top' names " + top + " but " + top
          + ".v is not in " + dir);
    }
    long clock = positive(p, "clock_hz", file);
    long baud = positive(p, "baud", file);
    long cpb = positive(p, "cycles_per_bit", file);
    if (cpb < 2 || cpb > Integer.MAX_VALUE) {
      throw new NirfpgaException(file + ": field 'cycles_per_bit' is " + cpb
          + "; a UART needs at least 2 cycles per bit");
    }
    return new LinkRtl(dir, top, clock, baud, (int) cpb);
  }

  /** The accelerator's manifest in this folder. */
  public Path manifest() {
    return dir.resolve("manifest.json");
  }

  private static long positive(Properties p, String key, Path file) throws NirfpgaException {
    String v = p.getProperty(key, "").trim();
    try {
      long n = Long.parseLong(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new NirfpgaException(file + ": field '" + key + "' must be a positive integer, not '"
        + v + "'");
  }
}
