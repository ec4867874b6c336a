package org.nirfpga.hdl.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.sint;
import static org.nirfpga.hdl.Hdl.uint;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nirfpga.hdl.Diagnostic;
import org.nirfpga.hdl.ElaborationException;
import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.ReadDuringWrite;
import org.nirfpga.hdl.Signal;

/** Every check phase catches a planted fault and names the Java line that planted it. */
class ChecksTest {
  /** The line of the statement that calls this method. */
  private static int line() {
    return StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).get().getLineNumber();
  }

  private static ElaborationException fails(Module m, String phase) {
    ElaborationException e = assertThrows(ElaborationException.class, m::build);
    assertEquals(phase, e.phase(), e.getMessage());
    assertTrue(e.getMessage().startsWith("module '" + m.name() + "' failed check phase '"
        + phase + "'"), e.getMessage());
    return e;
  }

  /** Asserts one diagnostic at {@code line} of this file contains {@code text}. */
  private static void reported(ElaborationException e, int line, String text) {
    for (Diagnostic d : e.diagnostics()) {
      if (d.at().file().equals("ChecksTest.java") && d.at().line() == line
          && d.message().contains(text)) {
        assertTrue(e.getMessage().contains("ChecksTest.java:" + line + ": "), e.getMessage());
        return;
      }
    }
    throw new AssertionError("no diagnostic at line " + line + " containing '" + text + "' in:\n"
        + e.getMessage());
  }

  // ---- widths ----

  @Test
  void narrowingAssignmentNamesSaturateAndTruncate() {
    Module m = new Module("narrow");
    Signal a = m.input("a_i", uint(16));
    Signal b = m.input("b_i", uint(16));
    Signal y = m.output("y_o", uint(16));
    int at = line(); y.set(a.add(b));
    ElaborationException e = fails(m, "widths");
    reported(e, at, "assignment to 'y_o' uint(16) from a uint(17) value would drop 1 bits; "
        + "use .saturate(16) or .truncate(16)");
  }

  @Test
  void allWidthErrorsOfThePhaseAreReportedTogether() {
    Module m = new Module("many");
    Signal a = m.input("a_i", sint(8));
    Signal y = m.output("y_o", uint(8));
    Signal z = m.output("z_o", sint(8));
    Signal u = m.input("u_i", uint(8));
    int first = line(); y.set(a);
    int second = line(); z.set(u);
    int third = line(); m.when(u, () -> z.set(0));
    ElaborationException e = fails(m, "widths");
    assertEquals(3, e.diagnostics().size(), e.getMessage());
    reported(e, first, "would lose the sign; use .asUnsigned()");
    reported(e, second, "needs sint(9) to keep the value; use .asSigned()");
    reported(e, third, "when condition has shape uint(8) but must be bool()");
  }

  @Test
  void valuePreservingWideningIsAllowed() {
    Module m = new Module("widen");
    Signal u = m.input("u_i", uint(8));
    Signal s = m.input("s_i", sint(8));
    m.output("a_o", uint(12)).set(u);
    m.output("b_o", sint(12)).set(s);
    m.output("c_o", sint(9)).set(u);
    m.build();
    assertTrue(m.isBuilt());
  }

  // ---- cases ----

  @Test
  void aSwitchValueInTwoItemsIsReported() {
    Module m = new Module("twice");
    Signal sel = m.input("sel_i", uint(2));
    Signal y = m.output("y_o", uint(2));
    y.set(0);
    int at = line(); m.switch_(sel).is(1, () -> y.set(1)).is(new long[] {2, 1}, () -> y.set(2));
    reported(fails(m, "cases"), at, "switch value 1 appears in more than one is(...)");
  }

  // ---- drivers ----

  @Test
  void assignmentToAnInputIsReported() {
    Module m = new Module("drive_input");
    Signal a = m.input("a_i", uint(4));
    m.output("y_o", uint(4)).set(a);
    int at = line(); a.set(3);
    reported(fails(m, "drivers"), at, "assignment to input 'a_i'");
  }

  @Test
  void twoUnconditionalAssignmentsAreTwoDrivers() {
    Module m = new Module("two_drivers");
    Signal a = m.input("a_i", uint(4));
    Signal y = m.output("y_o", uint(4));
    int first = line(); y.set(a);
    int second = line(); y.set(a.not());
    reported(fails(m, "drivers"), second, "more than one driver: 'y_o' is assigned "
        + "unconditionally at ChecksTest.java:" + first);
  }

  @Test
  void aDefaultFollowedByAConditionalOverrideIsOneDriver() {
    Module m = new Module("default_then_when");
    Signal a = m.input("a_i", bool());
    Signal y = m.output("y_o", uint(4));
    y.set(1);
    m.when(a, () -> y.set(2));
    m.build();
    assertTrue(m.isBuilt());
  }

  @Test
  void assigningAMemoryReadPortIsASecondDriver() {
    Module m = new Module("mem_driver");
    Signal addr = m.input("addr_i", uint(3));
    Memory mem = m.memory("mem", uint(8), 8, ReadDuringWrite.READ_FIRST);
    Signal q = mem.readAsync("q", addr);
    m.output("y_o", uint(8)).set(q);
    int at = line(); q.set(0);
    reported(fails(m, "drivers"), at, "more than one driver: 'q' is driven by a read port of "
        + "memory 'mem'");
  }

  @Test
  void undrivenOutputsWiresAndInstanceInputsAreReported() {
    Module child = new Module("child");
    Signal ci = child.input("x_i", uint(2));
    child.output("x_o", uint(2)).set(ci);
    Module m = new Module("undriven");
    int out = line(); Signal y = m.output("y_o", uint(2));
    int wire = line(); Signal w = m.wire("w", uint(2));
    int inst = line(); Instance u = m.instance("c", child);
    y.set(w.and(u.port("x_o")));
    ElaborationException e = fails(m, "drivers");
    assertEquals(2, e.diagnostics().size(), e.getMessage());
    reported(e, wire, "wire 'w' is never driven");
    reported(e, inst, "input 'x_i' of instance 'c' is never connected; use connect(\"x_i\"");
    assertTrue(out > 0);
  }

  @Test
  void anUndrivenOutputIsReportedAtItsDeclaration() {
    Module m = new Module("no_out");
    int at = line(); m.output("y_o", uint(2));
    reported(fails(m, "drivers"), at, "output 'y_o' is never driven");
  }

  // ---- ownership ----

  @Test
  void signalsOfAnotherModuleCannotBeReadOrAssigned() {
    Module other = new Module("other");
    Signal foreign = other.input("f_i", uint(4));
    Signal foreignOut = other.output("g_o", uint(4));
    Module m = new Module("thief");
    Signal en = m.input("en_i", bool());
    Signal y = m.output("y_o", uint(4));
    int read = line(); y.set(foreign);
    int write = line(); m.when(en, () -> foreignOut.set(1));
    ElaborationException e = fails(m, "ownership");
    reported(e, read, "use of signal 'f_i' of module 'other' inside module 'thief'");
    reported(e, write, "assignment to 'g_o' of module 'other' inside module 'thief'");
  }

  // ---- memories ----

  @Test
  void memoryPortMisuseIsReportedPortByPort() {
    Module m = new Module("bad_mem");
    Signal addr = m.input("addr_i", uint(4));
    Signal wide = m.input("wide_i", uint(9));
    Signal en = m.input("en_i", uint(2));
    Signal go = m.input("go_i", bool());
    Memory mem = m.memory("mem", uint(8), 32, ReadDuringWrite.READ_FIRST);
    int read = line(); Signal q = mem.readSync("q", addr, go);
    int write = line(); mem.write(addr.resize(5), wide, en);
    int[] inside = new int[1];
    m.when(go, () -> {
      inside[0] = line(); mem.write(addr.resize(5), wide.truncate(8), go);
    });
    int init = line(); mem.init(new long[] {1, 2, 256});
    m.output("q_o", uint(8)).set(q);
    ElaborationException e = fails(m, "memories");
    reported(e, read, "read port 'q' of memory 'mem' has address uint(4) but depth 32 needs "
        + "uint(5); use .resize(5)");
    reported(e, write, "write data of memory 'mem' uint(8) from a uint(9) value would drop 1 "
        + "bits; use .saturate(8) or .truncate(8)");
    reported(e, write, "has enable uint(2) but it must be bool()");
    reported(e, inside[0], "is created inside a when/switch body");
    reported(e, init, "initial word 2 of memory 'mem' is 256, outside uint(8)");
  }

  @Test
  void aMemoryWithoutReadPortsOrWithTooLongInitIsReported() {
    Module m = new Module("unread");
    Signal addr = m.input("addr_i", uint(2));
    int created = line(); Memory mem = m.memory("mem", uint(8), 4, ReadDuringWrite.READ_FIRST);
    mem.write(addr, addr.resize(8), m.input("we_i", bool()));
    int init = line(); mem.init(new long[] {1, 2, 3, 4, 5});
    ElaborationException e = fails(m, "memories");
    reported(e, created, "memory 'mem' is never read");
    reported(e, init, "have 5 words but the depth is 4");
  }

  @Test
  void noChangeNeedsOneSharedAddress() {
    Module m = new Module("spram_bad");
    Signal a = m.input("a_i", uint(4));
    Signal b = m.input("b_i", uint(4));
    Signal we = m.input("we_i", bool());
    int at = line(); Memory mem = m.memory("mem", uint(16), 16, ReadDuringWrite.NO_CHANGE);
    m.output("q_o", uint(16)).set(mem.readSync("q", a));
    mem.write(b, a.resize(16), we);
    reported(fails(m, "memories"), at, "uses NO_CHANGE, which needs one synchronous read port");
  }

  // ---- loops ----

  @Test
  void aCombinationalLoopIsReportedWithItsPath() {
    Module m = new Module("loop");
    Signal in = m.input("a_i", uint(4));
    Signal x = m.wire("x", uint(4));
    Signal y = m.wire("y", uint(4));
    int atX = line(); x.set(y.xor(in));
    int atY = line(); y.set(x);
    m.output("y_o", uint(4)).set(y);
    ElaborationException e = fails(m, "loops");
    assertEquals(1, e.diagnostics().size(), e.getMessage());
    reported(e, atX, "combinational loop x <- y <- x (x at ChecksTest.java:" + atX
        + ", y at ChecksTest.java:" + atY + "); break it with a register");
  }

  @Test
  void aLoopThroughAChildModuleIsFound() {
    Module pass = new Module("pass");
    Signal pi = pass.input("p_i", uint(4));
    pass.output("p_o", uint(4)).set(pi.not());
    Module m = new Module("outer");
    int inst = line(); Instance u = m.instance("p", pass);
    int at = line(); u.connect("p_i", u.port("p_o"));
    m.output("y_o", uint(4)).set(u.port("p_o"));
    reported(fails(m, "loops"), at, "combinational loop p_p_i <- p_p_o <- p_p_i (p_p_i at "
        + "ChecksTest.java:" + at + ", p_p_o at ChecksTest.java:" + inst + ")");
  }

  @Test
  void aRegisterBreaksTheLoopAndAConditionCanClose() {
    Module ok = new Module("counter_ok");
    Signal r = ok.reg("r", uint(4), 0);
    r.set(r.add(1).truncate(4));
    ok.output("r_o", uint(4)).set(r);
    ok.build();

    Module bad = new Module("cond_loop");
    Signal w = bad.wire("w", bool());
    int at = line(); bad.when(w, () -> w.set(0));
    bad.output("w_o", bool()).set(w);
    reported(fails(bad, "loops"), at, "combinational loop w <- w");
  }

  // ---- frozen ----

  @Test
  void aBuiltModuleIsFrozen() {
    Module m = new Module("frozen");
    Signal a = m.input("a_i", bool());
    Signal y = m.output("y_o", bool());
    y.set(a);
    m.build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.set(a.not()));
    assertTrue(e.getMessage().contains("module 'frozen' is built and frozen"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> m.wire("w", bool()));
    assertThrows(IllegalStateException.class, () -> m.when(a, () -> { }));
    assertThrows(IllegalStateException.class, () -> a.observable());
  }

  @Test
  void phasesRunInTheDocumentedOrder() {
    assertEquals(List.of("ownership", "widths", "cases", "drivers", "memories", "loops"),
        Elaborate.PHASES.stream().map(CheckPhase::name).toList());
  }
}
