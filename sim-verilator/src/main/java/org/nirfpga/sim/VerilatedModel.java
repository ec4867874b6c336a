package org.nirfpga.sim;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.nirfpga.nir.NirfpgaException;

/**
 * One Verilated design instance in this JVM, driven through the JNI bridge: ports by index or
 * name, {@link #tick(long)}, and bulk calls that run a whole time step natively. Each handle owns
 * its own model and {@code VerilatedContext}; any number of designs (even with the same top
 * name) can be open side by side. Not thread-safe: one thread drives one handle.
 */
public final class VerilatedModel implements RtlSimulator {
  private final VerilatorBuild.Library library;
  private final List<Port> ports;
  private long handle;

  private VerilatedModel(VerilatorBuild.Library library, long handle) {
    this.library = library;
    this.ports = library.ports();
    this.handle = handle;
  }

  /** A new instance of a built library, in its power-on state (clock low, nothing reset). */
  public static VerilatedModel open(VerilatorBuild.Library library, Consumer<String> progress)
      throws NirfpgaException {
    NativeBridge.load(progress);
    long h = NativeBridge.open(library.file().toString());
    if (NativeBridge.portCount(h) != library.ports().size()) {
      NativeBridge.close(h);
      throw new IllegalStateException(library.file() + " has " + NativeBridge.portCount(h)
          + " ports but " + library.top() + ".v declares " + library.ports().size());
    }
    return new VerilatedModel(library, h);
  }

  /** Builds (or takes from the cache) and opens module {@code top} of {@code rtlDir}. */
  public static VerilatedModel open(Path rtlDir, String top, String clock, BuildOptions options,
      Consumer<String> progress) throws NirfpgaException {
    return open(VerilatorBuild.build(rtlDir, top, clock, options, progress), progress);
  }

  /** The library this instance runs. */
  @Override
  public VerilatorBuild.Library library() {
    return library;
  }

  /** The top's ports in declaration order; a port's index is its position here. */
  @Override
  public List<Port> ports() {
    return ports;
  }

  /** Drives input {@code port} (up to 64 bits) with the low bits of {@code value}. */
  @Override
  public void poke(int port, long value) {
    Port p = input(port);
    if (p.wide()) {
      throw new IllegalArgumentException(p.name() + " is " + p.width() + " bits: use pokeWide");
    }
    NativeBridge.poke(live(), port, value & p.mask());
  }

  /** Drives input {@code port} with 32-bit words, least significant first. */
  @Override
  public void pokeWide(int port, int[] words) {
    Port p = input(port);
    if (words.length != p.words()) {
      throw new IllegalArgumentException(p.name() + " takes " + p.words() + " words, not "
          + words.length);
    }
    NativeBridge.pokeWide(live(), port, words);
  }

  /**
   * The value of {@code port} (up to 64 bits) with the inputs driven so far settled:
   * sign-extended for a signed port, else zero-extended.
   */
  @Override
  public long peek(int port) {
    Port p = ports.get(port);
    if (p.wide()) {
      throw new IllegalArgumentException(p.name() + " is " + p.width() + " bits: use peekWide");
    }
    return p.value(NativeBridge.peek(live(), port));
  }

  /** The value of {@code port} as 32-bit words, least significant first. */
  @Override
  public int[] peekWide(int port) {
    int[] words = new int[ports.get(port).words()];
    NativeBridge.peekWide(live(), port, words);
    return words;
  }

  /** Runs {@code cycles} clock cycles: inputs settle, rising edge, falling edge. */
  @Override
  public void tick(long cycles) {
    NativeBridge.tick(live(), cycles);
  }

  /** Clock cycles run since the instance was opened. */
  @Override
  public long cycles() {
    return NativeBridge.time(live()) / 2;
  }

  /**
   * Starts a waveform dump into {@code file}: VCD, or FST for a {@code .fst} file; the library
   * must be built with that tracing ({@link BuildOptions#withTraceFor}).
   */
  @Override
  public void traceOpen(Path file) throws NirfpgaException {
    VerilatorBuild.checkTraceFile(library, file);
    int r = NativeBridge.traceOpen(live(), file.toAbsolutePath().toString());
    if (r == -1) {
      throw new NirfpgaException(file + ": " + library.top() + " was built without tracing;"
          + " build it with BuildOptions.withTrace() (cosim --trace does)");
    }
    if (r != 0) {
      throw new NirfpgaException(file + ": cannot open the waveform file for writing");
    }
  }

  /** Ends the waveform dump, if any. */
  @Override
  public void traceClose() {
    NativeBridge.traceClose(live());
  }

  /**
   * Streams {@code events} (payload words, the last one normally the end-of-step marker) into
   * the input stream and collects output payloads until an output carries the end-of-step bit,
   * all in native code.
   *
   * @param stream the two streams' ports
   * @param events input payloads in order
   * @param budget cycles this call may take before it gives up
   * @param readyPeriod output ready in one cycle of every {@code readyPeriod} (1: always ready;
   *     0: never, a stuck consumer)
   * @return the output payloads before the marker, and the cycles taken
   * @throws CycleBudgetException when no end-of-step marker came out within {@code budget}
   */
  @Override
  public StreamResult stream(StreamPorts stream, long[] events, long budget, int readyPeriod)
      throws CycleBudgetException {
    if (readyPeriod < 0) {
      throw new IllegalArgumentException("readyPeriod " + readyPeriod);
    }
    long[] out = new long[Math.max(16, events.length * 2)];
    long[] status = new long[3];
    int[] idx = stream.indices();
    for (;;) {
      int r = NativeBridge.stream(live(), idx, events, events.length, out, budget, readyPeriod,
          status);
      if (r == 0) {
        return new StreamResult(java.util.Arrays.copyOf(out, (int) status[1]), status[2]);
      }
      if (r == 2) {
        throw new CycleBudgetException(library.top() + ": no end-of-step marker on "
            + stream.outData().name() + " within the budget of " + budget + " cycles ("
            + status[0] + " of " + events.length + " input events taken, " + status[1]
            + " output events seen; " + stream.inReady().name() + "=" + peek(idx[1]) + ", "
            + stream.outValid().name() + "=" + peek(idx[3]) + ", " + stream.outReady().name()
            + "=" + peek(idx[4]) + ")", status[2], (int) status[0], (int) status[1]);
      }
      out = java.util.Arrays.copyOf(out, out.length * 2);
    }
  }

  /**
   * Reads {@code count} words through a synchronous debug port: selects {@code layer} on
   * {@code layerPort}, then per address drives {@code addrPort}, ticks {@code latency} cycles and
   * reads {@code dataPort} (sign-extended when signed).
   */
  @Override
  public long[] debugRead(Port layerPort, Port addrPort, Port dataPort, long layer, long first,
      int count, int latency) {
    long[] out = new long[count];
    NativeBridge.debugRead(live(), new int[] {layerPort.index(), addrPort.index(),
        dataPort.index()}, layer, first, latency, out);
    for (int i = 0; i < count; i++) {
      out[i] = dataPort.value(out[i]);
    }
    return out;
  }

  /** Frees the native model; the handle is unusable afterwards. */
  @Override
  public void close() {
    if (handle != 0) {
      NativeBridge.close(handle);
      handle = 0;
    }
  }

  private long live() {
    if (handle == 0) {
      throw new IllegalStateException(library.top() + ": the model is closed");
    }
    return handle;
  }

  private Port input(int port) {
    Port p = ports.get(port);
    if (!p.input()) {
      throw new IllegalArgumentException(p.name() + " is an output of " + library.top());
    }
    return p;
  }
}
