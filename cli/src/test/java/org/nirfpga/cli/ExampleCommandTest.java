package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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
  void unknownOptionIsAUserError() {
    CliRunner.Outcome o = CliRunner.run("example", "--frobnicate");
    assertEquals(Main.EXIT_USER_ERROR, o.exitCode());
    assertTrue(o.err().startsWith("nirfpga: Unknown option: '--frobnicate'"), o.err());
  }
}
