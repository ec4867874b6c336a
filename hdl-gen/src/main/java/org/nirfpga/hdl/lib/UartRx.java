package org.nirfpga.hdl.lib;

import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.cat;
import static org.nirfpga.hdl.Hdl.uint;

import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Signal;

/**
 * An 8N1 UART receiver: synchronizes {@code rx_i} through two flip-flops, waits for a falling
 * edge, checks the start bit at its middle and samples the eight data bits (least significant
 * first) and the stop bit at theirs. A good frame pulses {@code valid_o} for one cycle with the
 * byte on {@code data_o}; a low stop bit pulses {@code frame_error_o} instead. A start bit that is
 * high again at its middle is ignored as a glitch. There is no back-pressure: a UART cannot wait.
 */
public final class UartRx extends Module {
  private final UartTiming timing;

  /** A receiver for a clock of {@code clockHz} listening at {@code baud}. */
  public UartRx(String name, long clockHz, long baud) {
    super(name);
    this.timing = UartTiming.of(clockHz, baud);
    int divisor = timing.cyclesPerBit();
    int cw = timing.counterWidth();
    Signal rx = input("rx_i", bool());
    // The line is asynchronous to the clock: two flops bring it into the clock domain.
    Signal meta = regNext("rx_meta", rx, 1);
    Signal sample = regNext("rx_sync", meta, 1);
    Signal busy = reg("busy", bool(), 0);
    Signal count = reg("baud_count", uint(cw), 0);
    // 0: start bit, 1..8: data bits, 9: stop bit.
    Signal bit = reg("bit_index", uint(4), 0);
    Signal shift = reg("shift", uint(8), 0);
    Signal valid = reg("valid", bool(), 0);
    Signal data = reg("data", uint(8), 0);
    Signal frameError = reg("frame_error", bool(), 0);
    valid.set(0);
    frameError.set(0);
    when(busy.not(), () -> {
      when(sample.not(), () -> {
        busy.set(1);
        bit.set(0);
        count.set(divisor / 2 - 1);
      });
    }).elseWhen(count.ne(0), () -> count.set(count.sub(1).truncate(cw)))
        .otherwise(() -> {
          count.set(divisor - 1);
          bit.set(bit.add(1).truncate(4));
          when(bit.eq(0), () -> when(sample, () -> busy.set(0)))
              .elseWhen(bit.eq(9), () -> {
                busy.set(0);
                when(sample, () -> {
                  valid.set(1);
                  data.set(shift);
                }).otherwise(() -> frameError.set(1));
              })
              .otherwise(() -> shift.set(cat(sample, shift.slice(7, 1))));
        });
    output("valid_o", bool()).set(valid);
    output("data_o", uint(8)).set(data);
    output("frame_error_o", bool()).set(frameError);
    build();
  }

  /** The bit timing this receiver uses. */
  public UartTiming timing() {
    return timing;
  }
}
