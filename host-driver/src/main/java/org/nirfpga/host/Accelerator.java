package org.nirfpga.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.nirfpga.gen.WeightImage;
import org.nirfpga.gen.link.LinkSpec;
import org.nirfpga.host.protocol.Frame;
import org.nirfpga.host.protocol.Packet;
import org.nirfpga.host.protocol.Packets;
import org.nirfpga.host.protocol.ProtocolException;
import org.nirfpga.host.protocol.StreamDecoder;
import org.nirfpga.host.device.LinkRtl;
import org.nirfpga.host.device.VerilatorDevice;
import org.nirfpga.host.transport.LineFaults;
import org.nirfpga.host.transport.SerialAddress;
import org.nirfpga.host.transport.SerialTransport;
import org.nirfpga.host.transport.SimulatedTransport;
import org.nirfpga.host.transport.TcpTransport;
import org.nirfpga.host.transport.Transport;
import org.nirfpga.nir.NirfpgaException;
import org.nirfpga.sim.Manifest;

/**
 * A connection to an accelerator behind the wire protocol (docs/protocol.md): streams input
 * spikes step by step, collects each step's output, reads state and status, and recovers from
 * line errors by resending (credits, go-back-N, RESEND_OUTPUT). The same code drives a real board
 * on a serial port, a virtual board over TCP or a pseudo-terminal, and the simulated device in
 * this process.
 */
public final class Accelerator implements AutoCloseable {
  /**
   * How the driver waits and checks.
   *
   * @param timeout how long an answer may take before the frames in flight are sent again
   * @param quietGap how long the line must be silent before frames are resent after an error
   * @param maxRetries how often one frame may be sent again before the run fails
   * @param manifestJson the accelerator's manifest.json text, whose identity the device must
   *     report; null skips the check
   * @param manifestName where the manifest came from, for messages
   * @param weights the weight image a device with weights in SPRAM needs after power-on (from
   *     the manifest's folder), or null
   */
  public record Options(Duration timeout, Duration quietGap, int maxRetries, String manifestJson,
      String manifestName, Manifest.WeightImage weights) {
    /** 200 ms timeout, 20 ms quiet gap, 8 retries, no identity check. */
    public static Options defaults() {
      return new Options(Duration.ofMillis(200), Duration.ofMillis(20), 8, null, null, null);
    }

    /**
     * These options checking the device against the manifest at {@code path}, with the weight
     * image beside it when the manifest names one.
     */
    public Options withManifest(Path path) throws NirfpgaException {
      String json;
      try {
        json = Files.readString(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new NirfpgaException(path + ": cannot read the manifest: " + e.getMessage(), e);
      }
      return new Options(timeout, quietGap, maxRetries, json, path.toString(),
          Manifest.weightImage(json, path).orElse(null));
    }

    /** These options checking the device against manifest text {@code json}. */
    public Options withManifest(String json, String name) {
      return new Options(timeout, quietGap, maxRetries, json, name, weights);
    }

    /** These options writing {@code image} to a device that keeps its weights in SPRAM. */
    public Options withWeights(Manifest.WeightImage image) {
      return new Options(timeout, quietGap, maxRetries, manifestJson, manifestName, image);
    }

    /** These options with another timeout and retry count. */
    public Options withTimeout(Duration t, int retries) {
      return new Options(t, quietGap, retries, manifestJson, manifestName, weights);
    }
  }

  /** A frame sent and not yet answered. */
  private static final class Pending {
    final int seq;
    final Packet packet;
    final byte[] bytes;
    int sends = 1;

    Pending(int seq, Packet packet, byte[] bytes) {
      this.seq = seq;
      this.packet = packet;
      this.bytes = bytes;
    }
  }

  private final Transport link;
  private final Options options;
  private final StreamDecoder decoder = new StreamDecoder(Frame.MAX_PAYLOAD);
  private final Deque<Pending> window = new ArrayDeque<>();
  private final Map<Integer, Packet> answers = new HashMap<>();
  private final Map<Integer, Packet.Error> refusals = new HashMap<>();
  private final Map<Long, Packet.StepOutput> outputs = new HashMap<>();
  private int nextSeq;
  private int credits = 1;
  private boolean handshake;
  private boolean resendWanted;
  private Packet.Pong pong;
  // Running totals; a run reports the difference.
  private long bytesSent;
  private long bytesReceived;
  private long payloadBytes;
  private long retries;
  private long corruptBytes;

  private Accelerator(Transport link, Options options) {
    this.link = link;
    this.options = options;
  }

  /**
   * Opens {@code uri}: {@code tcp://host:port} (a virtual board or a network bridge to a board)
   * or {@code sim:RTL_DIR} (the link top of {@code RTL_DIR}, see {@link LinkRtl}, in Verilator
   * in this process; timeouts count simulated time, and without a manifest in the options the
   * folder's manifest.json is checked; without a weight image, the folder's is written to a
   * build with weights in SPRAM) or {@code serial:PATH?baud=N} (a board on a serial port
   * or a board-sim pseudo-terminal, see {@link SerialAddress}; writes time out after ten answer
   * timeouts).
   */
  public static Accelerator open(String uri, Options options) throws NirfpgaException {
    if (uri.startsWith("tcp://")) {
      String rest = uri.substring("tcp://".length());
      int colon = rest.lastIndexOf(':');
      int port;
      try {
        port = Integer.parseInt(rest.substring(colon + 1));
      } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
        port = -1;
      }
      if (colon <= 0 || port < 1 || port > 65535) {
        throw new NirfpgaException(uri + ": a tcp URI needs a host and a port 1..65535, e.g."
            + " tcp://localhost:7000");
      }
      try {
        return open(new TcpTransport(rest.substring(0, colon), port, options.timeout()
            .multipliedBy(10)), options);
      } catch (IOException e) {
        throw new NirfpgaException(uri + ": cannot connect: " + e.getMessage()
            + "; is the board (or nirfpga board-sim) running?", e);
      }
    }
    if (uri.startsWith("sim:")) {
      Path dir = Path.of(uri.substring("sim:".length()));
      if (uri.length() == "sim:".length() || !Files.isDirectory(dir)) {
        throw new NirfpgaException(uri + ": sim: needs an RTL folder holding a link top, e.g."
            + " sim:board-sim-out (write one with nirfpga board-sim MODEL.nir --out DIR)");
      }
      VerilatorDevice device = VerilatorDevice.open(dir, line -> { });
      Options o = options;
      if (o.manifestJson() == null && Files.isRegularFile(device.rtl().manifest())) {
        o = o.withManifest(device.rtl().manifest());
      } else if (o.weights() == null && Files.isRegularFile(device.rtl().manifest())) {
        // The folder's weight image, for a build that keeps its weights in SPRAM.
        o = o.withWeights(Manifest.read(dir).weightImage().orElse(null));
      }
      return open(new SimulatedTransport(device, LineFaults.NONE), o);
    }
    if (uri.startsWith("serial:")) {
      SerialAddress address = SerialAddress.parse(uri);
      return open(SerialTransport.open(address, options.timeout().multipliedBy(10)), options);
    }
    throw new NirfpgaException(uri + ": unknown URI scheme; use serial:/dev/ttyUSB1?baud=3000000,"
        + " tcp://host:port or sim:RTL_DIR");
  }

  /**
   * Opens a connection over {@code link}: pings the device (learning its sequence number, slots
   * and sizes) and, when the options carry a manifest, checks the device's identity against it.
   */
  public static Accelerator open(Transport link, Options options) throws NirfpgaException {
    Accelerator a = new Accelerator(link, options);
    try {
      a.handshake = true;
      a.pong = (Packet.Pong) a.request(new Packet.Ping(), Packet.Pong.class);
      a.handshake = false;
      checkVersion(link.describe(), a.pong);
      a.credits = Math.max(1, a.pong.slots());
      if (options.manifestJson() != null) {
        long want = LinkSpec.identity(options.manifestJson());
        if (want != a.pong.identity()) {
          throw new NirfpgaException(String.format("%s: the device reports identity 0x%08X but"
              + " %s gives 0x%08X; it runs another network: load the matching bitstream or"
              + " give its manifest.json", link.describe(), a.pong.identity(),
              options.manifestName(), want));
        }
      }
      if ((a.pong.flags() & LinkSpec.FLAG_WEIGHTS) != 0) {
        a.loadWeights();
      }
      return a;
    } catch (NirfpgaException e) {
      a.closeQuietly();
      throw e;
    }
  }

  /**
   * Writes the weight image to a device that keeps its weights in SPRAM, unless its STATUS says
   * they are in already (a reconnect): WRITE_WEIGHTS frames, pipelined within the credits.
   */
  private void loadWeights() throws NirfpgaException {
    if ((status(0).errorFlags() & LinkSpec.STATUS_ERR_WEIGHTS_UNLOADED) == 0) {
      return;
    }
    Manifest.WeightImage image = options.weights();
    if (image == null) {
      throw new NirfpgaException(link.describe() + ": the device keeps its weights in SPRAM and"
          + " waits for their image; give its manifest.json (with "
          + WeightImage.FILE + " beside it) so the driver can write it");
    }
    long[] words = image.words();
    int perFrame = (pong.maxPayload() - LinkSpec.WEIGHTS_HEADER_BYTES) / 4;
    for (int from = 0; from < words.length; from += perFrame) {
      send(new Packet.WriteWeights(from, Arrays.copyOfRange(words, from,
          Math.min(words.length, from + perFrame))));
    }
    flush();
    if ((status(0).errorFlags() & LinkSpec.STATUS_ERR_WEIGHTS_UNLOADED) != 0) {
      throw new NirfpgaException(link.describe() + ": the device took the " + words.length
          + " words of the weight image but still reports it unloaded");
    }
  }

  /** Refuses a device whose pong reports another protocol version than this driver's. */
  static void checkVersion(String link, Packet.Pong pong) throws NirfpgaException {
    if (pong.version() != LinkSpec.VERSION) {
      throw new NirfpgaException(link + ": the device speaks protocol version " + pong.version()
          + ", this driver version " + LinkSpec.VERSION + "; rebuild its bitstream with this"
          + " nirfpga (nirfpga compile --board ..., then nirfpga synth)");
    }
  }

  /** What the device reported when opened: identity, slots, sizes. */
  public Packet.Pong device() {
    return pong;
  }

  /**
   * Runs one time step per row of {@code input} ([step][input neuron], nonzero = spike) from the
   * device's current state, and returns each step's output.
   */
  public Result run(double[][] input) throws NirfpgaException {
    long start = System.nanoTime();
    long sent0 = bytesSent;
    long recv0 = bytesReceived;
    long pay0 = payloadBytes;
    long retry0 = retries;
    long corrupt0 = corruptBytes;
    long first = status(0).timestep();
    int perFrame = pong.maxPayload() / 3;
    long eventsIn = 0;
    long eventsOut = 0;
    boolean valued = (pong.flags() & LinkSpec.FLAG_VALUED_OUTPUT) != 0;
    long[][] out = new long[input.length][pong.outputSize()];
    for (int t = 0; t < input.length; t++) {
      if (input[t].length != pong.inputSize()) {
        throw new NirfpgaException(link.describe() + ": input step " + t + " has "
            + input[t].length + " elements but the device takes " + pong.inputSize());
      }
      List<Integer> on = new ArrayList<>();
      for (int j = 0; j < input[t].length; j++) {
        if (input[t][j] != 0) {
          on.add(j);
        }
      }
      eventsIn += on.size();
      for (int from = 0; from < on.size(); from += perFrame) {
        int[] chunk = on.subList(from, Math.min(on.size(), from + perFrame)).stream()
            .mapToInt(Integer::intValue).toArray();
        send(new Packet.Events(chunk));
      }
      send(new Packet.EndStep());
      Packet.StepOutput o = awaitOutput(first + t);
      payloadBytes += 6 + (valued ? 7 : 3) * (long) o.addresses().length;
      int[] a = o.addresses();
      int[] v = o.values();
      for (int i = 0; i < a.length; i++) {
        if (a[i] >= out[t].length) {
          throw new NirfpgaException(link.describe() + ": step " + (first + t) + " output"
              + " names neuron " + a[i] + " but the device has " + out[t].length);
        }
        if (v != null) {
          out[t][a[i]] = v[i];
        } else {
          out[t][a[i]]++;
        }
      }
      eventsOut += a.length;
    }
    flush();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(first, out, new RunStats(input.length, eventsIn, eventsOut,
        bytesSent - sent0, bytesReceived - recv0, payloadBytes - pay0, retries - retry0,
        corruptBytes - corrupt0, seconds));
  }

  /**
   * Sends RESET: the device returns the network to its initial state (membranes, currents,
   * delay lines, step counter) and clears its link counters; returns once it has acknowledged.
   */
  public void reset() throws NirfpgaException {
    request(new Packet.Reset(), Packet.Ack.class);
  }

  /** {@code count} membrane codes of {@code layer} from neuron {@code address} on. */
  public int[] readState(int layer, int address, int count) throws NirfpgaException {
    int[] words = new int[count];
    for (int from = 0; from < count; from += LinkSpec.MAX_STATE_WORDS) {
      int n = Math.min(LinkSpec.MAX_STATE_WORDS, count - from);
      Packet.State s = (Packet.State) request(new Packet.ReadState(layer, address + from, n),
          Packet.State.class);
      System.arraycopy(s.words(), 0, words, from, n);
    }
    return words;
  }

  /** The status counters, with the saturation counters of {@code layer}. */
  public Packet.Status status(int layer) throws NirfpgaException {
    return (Packet.Status) request(new Packet.ReadStatus(layer), Packet.Status.class);
  }

  /** Bytes sent and received, retries and garbage so far on this connection. */
  public long[] totals() {
    return new long[] {bytesSent, bytesReceived, retries, corruptBytes};
  }

  @Override
  public void close() throws NirfpgaException {
    try {
      link.close();
    } catch (IOException e) {
      throw new NirfpgaException(link.describe() + ": closing failed: " + e.getMessage(), e);
    }
  }

  private void closeQuietly() {
    try {
      link.close();
    } catch (IOException e) {
      // Already failing with a better message.
    }
  }

  // ---- engine

  private void send(Packet p) throws NirfpgaException {
    while (window.size() >= credits) {
      pump();
    }
    int seq = nextSeq;
    nextSeq = (nextSeq + 1) & 0xff;
    Frame f = Packets.toFrame(p, seq);
    byte[] bytes = f.encode();
    payloadBytes += f.payload().length;
    window.add(new Pending(seq, p, bytes));
    write(bytes);
  }

  /** Sends a request that needs an answer of type {@code answer}, again if the answer is lost. */
  private Packet request(Packet p, Class<? extends Packet> answer) throws NirfpgaException {
    flush();
    for (int attempt = 0; attempt <= options.maxRetries(); attempt++) {
      int seq = nextSeq;
      send(p);
      while (inWindow(seq)) {
        pump();
      }
      Packet.Error refused = refusals.remove(seq);
      if (refused != null) {
        throw refusal(p, seq, refused);
      }
      Packet a = answers.remove(seq);
      if (answer.isInstance(a)) {
        return a;
      }
      if (handshake && a == null) {
        // The device took a frame at another seq; ping again at the seq it expects.
        continue;
      }
      retries++;
    }
    throw new NirfpgaException(link.describe() + ": no " + answer.getSimpleName().toUpperCase()
        + " to " + p + " after " + options.maxRetries() + " retries");
  }

  private boolean inWindow(int seq) {
    for (Pending q : window) {
      if (q.seq == seq) {
        return true;
      }
    }
    return false;
  }

  private void flush() throws NirfpgaException {
    while (!window.isEmpty()) {
      pump();
    }
    checkRefusals();
  }

  private void checkRefusals() throws NirfpgaException {
    if (!refusals.isEmpty()) {
      Map.Entry<Integer, Packet.Error> e = refusals.entrySet().iterator().next();
      refusals.clear();
      throw refusal(null, e.getKey(), e.getValue());
    }
  }

  private NirfpgaException refusal(Packet p, int seq, Packet.Error e) {
    return new NirfpgaException(link.describe() + ": the device refused "
        + (p == null ? "frame" : p.getClass().getSimpleName()) + " seq " + seq + ": "
        + LinkSpec.errorName(e.code()) + " (detail " + e.detail() + ")");
  }

  private Packet.StepOutput awaitOutput(long timestep) throws NirfpgaException {
    int resends = 0;
    while (!outputs.containsKey(timestep)) {
      boolean heard = pump();
      if (!heard && window.isEmpty() && !outputs.containsKey(timestep)) {
        if (++resends > options.maxRetries()) {
          throw new NirfpgaException(link.describe() + ": no output of time step " + timestep
              + " after " + options.maxRetries() + " resend requests; the link is down or the"
              + " device is stuck");
        }
        retries++;
        send(new Packet.ResendOutput());
      }
      checkRefusals();
    }
    Packet.StepOutput o = outputs.remove(timestep);
    outputs.keySet().removeIf(k -> k < timestep);
    return o;
  }

  /** Reads once; returns whether anything arrived. Resends after errors and timeouts. */
  private boolean pump() throws NirfpgaException {
    byte[] b = read(options.timeout());
    if (b.length > 0) {
      handle(decoder.feed(b));
    } else {
      handle(decoder.idle());
      if (!window.isEmpty()) {
        resendWindow("no answer within " + options.timeout().toMillis() + " ms");
      }
    }
    if (resendWanted) {
      resendWanted = false;
      drainQuiet();
      resendWindow("the device reported an error");
    }
    return b.length > 0;
  }

  private void drainQuiet() throws NirfpgaException {
    while (true) {
      byte[] b = read(options.quietGap());
      if (b.length == 0) {
        handle(decoder.idle());
        resendWanted = false;
        return;
      }
      handle(decoder.feed(b));
    }
  }

  private void resendWindow(String why) throws NirfpgaException {
    for (Pending q : window) {
      if (q.sends > options.maxRetries()) {
        throw new NirfpgaException(link.describe() + ": " + q.packet + " (seq " + q.seq
            + ") sent " + q.sends + " times: " + why + "; giving up (timeout "
            + options.timeout().toMillis() + " ms, " + options.maxRetries() + " retries)");
      }
    }
    for (Pending q : window) {
      q.sends++;
      retries++;
      write(q.bytes);
    }
  }

  private void handle(List<StreamDecoder.Item> items) {
    for (StreamDecoder.Item i : items) {
      if (i instanceof StreamDecoder.Skipped s) {
        corruptBytes += s.length();
        continue;
      }
      StreamDecoder.Decoded d = (StreamDecoder.Decoded) i;
      Packet p;
      try {
        p = Packets.parse(d.frame(), d.offset());
      } catch (ProtocolException e) {
        corruptBytes += d.frame().wireLength();
        continue;
      }
      int seq = d.frame().seq();
      if (p instanceof Packet.StepOutput o) {
        outputs.putIfAbsent(o.timestep(), o);
      } else if (p instanceof Packet.Error e) {
        handleError(seq, e);
      } else if (p instanceof Packet.Ack || p instanceof Packet.Pong || p instanceof Packet.State
          || p instanceof Packet.Status) {
        answered(seq, p);
      }
    }
  }

  private void handleError(int seq, Packet.Error e) {
    if (e.code() == LinkSpec.E_SEQUENCE) {
      int expected = (int) e.detail();
      if (window.isEmpty()) {
        return;
      }
      int oldest = window.peekFirst().seq;
      int taken = (expected - oldest) & 0xff;
      if (handshake && taken > window.size()) {
        // After a host restart the device expects another seq: renumber and send again.
        renumber(expected);
        resendWanted = true;
      } else if (taken > 0 && taken <= window.size()) {
        // Taken by the device; their answers were lost on the way back.
        for (int k = 0; k < taken; k++) {
          window.pollFirst();
        }
        resendWanted = !window.isEmpty();
      } else if (taken == 0) {
        resendWanted = true;
      }
    } else if (e.retryable()) {
      resendWanted = true;
    } else if (inWindow(seq)) {
      answered(seq, null);
      refusals.put(seq, e);
    }
  }

  private void renumber(int expected) {
    List<Pending> old = new ArrayList<>(window);
    window.clear();
    int seq = expected;
    for (Pending q : old) {
      Frame f = Packets.toFrame(q.packet, seq);
      Pending r = new Pending(seq, q.packet, f.encode());
      r.sends = q.sends;
      window.add(r);
      seq = (seq + 1) & 0xff;
    }
    nextSeq = seq;
  }

  /** The answer to {@code seq}: it and every older frame are done (answers come in order). */
  private void answered(int seq, Packet answer) {
    if (!inWindow(seq)) {
      return;
    }
    Iterator<Pending> it = window.iterator();
    while (it.hasNext()) {
      Pending q = it.next();
      it.remove();
      if (q.seq == seq) {
        break;
      }
    }
    if (answer != null) {
      answers.put(seq, answer);
    }
  }

  private void write(byte[] b) throws NirfpgaException {
    try {
      link.write(b);
      bytesSent += b.length;
    } catch (IOException e) {
      throw new NirfpgaException(link.describe() + ": write failed: " + e.getMessage(), e);
    }
  }

  private byte[] read(Duration timeout) throws NirfpgaException {
    try {
      byte[] b = link.read(timeout);
      bytesReceived += b.length;
      return b;
    } catch (IOException e) {
      throw new NirfpgaException(link.describe() + ": read failed: " + e.getMessage(), e);
    }
  }
}
