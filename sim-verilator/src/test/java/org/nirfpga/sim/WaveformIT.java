package org.nirfpga.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.nir.examples.Examples;

/** Waveforms of a co-simulation window: FST (by the .fst extension) and VCD. */
@Tag("verilator")
class WaveformIT {
  /** The FST header block: tag 0 and its section length, see gtkwave's fstapi.c. */
  private static final long FST_HEADER_SECTION = 329;

  @TempDir
  Path tmp;

  @Test
  void anFstBuildWritesAnFstWindowAndAVcdBuildStillWritesAVcd() throws Exception {
    Rtl.requireTools();
    Rtl.Design d = Rtl.generate("lif", Examples.named("lif").orElseThrow().graph(), "norse");
    double[][] x = Rtl.spikes(7, 12, d.inputSize(), 0.5);
    Path fst = tmp.resolve("lif.fst");
    Path vcd = tmp.resolve("lif.vcd");
    Path fstLib;
    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults().withTraceFor(fst),
        System.out::println)) {
      fstLib = tb.model().library().file();
      CosimResult r = tb.run(x, d.golden(x), Testbench.Options.defaults()
          .withTrace(fst, 2, 6), t -> { });
      assertTrue(r.bitExact(), r.summary());
      NirfpgaException e = assertThrows(NirfpgaException.class, () -> tb.model().traceOpen(vcd));
      assertEquals(vcd + ": " + tb.manifest().top() + " was built to write FST; a VCD file needs"
          + " a build with BuildOptions.withTrace() (cosim --trace picks the format by the"
          + " file's extension)", e.getMessage());
    }
    byte[] bytes = Files.readAllBytes(fst);
    assertTrue(bytes.length > 330, "FST of " + bytes.length + " bytes");
    ByteBuffer be = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    assertEquals(0, bytes[0], "header block tag");
    assertEquals(FST_HEADER_SECTION, be.getLong(1), "header section length");
    long start = be.getLong(9);
    long end = be.getLong(17);
    assertTrue(end > start, "time " + start + " to " + end);
    // The endianness test value e, written in the writer's byte order.
    double e = ByteBuffer.wrap(bytes, 25, 8).order(ByteOrder.nativeOrder()).getDouble();
    assertEquals(Math.E, e, 1e-12);
    assertTrue(!new String(bytes, 0, Math.min(bytes.length, 4096), "ISO-8859-1")
        .contains("$enddefinitions"), "not a VCD");

    try (Testbench tb = Testbench.open(d.dir(), BuildOptions.defaults().withTraceFor(vcd),
        System.out::println)) {
      assertNotEquals(fstLib, tb.model().library().file(), "the cache keeps both builds apart");
      CosimResult r = tb.run(x, d.golden(x), Testbench.Options.defaults()
          .withTrace(vcd, 2, 6), t -> { });
      assertTrue(r.bitExact(), r.summary());
    }
    String text = Files.readString(vcd);
    assertTrue(text.contains("$enddefinitions") && text.contains("in_valid_i"), text.length()
        + " characters");
  }
}
