package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Verilator install logic against a fake PATH: scripts stand in for id, sudo and apt-get
 * and log how they were called, so nothing is installed for real.
 */
class VerilatorSetupTest {
  @TempDir
  Path bin;

  Path log;
  StringWriter printed;

  @BeforeEach
  void setUp() {
    log = bin.resolve("calls.log");
    printed = new StringWriter();
  }

  private void script(String name, String body) throws Exception {
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** An apt-get that logs its arguments and, on install, puts the tools on the fake PATH. */
  private void aptGetThatInstalls() throws Exception {
    script("apt-get", "echo \"apt-get $*\" >> " + log + "\n"
        + "if [ \"$1\" = install ]; then\n"
        + "  for t in verilator g++; do echo '#!/bin/sh' > " + bin + "/$t;"
        + " /bin/chmod +x " + bin + "/$t; done\n"
        + "  echo 'Setting up verilator'\n"
        + "fi");
  }

  private void id(int uid) throws Exception {
    script("id", "echo " + uid);
  }

  /** A sudo that logs, answers -n true with {@code rcForTrue}, and otherwise runs the command. */
  private void sudo(int rcForTrue) throws Exception {
    script("sudo", "echo \"sudo $*\" >> " + log + "\n"
        + "[ \"$1\" = -n ] && shift\n"
        + "[ \"$1\" = true ] && exit " + rcForTrue + "\n"
        + "exec \"$@\"");
  }

  private VerilatorSetup.Outcome ensure() {
    return new VerilatorSetup(bin.toString(), new PrintWriter(printed, true)).ensure();
  }

  private List<String> calls() throws Exception {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  @Test
  void toolsAlreadyOnThePathInstallNothing() throws Exception {
    script("verilator", "exit 0");
    script("g++", "exit 0");
    aptGetThatInstalls();
    id(0);
    VerilatorSetup.Outcome o = ensure();
    assertTrue(o.ready());
    assertFalse(o.installed());
    assertEquals(List.of(), calls());
    String out = printed.toString();
    assertTrue(out.contains(bin.resolve("verilator").toString()), out);
  }

  @Test
  void rootInstallsWithAptGetDirectly() throws Exception {
    aptGetThatInstalls();
    id(0);
    VerilatorSetup.Outcome o = ensure();
    assertTrue(o.ready(), o.reason());
    assertTrue(o.installed());
    assertEquals(List.of("apt-get install -y verilator g++ make"), calls());
    String out = printed.toString();
    assertTrue(out.contains("missing: verilator, g++; installing the packages verilator g++ make"),
        out);
    assertTrue(out.contains("running: apt-get install -y verilator g++ make"), out);
    assertTrue(out.contains("| Setting up verilator"), out);
  }

  @Test
  void aUserInstallsThroughSudoWithoutAPasswordPrompt() throws Exception {
    aptGetThatInstalls();
    id(1000);
    sudo(0);
    VerilatorSetup.Outcome o = ensure();
    assertTrue(o.ready(), o.reason());
    assertEquals(List.of("sudo -n true", "sudo -n apt-get install -y verilator g++ make",
        "apt-get install -y verilator g++ make"), calls());
    String out = printed.toString();
    assertTrue(out.contains("running: sudo -n apt-get install -y verilator g++ make"), out);
  }

  @Test
  void aSudoThatWantsAPasswordIsNotAskedToInstall() throws Exception {
    aptGetThatInstalls();
    id(1000);
    sudo(1);
    VerilatorSetup.Outcome o = ensure();
    assertFalse(o.ready());
    assertTrue(o.reason().contains("sudo needs a password"), o.reason());
    assertEquals(List.of("sudo -n true"), calls());
    assertFalse(Files.exists(bin.resolve("verilator")));
  }

  @Test
  void aUserWithoutSudoCannotInstall() throws Exception {
    aptGetThatInstalls();
    id(1000);
    VerilatorSetup.Outcome o = ensure();
    assertFalse(o.ready());
    assertTrue(o.reason().contains("no sudo"), o.reason());
    assertEquals(List.of(), calls());
  }

  @Test
  void aSystemWithoutAptGetCannotInstall() throws Exception {
    id(0);
    VerilatorSetup.Outcome o = ensure();
    assertFalse(o.ready());
    assertEquals("there is no apt-get on the PATH", o.reason());
  }

  @Test
  void aFailedInstallUpdatesThePackageListsAndTriesOnceMore() throws Exception {
    id(0);
    // Fails until apt-get update has run, like a fresh container without package lists.
    script("apt-get", "echo \"apt-get $*\" >> " + log + "\n"
        + "if [ \"$1\" = update ]; then echo > " + bin + "/updated; exit 0; fi\n"
        + "[ -f " + bin + "/updated ] || { echo 'E: Unable to locate package'; exit 100; }\n"
        + "for t in verilator g++; do echo '#!/bin/sh' > " + bin + "/$t;"
        + " /bin/chmod +x " + bin + "/$t; done");
    VerilatorSetup.Outcome o = ensure();
    assertTrue(o.ready(), o.reason());
    assertEquals(List.of("apt-get install -y verilator g++ make", "apt-get update",
        "apt-get install -y verilator g++ make"), calls());
    assertTrue(printed.toString().contains("apt-get install exited 100"), printed.toString());
  }

  @Test
  void anInstallThatLeavesVerilatorMissingIsNotTakenAsSuccess() throws Exception {
    id(0);
    script("apt-get", "echo \"apt-get $*\" >> " + log + "\nexit 0");
    VerilatorSetup.Outcome o = ensure();
    assertFalse(o.ready());
    assertTrue(o.reason().endsWith("still not on the PATH: verilator, g++"), o.reason());
  }

  @Test
  void theManualCommandIsTheOneTheInstallRuns() {
    assertEquals("sudo apt-get install -y verilator g++ make", VerilatorSetup.MANUAL_COMMAND);
    assertEquals(Set.of("verilator", "g++"), Set.copyOf(VerilatorSetup.TOOLS));
  }
}
