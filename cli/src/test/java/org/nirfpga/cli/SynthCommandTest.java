package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
  void frequencyOnABoardWithoutAGeneratedPllIsRefused(@TempDir Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("t.v"), "module t(input wire a_i); endmodule\n");
    CliRunner.Outcome o = CliRunner.run("synth", dir.toString(), "--board", "ulx3s", "--top",
        "t", "--freq", "50");
    assertEquals(2, o.exitCode(), o.err());
    assertTrue(o.err().contains("--freq 50.000: the ulx3s top runs at its 25.000 MHz oscillator"),
        o.err());
  }
}
