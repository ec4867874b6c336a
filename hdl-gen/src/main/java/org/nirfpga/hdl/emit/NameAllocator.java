package org.nirfpga.hdl.emit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns suggested names into legal, unique Verilog identifiers: characters outside
 * {@code [A-Za-z0-9_]} become {@code _}, a leading digit gets an {@code n_} prefix, Verilog and
 * SystemVerilog keywords get a {@code _} suffix, and collisions get {@code _1}, {@code _2}, ...
 * Names are remembered by tag so every use of one object gets the same name.
 */
public final class NameAllocator {
  /** Keywords of Verilog-2005 (IEEE 1364) and SystemVerilog-2017 (IEEE 1800). */
  public static final Set<String> KEYWORDS = Set.of((
      "accept_on alias always always_comb always_ff always_latch and assert assign assume "
      + "automatic before begin bind bins binsof bit break buf bufif0 bufif1 byte case casex "
      + "casez cell chandle checker class clocking cmos config const constraint context "
      + "continue cover covergroup coverpoint cross deassign default defparam design disable "
      + "dist do edge else end endcase endchecker endclass endclocking endconfig endfunction "
      + "endgenerate endgroup endinterface endmodule endpackage endprimitive endprogram "
      + "endproperty endspecify endsequence endtable endtask enum event eventually expect "
      + "export extends extern final first_match for force foreach forever fork forkjoin "
      + "function generate genvar global highz0 highz1 if iff ifnone ignore_bins "
      + "illegal_bins implements implies import incdir include initial inout input inside "
      + "instance int integer interconnect interface intersect join join_any join_none large "
      + "let liblist library local localparam logic longint macromodule matches medium "
      + "modport module nand negedge nettype new nexttime nmos nor noshowcancelled not "
      + "notif0 notif1 null or output package packed parameter pmos posedge primitive "
      + "priority program property protected pull0 pull1 pulldown pullup "
      + "pulsestyle_ondetect pulsestyle_onevent pure rand randc randcase randsequence rcmos "
      + "real realtime ref reg reject_on release repeat restrict return rnmos rpmos rtran "
      + "rtranif0 rtranif1 s_always s_eventually s_nexttime s_until s_until_with scalared "
      + "sequence shortint shortreal showcancelled signed small soft solve specify specparam "
      + "static string strong strong0 strong1 struct super supply0 supply1 sync_accept_on "
      + "sync_reject_on table tagged task this throughout time timeprecision timeunit tran "
      + "tranif0 tranif1 tri tri0 tri1 triand trior trireg type typedef union unique unique0 "
      + "unsigned until until_with untyped use uwire var vectored virtual void wait "
      + "wait_order wand weak weak0 weak1 while wildcard wire with within wor xnor xor")
      .split(" "));

  private final Set<String> used = new HashSet<>();
  private final Map<Object, String> byTag = new HashMap<>();

  /** The legal form of {@code suggestion}, before collisions are considered. */
  public static String legalize(String suggestion) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < suggestion.length(); i++) {
      char c = suggestion.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_';
      sb.append(ok ? c : '_');
    }
    String s = sb.toString();
    if (s.isEmpty()) {
      s = "n";
    }
    if (Character.isDigit(s.charAt(0))) {
      s = "n_" + s;
    }
    if (KEYWORDS.contains(s)) {
      s = s + "_";
    }
    return s;
  }

  /** Reserves {@code name} exactly (it must be legal and unused), e.g. {@code clk_i}. */
  public String reserve(String name, Object tag) {
    if (!legalize(name).equals(name) || used.contains(name)) {
      throw new IllegalStateException("cannot reserve '" + name + "'");
    }
    used.add(name);
    if (tag != null) {
      byTag.put(tag, name);
    }
    return name;
  }

  /** A new unique legal name close to {@code suggestion}. */
  public String newName(String suggestion) {
    return newName(suggestion, null);
  }

  /** A new unique legal name close to {@code suggestion}, remembered under {@code tag}. */
  public String newName(String suggestion, Object tag) {
    if (tag != null && byTag.containsKey(tag)) {
      throw new IllegalStateException("tag " + tag + " already named " + byTag.get(tag));
    }
    String base = legalize(suggestion);
    String name = base;
    for (int i = 1; used.contains(name); i++) {
      name = base + "_" + i;
    }
    used.add(name);
    if (tag != null) {
      byTag.put(tag, name);
    }
    return name;
  }

  /** The name given to {@code tag}; an IllegalStateException if there is none. */
  public String get(Object tag) {
    String n = byTag.get(tag);
    if (n == null) {
      throw new IllegalStateException("no name for " + tag);
    }
    return n;
  }

  /** Whether {@code tag} has a name. */
  public boolean has(Object tag) {
    return byTag.containsKey(tag);
  }
}
