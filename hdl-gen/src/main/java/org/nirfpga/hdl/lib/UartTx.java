package org.nirfpga.hdl.lib;

import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.cat;
import static org.nirfpga.hdl.Hdl.high;
import static org.nirfpga.hdl.Hdl.uint;

import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.Stream;

/**
 * An 8N1 UART transmitter: takes bytes from the valid/ready stream {@code in} and shifts each out
 * on {@code tx_o} (idle high) as a start bit, eight data bits least significant first and a stop
 * bit, each {@link UartTiming#cyclesPerBit()} clocks long. {@code in_ready_o} is high while idle;
 * a frame occupies exactly {@code 10 * cyclesPerBit} cycles after the accepting edge.
 */
public final class UartTx extends Module {
  private final UartTiming timing;

  /** A transmitter for a clock of {@code clockHz} sending at {@code baud}. */
  public UartTx(String name, long clockHz, long baud) {
    super(name);
    this.timing = UartTiming.of(clockHz, baud);
    int divisor = timing.cyclesPerBit();
    int cw = timing.counterWidth();
    Stream in = streamIn("in", uint(8));
    Signal busy = reg("busy", bool(), 0);
    Signal line = reg("line", bool(), 1);
    // Data bits then the stop bit; each bit sent shifts a 1 in from the top.
    Signal shift = reg("shift", uint(9), 0x1ff);
    Signal bitsLeft = reg("bits_left", uint(4), 0);
    Signal count = reg("baud_count", uint(cw), 0);
    in.ready().set(busy.not());
    when(in.fire(), () -> {
      busy.set(1);
      line.set(0);
      shift.set(cat(high(), in.payload()));
      bitsLeft.set(9);
      count.set(divisor - 1);
    }).elseWhen(busy, () -> {
      when(count.ne(0), () -> count.set(count.sub(1).truncate(cw)))
          .elseWhen(bitsLeft.ne(0), () -> {
            line.set(shift.bit(0));
            shift.set(cat(high(), shift.slice(8, 1)));
            bitsLeft.set(bitsLeft.sub(1).truncate(4));
            count.set(divisor - 1);
          })
          .otherwise(() -> busy.set(0));
    });
    output("tx_o", bool()).set(line);
    build();
  }

  /** The bit timing this transmitter uses. */
  public UartTiming timing() {
    return timing;
  }
}
