package org.nirfpga.board;

import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.uint;

import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.lib.UartRx;
import org.nirfpga.hdl.lib.UartTx;

/**
 * A board smoke-test core with the {@link BoardTop} core interface: every byte received on
 * {@code uart_rx_i} is sent back on {@code uart_tx_o}, and {@code status_o} shows the low bits
 * of the last byte. A byte arriving while an earlier one still waits for the transmitter
 * replaces it: the echo keeps up with a line at full rate and drops only under overrun.
 */
public final class UartEcho extends Module {
  /** An echo for a core clock of {@code clockHz} at {@code baud}. */
  public UartEcho(long clockHz, long baud) {
    super("uart_echo");
    Signal rx = input("uart_rx_i", bool());
    Instance urx = instance("rx", new UartRx("uart_rx", clockHz, baud));
    urx.connect("rx_i", rx);
    Instance utx = instance("tx", new UartTx("uart_tx", clockHz, baud));
    Signal pending = reg("pending", bool(), 0);
    Signal data = reg("data", uint(8), 0);
    when(urx.port("valid_o"), () -> {
      pending.set(1);
      data.set(urx.port("data_o"));
    }).elseWhen(utx.port("in_ready_o"), () -> pending.set(0));
    utx.connect("in_valid_i", pending);
    utx.connect("in_data_i", data);
    output("uart_tx_o", bool()).set(utx.port("tx_o"));
    output("status_o", uint(8)).set(data);
    build();
  }
}
