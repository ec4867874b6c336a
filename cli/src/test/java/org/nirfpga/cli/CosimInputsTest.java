package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code nirfpga cosim} takes one input per Input node, checked before any build. */
class CosimInputsTest {
  @TempDir
  Path tmp;

  private CliRunner.Outcome cosim(String... inputs) throws Exception {
    Path nir = FanGraph.write(tmp.resolve("fan.nir"));
    FanGraph.spikes(tmp.resolve("a.npy"), 1, 10, 4, 0.5);
    FanGraph.spikes(tmp.resolve("b.npy"), 2, 10, 3, 0.5);
    FanGraph.spikes(tmp.resolve("short.npy"), 2, 8, 3, 0.5);
    String[] args = new String[3 + 2 * inputs.length];
    args[0] = "cosim";
    args[1] = nir.toString();
    for (int i = 0; i < inputs.length; i++) {
      args[2 + 2 * i] = "--input";
      args[3 + 2 * i] = inputs[i].replace("@", tmp + "/");
    }
    args[args.length - 1] = "--out=" + tmp.resolve("o");
    return CliRunner.run(args);
  }

  @Test
  void aPlainInputOnATwoInputGraphExitsTwoNamingTheNodes() throws Exception {
    CliRunner.Outcome r = cosim("@a.npy");
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertEquals("nirfpga: --input " + tmp.resolve("a.npy") + ": fan.nir has 2 Input nodes"
        + " [in1, in2]; give each as --input NODE=X.npy", r.err().strip());
  }

  @Test
  void aMissingInputNodeIsNamedWithTheFix() throws Exception {
    CliRunner.Outcome r = cosim("in1=@a.npy");
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertEquals("nirfpga: fan.nir: Input node 'in2' has no --input; give --input in2=X.npy",
        r.err().strip());
  }

  @Test
  void anUnknownNodeIsNamedWithTheGraphsInputNodes() throws Exception {
    CliRunner.Outcome r = cosim("in1=@a.npy", "in3=@b.npy");
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertEquals("nirfpga: --input in3=" + tmp.resolve("b.npy") + ": 'in3' is not an Input node"
        + " of fan.nir; its Input nodes are [in1, in2]", r.err().strip());
  }

  @Test
  void inputsOfDifferentLengthsAreRefused() throws Exception {
    CliRunner.Outcome r = cosim("in1=@a.npy", "in2=@short.npy");
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertEquals("nirfpga: " + tmp.resolve("short.npy") + ": 8 steps for Input node 'in2', but 10"
        + " for 'in1'; every input needs the same number of steps", r.err().strip());
  }

  @Test
  void widthOptionsOnAnRtlFolderAreRefusedBeforeAnythingIsWritten() throws Exception {
    Path rtl = tmp.resolve("rtl");
    Files.createDirectories(rtl);
    Path out = tmp.resolve("o");
    CliRunner.Outcome r = CliRunner.run("cosim", rtl.toString(), "--input",
        tmp.resolve("a.npy").toString(), "--weight-bits", "6", "--out", out.toString());
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertEquals("nirfpga: --weight-bits: " + rtl + " is an RTL folder, built with the widths of"
        + " its quant.json; pass the .nir file to quantize it again", r.err().strip());
    assertFalse(Files.exists(out), "no output folder");
    for (String[] o : new String[][] {{"--lanes", "2"}, {"--ping-pong", "all"}}) {
      CliRunner.Outcome l = CliRunner.run("cosim", rtl.toString(), "--input",
          tmp.resolve("a.npy").toString(), o[0], o[1], "--out", out.toString());
      assertEquals(2, l.exitCode(), l.out() + l.err());
      assertEquals("nirfpga: " + o[0] + ": " + rtl + " is an RTL folder, built with the lanes"
          + " and banks its manifest names; pass the .nir file to generate it again",
          l.err().strip());
      assertFalse(Files.exists(out), "no output folder");
    }
  }
}
