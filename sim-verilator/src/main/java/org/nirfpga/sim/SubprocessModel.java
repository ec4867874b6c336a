package org.nirfpga.sim;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.nirfpga.nir.NirfpgaException;

/**
 * A Verilated design in a child process, driven over {@code nirfpga_main.cpp}'s binary protocol
 * on its stdin/stdout: slower per call than {@link VerilatedModel}, but a crash of the model
 * ends the child, not the JVM. Not thread-safe.
 */
public final class SubprocessModel implements RtlSimulator {
  private final VerilatorBuild.Library library;
  private final Process process;
  private final OutputStream toChild;
  private final InputStream fromChild;
  private final Path stderr;
  private final ByteBuffer buf = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
  private boolean closed;

  /**
   * The glibc tunable that backs malloc'd memory with transparent huge pages. A Verilated model
   * in 4 KiB pages runs at one of two speeds, up to about 1.8x apart, depending on where its
   * memory lands; in huge pages it runs at the fast one every time.
   */
  static final String HUGE_PAGES_ENV = "GLIBC_TUNABLES";
  static final String HUGE_PAGES = "glibc.malloc.hugetlb=1";

  /** {@code tunables} (a GLIBC_TUNABLES value, or null) with the huge-page tunable added. */
  static String withHugePages(String tunables) {
    if (tunables == null || tunables.isEmpty()) {
      return HUGE_PAGES;
    }
    return Arrays.asList(tunables.split(":")).contains(HUGE_PAGES) ? tunables
        : tunables + ":" + HUGE_PAGES;
  }

  private SubprocessModel(VerilatorBuild.Library library, Process process, Path stderr) {
    this.library = library;
    this.process = process;
    this.toChild = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
    this.fromChild = new BufferedInputStream(process.getInputStream(), 1 << 16);
    this.stderr = stderr;
  }

  /**
   * Starts a simulator host process (built on first use) that loads {@code library}, the same
   * shared library {@link VerilatedModel} loads in process.
   */
  public static SubprocessModel open(VerilatorBuild.Library library, Consumer<String> progress)
      throws NirfpgaException {
    Path exe = VerilatorBuild.simulatorHost(progress);
    try {
      Path err = Files.createTempFile("nirfpga-sim", ".err");
      ProcessBuilder pb = new ProcessBuilder(exe.toString(),
          library.file().toAbsolutePath().toString()).redirectError(err.toFile());
      pb.environment().put(HUGE_PAGES_ENV, withHugePages(pb.environment().get(HUGE_PAGES_ENV)));
      Process p = pb.start();
      return new SubprocessModel(library, p, err);
    } catch (IOException e) {
      throw new NirfpgaException(exe + ": cannot start the simulator: " + e.getMessage());
    }
  }

  /** Builds (or takes from the cache) module {@code top} of {@code rtlDir} and starts it. */
  public static SubprocessModel open(Path rtlDir, String top, String clock, BuildOptions options,
      Consumer<String> progress) throws NirfpgaException {
    return open(VerilatorBuild.build(rtlDir, top, clock, options, progress), progress);
  }

  @Override
  public VerilatorBuild.Library library() {
    return library;
  }

  @Override
  public List<Port> ports() {
    return library.ports();
  }

  @Override
  public void poke(int port, long value) {
    Port p = input(port);
    if (p.wide()) {
      throw new IllegalArgumentException(p.name() + " is " + p.width() + " bits: use pokeWide");
    }
    request('P').putInt(port).putLong(value & p.mask());
    send();
    reply();
  }

  @Override
  public void pokeWide(int port, int[] words) {
    Port p = input(port);
    if (words.length != p.words()) {
      throw new IllegalArgumentException(p.name() + " takes " + p.words() + " words, not "
          + words.length);
    }
    request('W').putInt(port).putInt(words.length);
    send();
    writeInts(words);
    flush();
    reply();
  }

  @Override
  public long peek(int port) {
    Port p = library.ports().get(port);
    if (p.wide()) {
      throw new IllegalArgumentException(p.name() + " is " + p.width() + " bits: use peekWide");
    }
    request('K').putInt(port);
    send();
    reply();
    return p.value(readLong());
  }

  @Override
  public int[] peekWide(int port) {
    int n = library.ports().get(port).words();
    request('R').putInt(port).putInt(n);
    send();
    reply();
    int[] w = new int[n];
    for (int i = 0; i < n; i++) {
      w[i] = (int) readBytes(4).getInt();
    }
    return w;
  }

  @Override
  public void tick(long cycles) {
    request('T').putLong(cycles);
    send();
    reply();
  }

  @Override
  public long cycles() {
    request('C');
    send();
    reply();
    return readLong() / 2;
  }

  @Override
  public void traceOpen(Path file) throws NirfpgaException {
    VerilatorBuild.checkTraceFile(library, file);
    byte[] path = file.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8);
    request('O').putInt(path.length);
    send();
    write(path);
    flush();
    reply();
    int r = readBytes(4).getInt();
    if (r == -1) {
      throw new NirfpgaException(file + ": " + library.top() + " was built without tracing;"
          + " build it with BuildOptions.withTrace() (cosim --trace does)");
    }
    if (r != 0) {
      throw new NirfpgaException(file + ": cannot open the waveform file for writing");
    }
  }

  @Override
  public void traceClose() {
    request('X');
    send();
    reply();
  }

  @Override
  public StreamResult stream(StreamPorts stream, long[] events, long budget, int readyPeriod)
      throws CycleBudgetException {
    long[] r = streamCall('S', stream, events, budget, readyPeriod, 1);
    if (r[0] == 2) {
      throw new CycleBudgetException(library.top() + ": no end-of-step marker on "
          + stream.outData().name() + " within the budget of " + budget + " cycles ("
          + r[1] + " of " + events.length + " input events taken, " + r[2]
          + " output events seen; " + stream.inReady().name() + "="
          + peek(stream.inReady().index()) + ", " + stream.outValid().name() + "="
          + peek(stream.outValid().index()) + ", " + stream.outReady().name() + "="
          + peek(stream.outReady().index()) + ")", r[3], (int) r[1], (int) r[2]);
    }
    return new StreamResult(Arrays.copyOfRange(r, 4, r.length), r[3]);
  }

  /**
   * Runs the same step {@code repeats} times inside the child with no bridge in between and
   * returns {wall nanoseconds, thread CPU nanoseconds, cycles}: the native baseline of the speed
   * benchmark.
   */
  public long[] nativeLoop(StreamPorts stream, long[] events, long budget, int repeats) {
    long[] r = streamCall('B', stream, events, budget, 1, repeats);
    return new long[] {r[r.length - 3], r[r.length - 2], r[r.length - 1]};
  }

  private long[] streamCall(char op, StreamPorts stream, long[] events, long budget,
      int readyPeriod, int repeats) {
    ByteBuffer b = request(op);
    for (int i : stream.indices()) {
      b.putInt(i);
    }
    b.putLong(events.length);
    send();
    writeLongs(events);
    b = request(null).putLong(budget).putInt(readyPeriod);
    if (op == 'B') {
      b.putInt(repeats);
    }
    send();
    flush();
    reply();
    ByteBuffer head = readBytes(28);
    long result = head.getInt();
    long taken = head.getLong();
    long outs = head.getLong();
    long cycles = head.getLong();
    int extra = op == 'B' ? 3 : 0;
    long[] r = new long[4 + (int) outs + extra];
    r[0] = result;
    r[1] = taken;
    r[2] = outs;
    r[3] = cycles;
    for (int i = 0; i < outs + extra; i++) {
      r[4 + i] = readLong();
    }
    return r;
  }

  @Override
  public long[] debugRead(Port layerPort, Port addrPort, Port dataPort, long layer, long first,
      int count, int latency) {
    request('D').putInt(layerPort.index()).putInt(addrPort.index()).putInt(dataPort.index())
        .putLong(layer).putLong(first).putLong(count).putInt(latency);
    send();
    reply();
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      out[i] = dataPort.value(readLong());
    }
    return out;
  }

  /** Ends the child process. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      toChild.write('Q');
      toChild.close();
      process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (IOException e) {
      // The child is gone already; nothing to stop.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      process.destroyForcibly();
      try {
        Files.deleteIfExists(stderr);
      } catch (IOException e) {
        // A leftover temporary file is harmless.
      }
    }
  }

  private Port input(int port) {
    Port p = library.ports().get(port);
    if (!p.input()) {
      throw new IllegalArgumentException(p.name() + " is an output of " + library.top());
    }
    return p;
  }

  private ByteBuffer request(Character op) {
    if (closed) {
      throw new IllegalStateException(library.top() + ": the simulator is closed");
    }
    buf.clear();
    if (op != null) {
      buf.put((byte) op.charValue());
    }
    return buf;
  }

  private void send() {
    write(Arrays.copyOf(buf.array(), buf.position()));
  }

  private void write(byte[] bytes) {
    try {
      toChild.write(bytes);
    } catch (IOException e) {
      throw died(e.getMessage());
    }
  }

  private void writeLongs(long[] xs) {
    ByteBuffer b = ByteBuffer.allocate(8 * xs.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long x : xs) {
      b.putLong(x);
    }
    write(b.array());
  }

  private void writeInts(int[] xs) {
    ByteBuffer b = ByteBuffer.allocate(4 * xs.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int x : xs) {
      b.putInt(x);
    }
    write(b.array());
  }

  private void flush() {
    try {
      toChild.flush();
    } catch (IOException e) {
      throw died(e.getMessage());
    }
  }

  private void reply() {
    flush();
    int status = readBytes(1).get();
    if (status != 0) {
      throw died("reply status " + status);
    }
  }

  private long readLong() {
    return readBytes(8).getLong();
  }

  private ByteBuffer readBytes(int n) {
    byte[] b = new byte[n];
    try {
      int got = fromChild.readNBytes(b, 0, n);
      if (got != n) {
        throw died("end of its output");
      }
    } catch (IOException e) {
      throw died(e.getMessage());
    }
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }

  private IllegalStateException died(String what) {
    closed = true;
    String err = "";
    try {
      process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
      err = Files.readString(stderr).strip();
    } catch (IOException | InterruptedException e) {
      // Report what is known.
    }
    String code = process.isAlive() ? "still running" : "exit code " + process.exitValue();
    return new IllegalStateException(library.top() + ": the simulator process failed (" + what
        + "; " + code + ")" + (err.isEmpty() ? "" : ": " + err));
  }
}
