package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.hdf5.NirReader;

class DemoCommandTest {
  @Test
  void demoRunsEveryStageAndWritesItsFolder(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("demo");
    CliRunner.Outcome o = CliRunner.run("demo", "-o", out.toString());
    assertEquals(0, o.exitCode(), o.err());
    for (int stage = 1; stage <= 6; stage++) {
      assertTrue(o.out().contains("[" + stage + "/6]"), o.out());
    }
    assertEquals(Examples.named("cnn").orElseThrow().graph(),
        NirReader.read(out.resolve("model.nir")).graph());
    for (String f : new String[] {"input.npy", "quant.json", "agreement.txt",
        "reference/output.npy", "reference/report.json"}) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    String agreement = Files.readString(out.resolve("agreement.txt"));
    assertTrue(agreement.contains("output output      spike counts 1.0000"), agreement);
  }

  @Test
  void unknownExampleFailsBeforeWritingAnything(@TempDir Path dir) throws Exception {
    CliRunner.Outcome o = CliRunner.run("demo", "--example", "nope", "-o",
        dir.resolve("demo").toString());
    assertEquals(Main.EXIT_USER_ERROR, o.exitCode());
    assertFalse(Files.exists(dir.resolve("demo")));
    try (var s = Files.list(dir)) {
      assertEquals(0, s.count());
    }
  }
}
