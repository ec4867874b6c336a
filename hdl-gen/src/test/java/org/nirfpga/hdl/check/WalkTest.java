package org.nirfpga.hdl.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nirfpga.hdl.Hdl.cat;
import static org.nirfpga.hdl.Hdl.mux;
import static org.nirfpga.hdl.Hdl.sint;
import static org.nirfpga.hdl.Hdl.uint;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Signal;

/** Expression traversals: the signals read, and a rebuild with signals replaced. */
class WalkTest {
  private static List<String> names(Expr e) {
    List<String> out = new ArrayList<>();
    Walk.signals(e, s -> out.add(s.name()));
    return out;
  }

  @Test
  void substituteReplacesEverySignalAndKeepsOperatorsConstantsAndShape() {
    Module m = new Module("m");
    Signal a = m.input("a", sint(6));
    Signal b = m.input("b", uint(3));
    Signal sel = m.input("sel", uint(1));
    Signal a2 = m.wire("a2", sint(6));
    Expr e = mux(sel, cat(a.add(b).slice(4, 1), b.neg().resize(3).asUnsigned()),
        a.asUnsigned().shl(2).truncate(7)).add(3);
    Expr r = Walk.substitute(e, s -> s == a ? a2 : s);
    assertEquals(List.of("sel", "a", "b", "b", "a"), names(e));
    assertEquals(List.of("sel", "a2", "b", "b", "a2"), names(r));
    assertEquals(e.shape(), r.shape());
    assertEquals(e, Walk.substitute(e, s -> s), "the identity gives an equal expression");
  }

  @Test
  void aReplacementOfAnotherShapeIsRefusedNamingTheSignal() {
    Module m = new Module("m");
    Signal a = m.input("a", sint(6));
    Signal w = m.wire("w", sint(7));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Walk.substitute(a.add(1), s -> w));
    assertEquals("substitute for a " + sint(6) + " has shape " + sint(7), e.getMessage());
  }
}
