package org.nirfpga.gen;

import static org.nirfpga.hdl.Hdl.cat;
import static org.nirfpga.hdl.Hdl.lit;
import static org.nirfpga.hdl.Hdl.mux;
import static org.nirfpga.hdl.Hdl.uint;

import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.ReadDuringWrite;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.Stream;

/**
 * A spike ring buffer for a Delay node: an event of source address j that arrives in step s
 * leaves in step s + delay[j]. It holds one slot of {@code size} words per step of the longest
 * delay plus one; at each end-of-step marker it streams the current slot's events in ascending
 * address (clearing them), then the marker. Both streams carry {@code {eot, address[, value]}};
 * a stored 0 means no event (a zero-valued event adds nothing, so it may be dropped).
 */
final class DelayLine {
  private static final int INIT = 0;
  private static final int IDLE = 1;
  private static final int WRITE = 2;
  private static final int SCAN_RD = 3;
  private static final int SCAN_CHK = 4;
  private static final int SCAN_OUT = 5;
  private static final int EOT = 6;

  private DelayLine() {}

  /**
   * The module.
   *
   * @param name module name
   * @param size source addresses
   * @param valueBits width of the value field (0: spikes)
   * @param delay per source address, steps of delay (>= 0)
   */
  static Module build(String name, int size, int valueBits, int[] delay) {
    int maxDelay = 0;
    boolean uniform = true;
    for (int d : delay) {
      maxDelay = Math.max(maxDelay, d);
      uniform &= d == delay[0];
    }
    int slots = maxDelay + 1;
    int words = slots * size;
    int aw = LayerEngine.addressBits(size);
    int rw = LayerEngine.addressBits(words);
    // One bit more than the ring address so that sums of two in-range offsets do not wrap.
    int sw = rw + 1;
    int wordBits = Math.max(1, valueBits);
    int width = 1 + aw + valueBits;

    Module m = new Module(name);
    Stream in = m.streamIn("in", uint(width));
    Stream out = m.streamOut("out", uint(width));
    Memory ring = m.memory("ring", uint(wordBits), Math.max(2, words),
        ReadDuringWrite.READ_FIRST);
    ring.attribute(Memory.RAM_STYLE, "block");

    Signal state = m.reg("state", uint(3), INIT);
    Signal idx = m.reg("index", uint(sw), 0);
    Signal slotBase = m.reg("slot_base", uint(sw), 0);
    Signal addr = m.reg("address", uint(aw), 0);
    Signal value = m.reg("value", uint(wordBits), 0);

    Expr inEot = in.payload().bit(aw + valueBits);
    Expr inAddr = in.payload().slice(aw + valueBits - 1, valueBits);
    Expr inValue = valueBits == 0 ? lit(1, uint(1)) : in.payload().slice(valueBits - 1, 0);
    Expr offset;
    if (uniform) {
      offset = lit((long) delay[0] * size, uint(sw));
    } else {
      long[] offs = new long[size];
      for (int j = 0; j < size; j++) {
        offs[j] = (long) delay[j] * size;
      }
      Memory rom = m.memory("offset_rom", uint(sw), Math.max(2, size),
          ReadDuringWrite.READ_FIRST).init(offs);
      offset = rom.readSync("offset", inAddr, in.fire());
    }
    // Slot of the event: (slot_base + offset) mod words, a multiple of size; then + address.
    Signal slot = m.wire("slot", slotBase.add(offset).resize(sw + 1));
    Expr wrapped = mux(slot.ge(words), slot.sub(words).truncate(sw + 1), slot).truncate(sw);
    Signal target = m.wire("target", wrapped.add(addr).truncate(sw));

    Signal we = m.wire("ring_we", uint(1));
    Signal waddr = m.wire("ring_waddr", uint(sw));
    Signal wdata = m.wire("ring_wdata", uint(wordBits));
    waddr.set(idx);
    wdata.set(0);
    ring.write(waddr.truncate(rw), wdata, we);
    Signal readAddr = m.wire("scan_addr", slotBase.add(idx).truncate(sw));
    Signal held = ring.readSync("held", readAddr.truncate(rw), state.eq(SCAN_RD));
    Signal outWord = m.reg("out_word", uint(width), 0);

    in.ready().set(state.eq(IDLE));
    out.valid().set(state.eq(SCAN_OUT).or(state.eq(EOT)));
    out.payload().set(mux(state.eq(EOT), lit(1L << (width - 1), uint(width)), outWord));
    Runnable next = () -> m.when(idx.eq(size - 1), () -> state.set(EOT)).otherwise(() -> {
      idx.set(idx.add(1).truncate(sw));
      state.set(SCAN_RD);
    });
    m.switch_(state)
        .is(INIT, () -> {
          we.set(1);
          m.when(idx.eq(Math.max(2, words) - 1), () -> {
            idx.set(0);
            state.set(IDLE);
          }).otherwise(() -> idx.set(idx.add(1).truncate(sw)));
        })
        .is(IDLE, () -> m.when(in.fire(), () -> {
          m.when(inEot, () -> {
            idx.set(0);
            state.set(SCAN_RD);
          }).otherwise(() -> {
            addr.set(inAddr);
            value.set(inValue);
            state.set(WRITE);
          });
        }))
        .is(WRITE, () -> {
          we.set(1);
          waddr.set(target);
          wdata.set(value);
          state.set(IDLE);
        })
        .is(SCAN_RD, () -> state.set(SCAN_CHK))
        .is(SCAN_CHK, () -> {
          we.set(1);
          waddr.set(readAddr);
          outWord.set(valueBits == 0 ? idx.truncate(aw).resize(width)
              : cat(idx.truncate(aw), held).resize(width));
          m.when(held.ne(0), () -> state.set(SCAN_OUT)).otherwise(next);
        })
        .is(SCAN_OUT, () -> m.when(out.fire(), next))
        .is(EOT, () -> m.when(out.fire(), () -> {
          m.when(slotBase.eq(words - size), () -> slotBase.set(0))
              .otherwise(() -> slotBase.set(slotBase.add(size).truncate(sw)));
          idx.set(0);
          state.set(IDLE);
        }))
        .otherwise(() -> state.set(IDLE));
    return m;
  }
}
