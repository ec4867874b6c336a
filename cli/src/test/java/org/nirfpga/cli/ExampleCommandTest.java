package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.nir.examples.Examples;
import org.nirfpga.nir.hdf5.NirReader;

class ExampleCommandTest {
  @Test
  void listNamesEveryExample() {
    CliRunner.Outcome o = CliRunner.run("example", "--list");
    assertEquals(0, o.exitCode(), o.err());
    for (String name : new String[] {"lif", "mlp", "rsnn", "cnn"}) {
      assertTrue(o.out().lines().anyMatch(l -> l.startsWith(name + " ")), o.out());
    }
  }

  @Test
  void unknownExampleIsAUserErrorListingTheNames() {
    CliRunner.Outcome o = CliRunner.run("example", "nope");
    assertEquals(Main.EXIT_USER_ERROR, o.exitCode());
    assertEquals("nirfpga: no example named 'nope'; examples are: lif, mlp, rsnn, cnn",
        o.err().strip());
  }

  @Test
  void writtenExamplesReadBackEqualAndDeterministic(@TempDir Path dir) throws Exception {
    for (String name : Examples.names()) {
      Path a = dir.resolve(name + "_a.nir");
      Path b = dir.resolve(name + "_b.nir");
      assertEquals(0, CliRunner.run("example", name, "-o", a.toString()).exitCode());
      assertEquals(0, CliRunner.run("example", name, "-o", b.toString()).exitCode());
      assertEquals(Examples.named(name).orElseThrow().graph(), NirReader.read(a).graph(), name);
      assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), name);
      CliRunner.Outcome inspect = CliRunner.run("inspect", a.toString());
      assertEquals(0, inspect.exitCode(), inspect.err());
      assertFalse(inspect.out().contains("warnings ("), name + " has warnings:\n" + inspect.out());
    }
  }

  @Test
  void writingWithoutOutputIsAUserError() {
    CliRunner.Outcome o = CliRunner.run("example", "lif");
    assertEquals(Main.EXIT_USER_ERROR, o.exitCode());
    assertEquals("nirfpga: example lif: say where to write it with -o FILE.nir", o.err().strip());
  }

  @Test
  void writingIntoAMissingFolderLeavesNothingBehind(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("absent").resolve("x.nir");
    CliRunner.Outcome o = CliRunner.run("example", "mlp", "-o", f.toString());
    assertEquals(Main.EXIT_USER_ERROR, o.exitCode());
    assertTrue(o.err().contains("x.nir"), o.err());
    try (var s = Files.list(dir)) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void unknownOptionIsAUserError() {
    CliRunner.Outcome o = CliRunner.run("example", "--frobnicate");
    assertEquals(Main.EXIT_USER_ERROR, o.exitCode());
    assertTrue(o.err().startsWith("nirfpga: Unknown option: '--frobnicate'"), o.err());
  }
}
