package org.nirfpga.sim;

import java.nio.file.Path;
import java.util.List;
import org.nirfpga.nir.NirfpgaException;

/**
 * A running Verilated design: in this JVM through JNI ({@link VerilatedModel}) or in a child
 * process over a binary protocol on its stdin/stdout ({@link SubprocessModel}, for crash
 * isolation). The testbench runs over either.
 */
public sealed interface RtlSimulator extends AutoCloseable permits VerilatedModel,
    SubprocessModel {
  /** The library (and its ports) the design was built into. */
  VerilatorBuild.Library library();

  /** The top's ports in declaration order; a port's index is its position here. */
  List<Port> ports();

  /** The port named {@code name}. */
  default Port port(String name) {
    for (Port p : ports()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException(library().top() + " has no port " + name + "; ports are "
        + ports().stream().map(Port::name).toList());
  }

  /** Drives input {@code port} (up to 64 bits) with the low bits of {@code value}. */
  void poke(int port, long value);

  /** Drives input {@code name}. */
  default void poke(String name, long value) {
    poke(port(name).index(), value);
  }

  /** Drives input {@code port} with 32-bit words, least significant first. */
  void pokeWide(int port, int[] words);

  /** The value of {@code port} (up to 64 bits), sign-extended when the port is signed. */
  long peek(int port);

  /** The value of port {@code name}. */
  default long peek(String name) {
    return peek(port(name).index());
  }

  /** The value of {@code port} as 32-bit words, least significant first. */
  int[] peekWide(int port);

  /** Runs {@code cycles} clock cycles. */
  void tick(long cycles);

  /** Clock cycles run since the design was opened. */
  long cycles();

  /**
   * Starts a waveform dump into {@code file}: VCD, or FST for a {@code .fst} file; the library
   * must be built with that tracing ({@link BuildOptions#withTraceFor}).
   */
  void traceOpen(Path file) throws NirfpgaException;

  /** Ends the waveform dump, if any. */
  void traceClose();

  /**
   * One time step in one call: {@code events} into the input stream, output payloads collected
   * until the end-of-step marker; the consumer is ready one cycle in {@code readyPeriod} (0:
   * never).
   *
   * @throws CycleBudgetException when no marker came out within {@code budget} cycles
   */
  StreamResult stream(StreamPorts stream, long[] events, long budget, int readyPeriod)
      throws CycleBudgetException;

  /** Reads {@code count} words through a synchronous debug port (see {@link VerilatedModel}). */
  long[] debugRead(Port layerPort, Port addrPort, Port dataPort, long layer, long first,
      int count, int latency);

  /** Frees the design. */
  @Override
  void close();
}
