package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {
  @Test
  void unknownBoardIsAUserErrorNamingTheKnownBoards(@TempDir Path dir) {
    CliRunner.Outcome o = CliRunner.run("synth", dir.toString(), "--board", "nexys");
    assertEquals(2, o.exitCode(), o.err());
    assertEquals("nirfpga: --board nexys: no such board; known boards are icebreaker, ulx3s, "
        + "arty-a7-35t", o.err().strip());
  }

  @Test
  void folderWithoutManifestOrTopIsAUserErrorNamingTheFix(@TempDir Path dir) {
    CliRunner.Outcome o = CliRunner.run("synth", dir.toString(), "--board", "icebreaker");
    assertEquals(2, o.exitCode(), o.err());
    assertTrue(o.err().contains("no manifest.json to name the top module; pass --top NAME"),
        o.err());
  }

  @Test
  void frequencyBeyondTheBoardsPllIsRefusedBeforeAnyToolRuns(@TempDir Path dir)
      throws Exception {
    java.nio.file.Files.writeString(dir.resolve("t.v"), "module t(input wire a_i); endmodule\n");
    CliRunner.Outcome o = CliRunner.run("synth", dir.toString(), "--board", "ulx3s", "--top",
        "t", "--freq", "500", "--out", dir.resolve("s").toString());
    assertEquals(2, o.exitCode(), o.err());
    assertFalse(java.nio.file.Files.exists(dir.resolve("s")), "nothing written");
    assertTrue(o.err().contains("--freq 500.0: PLL output 500.000 MHz is outside the ECP5 PLL's"
        + " 3.125-400 MHz"), o.err());
    assertFalse(o.err().contains("yosys"), o.err());
  }

  /** A compile of the mlp example for the iCEBreaker at its oscillator. */
  private static Path compiledForIcebreaker(Path dir) {
    Path model = dir.resolve("mlp.nir");
    assertEquals(0, CliRunner.run("example", "mlp", "-o", model.toString()).exitCode());
    Path rtl = dir.resolve("rtl");
    CliRunner.Outcome o = CliRunner.run("compile", model.toString(), "-o", rtl.toString(),
        "--board", "icebreaker");
    assertEquals(0, o.exitCode(), o.err());
    return rtl;
  }

  @Test
  void aFrequencyOtherThanTheCompiledClockIsRefusedNamingBoth(@TempDir Path dir) {
    Path rtl = compiledForIcebreaker(dir);
    CliRunner.Outcome o = CliRunner.run("synth", rtl.toString(), "--board", "icebreaker",
        "--freq", "24", "--out", dir.resolve("s").toString());
    assertEquals(2, o.exitCode(), o.err());
    assertEquals("nirfpga: --freq 24: gives a 24.000 MHz core clock but "
        + rtl.resolve("manifest.json") + " was compiled for 12.000 MHz (board.core_clock_hz),"
        + " where its UART divisor holds; leave --freq out or compile again with --freq 24",
        o.err().strip());
    assertFalse(java.nio.file.Files.exists(dir.resolve("s")));
  }

  @Test
  void anotherBoardThanTheCompiledOneIsRefused(@TempDir Path dir) {
    Path rtl = compiledForIcebreaker(dir);
    CliRunner.Outcome o = CliRunner.run("synth", rtl.toString(), "--board", "ulx3s",
        "--out", dir.resolve("s").toString());
    assertEquals(2, o.exitCode(), o.err());
    assertTrue(o.err().contains("--board ulx3s: " + rtl.resolve("manifest.json")
        + " was compiled with --board icebreaker (link top at 12.000 MHz); compile again with"
        + " --board ulx3s, or pass --top to synthesize another module"), o.err());
  }

  @Test
  void weightsInSpramAreRefusedForABoardWithoutSpramBeforeAnyToolRuns(@TempDir Path dir) {
    Path model = dir.resolve("mlp.nir");
    assertEquals(0, CliRunner.run("example", "mlp", "-o", model.toString()).exitCode());
    Path rtl = dir.resolve("rtl");
    assertEquals(0, CliRunner.run("compile", model.toString(), "-o", rtl.toString(), "--spram",
        "lif1").exitCode());
    CliRunner.Outcome o = CliRunner.run("synth", rtl.toString(), "--board", "arty-a7-35t",
        "--out", dir.resolve("s").toString());
    assertEquals(2, o.exitCode(), o.err());
    assertEquals("nirfpga: " + rtl + ": its weights live in SPRAM (compile --spram), which"
        + " arty-a7-35t (XILINX7) does not have; compile again without --spram", o.err().strip());
    assertFalse(java.nio.file.Files.exists(dir.resolve("s")), "nothing written");
  }
}
