package org.nirfpga.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.emit.EmittedDesign;
import org.nirfpga.hdl.emit.VerilogEmitter;
import org.nirfpga.nir.NirfpgaException;

class ConstraintCheckTest {
  static List<String> emittedTopPorts(Board board) throws NirfpgaException {
    ClockPlan plan = ClockPlan.of(board, 0);
    Module top = BoardTop.build(board, plan, new UartEcho(plan.coreHz(), 115200));
    EmittedDesign d = new VerilogEmitter("0.1.0", "test").emit(top);
    return new ArrayList<>(d.topPorts().values());
  }

  private static List<String> check(Board board, String text) throws NirfpgaException {
    PinConstraints pins = PinConstraints.parse(board.constraintResource(), text,
        board.family());
    return ConstraintCheck.check(board, pins, emittedTopPorts(board));
  }

  @Test
  void everyBoardsConstraintFileAgreesWithItsDefinitionAndItsTop() throws Exception {
    for (Board b : Boards.all()) {
      assertEquals(List.of(), check(b, PinConstraints.text(b)), b.name());
      assertEquals(BoardTop.portNames(b), emittedTopPorts(b), b.name());
    }
  }

  @Test
  void everyBoardFileConstrainsTheClockToTheOscillatorFrequency() throws Exception {
    for (Board b : Boards.all()) {
      PinConstraints pins = PinConstraints.parse(b.constraintResource(),
          PinConstraints.text(b), b.family());
      assertEquals(b.clockMhz(), pins.clockMhz().get(BoardTop.CLOCK_PORT), 1e-9, b.name());
    }
  }

  @Test
  void plantedWrongLedSiteIsNamed() throws Exception {
    String bad = PinConstraints.text(Boards.ICEBREAKER).replace("led1_o 37", "led1_o 38");
    List<String> errors = check(Boards.ICEBREAKER, bad);
    assertEquals(List.of("icebreaker.pcf: port led1_o on site 38 but board icebreaker has it "
        + "on 37"), errors);
  }

  @Test
  void plantedWrongClockPeriodIsNamed() throws Exception {
    String bad = PinConstraints.text(Boards.ARTY_A7_35T).replace("-period 10.000",
        "-period 8.000");
    List<String> errors = check(Boards.ARTY_A7_35T, bad);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("constrained to 125.0 MHz but board arty-a7-35t has a "
        + "100.0 MHz oscillator"), errors.get(0));
  }

  @Test
  void plantedMisspelledPortIsNamedBothWays() throws Exception {
    String bad = PinConstraints.text(Boards.ULX3S).replace("LOCATE COMP \"uart_tx_o\"",
        "LOCATE COMP \"uart_txd_o\"");
    List<String> errors = check(Boards.ULX3S, bad);
    assertEquals(2, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("port uart_txd_o is not a port of the board top"),
        errors.get(0));
    assertTrue(errors.get(1).contains("board top port uart_tx_o is not placed; add it on site "
        + "L4"), errors.get(1));
  }

  @Test
  void plantedSiteUsedTwiceAndUnknownStatementAreNamed() throws Exception {
    String bad = PinConstraints.text(Boards.ICEBREAKER).replace("uart_tx_o 9", "uart_tx_o 6")
        + "set_location foo 1 2\n";
    List<String> errors = check(Boards.ICEBREAKER, bad);
    assertTrue(errors.stream().anyMatch(e -> e.contains("site 6 holds both uart_rx_i and "
        + "uart_tx_o")), errors.toString());
    assertTrue(errors.stream().anyMatch(e -> e.contains("set_location foo 1 2 (not a "
        + "statement")), errors.toString());
  }

  @Test
  void unknownBoardNamesTheKnownOnes() {
    NirfpgaException e = org.junit.jupiter.api.Assertions.assertThrows(NirfpgaException.class,
        () -> Boards.byName("nexys"));
    assertEquals("--board nexys: no such board; known boards are icebreaker, ulx3s, "
        + "arty-a7-35t", e.getMessage());
  }
}
