package org.nirfpga.hdl.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.nirfpga.hdl.ToolSupport;

/**
 * Builds a Verilog design into a cycle simulator with {@code verilator --cc --exe --build} and a
 * generic C++ harness, caching builds under {@code target/verilator-cache} by content hash.
 */
public final class VerilatorRun {
  private VerilatorRun() {}

  private static final String HARNESS = "verilator_harness.cpp";

  private static final List<String> RUNTIME_OBJECTS =
      List.of("verilated.o", "verilated_threads.o");

  private static final List<String> VERILATE_FLAGS = List.of("--cc", "--exe", "-Wno-fatal");

  // Test runs are short: compiling unoptimized halves the build time.
  private static final List<String> MAKE_FLAGS =
      List.of("-j", "2", "OPT_GLOBAL=-O0", "OPT_SLOW=-O0", "OPT_FAST=-O1");

  private static final String BUILD_FLAGS = VERILATE_FLAGS + " make " + MAKE_FLAGS;

  /** One top-level port: its Verilog name, width in bits and direction. */
  public record Port(String name, int width, boolean input) {
    public Port {
      if (width < 1 || width > 64) {
        throw new IllegalArgumentException("port " + name + " is " + width
            + " bits; the cycle harness handles 1 to 64 bits");
      }
    }

    /** The mask of the port's width. */
    public long mask() {
      return width == 64 ? -1L : (1L << width) - 1;
    }

    /** The port's bit pattern {@code value} read as a two's-complement signed number. */
    public long signed(long value) {
      return width == 64 ? value : (value << (64 - width)) >> (64 - width);
    }
  }

  /** Chooses an input port's value for one cycle of a random stimulus. */
  @FunctionalInterface
  public interface InputRule {
    /** The value for {@code cycle}, drawn from {@code random} if it needs randomness. */
    long value(int cycle, Random random);
  }

  /**
   * Builds (or reuses) the simulator of the {@code .v} files in {@code dir} with top module
   * {@code top}; {@code clock} names the clock input, or is null for a purely combinational design.
   */
  public static Simulation build(Path dir, String top, String clock) {
    return build(dir, top, clock, null);
  }

  /**
   * Like {@link #build(Path, String, String)}, and the harness gives the active-low reset input
   * {@code resetN} a falling edge before the first cycle, so asynchronously reset registers start
   * at their reset values; the stimulus still drives {@code resetN} every cycle.
   */
  public static Simulation build(Path dir, String top, String clock, String resetN) {
    Path verilator = ToolSupport.require("verilator");
    ToolSupport.require("g++");
    Path make = ToolSupport.require("make");
    try {
      Path absDir = dir.toAbsolutePath().normalize();
      String harness = resource(HARNESS);
      String version = Tools.run(absDir, 60, List.of(verilator.toString(), "--version")).stdout();
      String hash = hash(absDir, top, clock + "/" + resetN, harness, version);
      Path cacheRoot = Path.of(System.getProperty("nirfpga.build.dir", "target"))
          .toAbsolutePath().resolve("verilator-cache");
      Path cache = cacheRoot.resolve(top + "-" + hash.substring(0, 16));
      Path exe = cache.resolve("V" + top);
      Path portsFile = cache.resolve("ports.txt");
      if (Files.isExecutable(exe) && Files.isRegularFile(portsFile)) {
        System.out.println("verilator: " + top + " is cached (" + cache.getFileName() + ")");
        return new Simulation(top, exe, absDir, readPorts(portsFile, clock));
      }
      System.out.println("verilator: building " + top + " from " + absDir + " ...");
      long start = System.nanoTime();
      Files.createDirectories(cacheRoot);
      Path work = Files.createTempDirectory(cacheRoot, top + "-build-");
      List<String> sources = new ArrayList<>();
      for (String file : VerilatorLint.verilogFiles(absDir)) {
        sources.add(absDir.resolve(file).toString());
      }
      List<Port> ports = discoverPorts(verilator, work, top, sources);
      if (clock != null && ports.stream().noneMatch(p -> p.input() && p.name().equals(clock))) {
        throw new AssertionError(top + " has no input port named " + clock + "; ports: " + ports);
      }
      if (resetN != null && ports.stream().noneMatch(p -> p.input() && p.name().equals(resetN))) {
        throw new AssertionError(top + " has no input port named " + resetN + "; ports: " + ports);
      }
      Files.writeString(work.resolve("nirfpga_ports.h"), portsHeader(top, clock, resetN, ports));
      Files.writeString(work.resolve(HARNESS), harness);
      // The Verilator runtime is the same for every design: reuse its objects when an earlier
      // build left them, since compiling them is most of a build.
      Path runtime = cacheRoot.resolve("runtime-"
          + hashText(version + BUILD_FLAGS).substring(0, 16));
      List<String> command = new ArrayList<>(List.of(verilator.toString()));
      command.addAll(VERILATE_FLAGS);
      command.addAll(List.of("--top-module", top, "-Mdir", "obj", "-CFLAGS", "-I" + work,
          "-o", "V" + top));
      command.addAll(sources);
      command.add(work.resolve(HARNESS).toString());
      Tools.ToolOutput result = Tools.run(work, 300, command);
      if (result.exitCode() != 0) {
        throw new AssertionError("verilator cannot translate " + top + ":\n"
            + result.describe());
      }
      // Copied after verilating, the objects are newer than the makefile and make keeps them.
      for (String object : RUNTIME_OBJECTS) {
        if (Files.isRegularFile(runtime.resolve(object))) {
          Files.copy(runtime.resolve(object), work.resolve("obj").resolve(object));
        }
      }
      List<String> makeCommand = new ArrayList<>(List.of(make.toString(), "-C", "obj", "-f",
          "V" + top + ".mk"));
      makeCommand.addAll(MAKE_FLAGS);
      result = Tools.run(work, 900, makeCommand);
      if (result.exitCode() != 0) {
        throw new AssertionError("verilator build of " + top + " failed:\n" + result.describe());
      }
      Files.move(work.resolve("obj").resolve("V" + top), work.resolve("V" + top));
      saveRuntime(work.resolve("obj"), runtime);
      writePorts(work.resolve("ports.txt"), ports);
      deleteTree(work.resolve("obj"));
      if (Files.exists(cache)) {
        deleteTree(cache);
      }
      // A rename publishes the build whole, so an interrupted build never looks cached.
      Files.move(work, cache, StandardCopyOption.ATOMIC_MOVE);
      System.out.printf("verilator: built %s in %.1f s (%s)%n", top,
          (System.nanoTime() - start) / 1e9, cache.getFileName());
      return new Simulation(top, exe, absDir, readPorts(portsFile, clock));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A built cycle simulator of one design. */
  public static final class Simulation {
    private final String top;
    private final Path exe;
    private final Path dir;
    private final List<Port> inputs;
    private final List<Port> outputs;

    Simulation(String top, Path exe, Path dir, List<Port> ports) {
      this.top = top;
      this.exe = exe;
      this.dir = dir;
      this.inputs = ports.stream().filter(Port::input).toList();
      this.outputs = ports.stream().filter(p -> !p.input()).toList();
    }

    /** Input ports in stimulus order, the clock excluded. */
    public List<Port> inputs() {
      return inputs;
    }

    /** Output ports in result order. */
    public List<Port> outputs() {
      return outputs;
    }

    /** The position of input {@code name} in a stimulus row. */
    public int input(String name) {
      return indexOf(inputs, name, "input");
    }

    /** The position of output {@code name} in a result row. */
    public int output(String name) {
      return indexOf(outputs, name, "output");
    }

    /**
     * Runs the design for one cycle per stimulus row and returns the outputs of every cycle,
     * sampled after the inputs settle and before the rising edge.
     */
    public List<long[]> run(List<long[]> stimulus) {
      StringBuilder text = new StringBuilder(stimulus.size() * 8 * (inputs.size() + 1));
      for (int cycle = 0; cycle < stimulus.size(); cycle++) {
        long[] row = stimulus.get(cycle);
        if (row.length != inputs.size()) {
          throw new IllegalArgumentException("stimulus cycle " + cycle + " has " + row.length
              + " values but " + top + " has " + inputs.size() + " inputs " + names(inputs));
        }
        for (int i = 0; i < row.length; i++) {
          if (i > 0) {
            text.append(' ');
          }
          text.append(Long.toHexString(row[i] & inputs.get(i).mask()));
        }
        text.append('\n');
      }
      Tools.ToolOutput result = Tools.run(dir, 600,
          text.toString().getBytes(StandardCharsets.US_ASCII), List.of(exe.toString()));
      String[] lines = result.stdout().isEmpty() ? new String[0] : result.stdout().split("\n");
      if (result.exitCode() != 0 || lines.length != stimulus.size()) {
        throw new AssertionError("simulation of " + top + " gave " + lines.length + " of "
            + stimulus.size() + " cycles: " + result.describe());
      }
      List<long[]> rows = new ArrayList<>(lines.length);
      for (String line : lines) {
        long[] row = new long[outputs.size()];
        String[] fields = line.isEmpty() ? new String[0] : line.split(" ");
        for (int i = 0; i < row.length; i++) {
          row[i] = Long.parseUnsignedLong(fields[i], 16);
        }
        rows.add(row);
      }
      return rows;
    }

    /**
     * Random stimulus of {@code cycles} rows from {@code seed}: every input gets uniform random
     * bits of its width unless {@code rules} gives it a rule (e.g. reset held low for two cycles).
     */
    public List<long[]> randomInputs(long seed, int cycles, Map<String, InputRule> rules) {
      Random random = new Random(seed);
      InputRule[] chosen = new InputRule[inputs.size()];
      for (int i = 0; i < chosen.length; i++) {
        Port port = inputs.get(i);
        chosen[i] = rules.getOrDefault(port.name(), (c, r) -> r.nextLong() & port.mask());
      }
      for (String name : rules.keySet()) {
        input(name);
      }
      List<long[]> rows = new ArrayList<>(cycles);
      for (int cycle = 0; cycle < cycles; cycle++) {
        long[] row = new long[chosen.length];
        for (int i = 0; i < row.length; i++) {
          row[i] = chosen[i].value(cycle, random) & inputs.get(i).mask();
        }
        rows.add(row);
      }
      return rows;
    }

    /**
     * Simulates {@code stimulus} and steps {@code model} alongside; fails at the first cycle where
     * any output differs, naming the cycle, the port, both values and that cycle's inputs.
     * Returns the simulated outputs.
     */
    public List<long[]> compare(CycleModel model, List<long[]> stimulus) {
      List<long[]> actual = run(stimulus);
      for (int cycle = 0; cycle < stimulus.size(); cycle++) {
        long[] expected = model.step(stimulus.get(cycle).clone());
        if (expected.length != outputs.size()) {
          throw new IllegalStateException("model returned " + expected.length + " outputs but "
              + top + " has " + outputs.size() + " " + names(outputs));
        }
        long[] got = actual.get(cycle);
        for (int i = 0; i < expected.length; i++) {
          Port port = outputs.get(i);
          if ((expected[i] & port.mask()) != got[i]) {
            throw new AssertionError(top + " differs from its model at cycle " + cycle + ": "
                + port.name() + " is 0x" + Long.toHexString(got[i]) + " in RTL but 0x"
                + Long.toHexString(expected[i] & port.mask()) + " in the model; inputs "
                + describe(inputs, stimulus.get(cycle)) + "; RTL outputs "
                + describe(outputs, got));
          }
        }
      }
      return actual;
    }

    private static String describe(List<Port> ports, long[] values) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < ports.size(); i++) {
        text.append(i == 0 ? "" : " ").append(ports.get(i).name()).append("=0x")
            .append(Long.toHexString(values[i]));
      }
      return text.toString();
    }

    private int indexOf(List<Port> ports, String name, String kind) {
      for (int i = 0; i < ports.size(); i++) {
        if (ports.get(i).name().equals(name)) {
          return i;
        }
      }
      throw new IllegalArgumentException(top + " has no " + kind + " " + name + "; "
          + kind + "s are " + names(ports));
    }
  }

  private static List<String> names(List<Port> ports) {
    return ports.stream().map(Port::name).toList();
  }

  private static List<Port> discoverPorts(Path verilator, Path work, String top,
      List<String> sources) throws IOException {
    List<String> command = new ArrayList<>(List.of(verilator.toString(), "--xml-only",
        "-Wno-fatal", "--top-module", top, "-Mdir", "xml"));
    command.addAll(sources);
    Tools.ToolOutput result = Tools.run(work, 120, command);
    if (result.exitCode() != 0) {
      throw new AssertionError("verilator cannot parse " + top + ":\n" + result.describe());
    }
    Path xml = work.resolve("xml").resolve("V" + top + ".xml");
    try {
      Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
      Map<String, Integer> widths = new HashMap<>();
      NodeList types = doc.getElementsByTagName("basicdtype");
      for (int i = 0; i < types.getLength(); i++) {
        Element type = (Element) types.item(i);
        int width = 1;
        if (type.hasAttribute("left")) {
          int left = Integer.parseInt(type.getAttribute("left"));
          int right = Integer.parseInt(type.getAttribute("right"));
          width = Math.abs(left - right) + 1;
        }
        widths.put(type.getAttribute("id"), width);
      }
      NodeList modules = doc.getElementsByTagName("module");
      for (int m = 0; m < modules.getLength(); m++) {
        Element module = (Element) modules.item(m);
        if (!"1".equals(module.getAttribute("topModule"))) {
          continue;
        }
        List<Element> vars = new ArrayList<>();
        NodeList children = module.getElementsByTagName("var");
        for (int i = 0; i < children.getLength(); i++) {
          Element var = (Element) children.item(i);
          if (var.getParentNode() == module && var.hasAttribute("pinIndex")) {
            vars.add(var);
          }
        }
        vars.sort(Comparator.comparingInt(v -> Integer.parseInt(v.getAttribute("pinIndex"))));
        List<Port> ports = new ArrayList<>();
        for (Element var : vars) {
          String dir = var.getAttribute("dir");
          if (!dir.equals("input") && !dir.equals("output")) {
            throw new AssertionError(top + " port " + var.getAttribute("name") + " is " + dir
                + "; the cycle harness drives only inputs and outputs");
          }
          Integer width = widths.get(var.getAttribute("dtype_id"));
          if (width == null) {
            throw new AssertionError(top + " port " + var.getAttribute("name")
                + " has a type the cycle harness cannot drive");
          }
          ports.add(new Port(var.getAttribute("name"), width, dir.equals("input")));
        }
        deleteTree(work.resolve("xml"));
        return ports;
      }
      throw new AssertionError("verilator XML of " + top + " has no top module");
    } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
      throw new IllegalStateException("cannot read " + xml, e);
    }
  }

  private static String portsHeader(String top, String clock, String resetN, List<Port> ports) {
    StringBuilder text = new StringBuilder();
    text.append("#include \"V").append(top).append(".h\"\n");
    text.append("typedef V").append(top).append(" NirfpgaTop;\n");
    if (clock != null) {
      text.append("#define NIRFPGA_CLOCK ").append(clock).append('\n');
    }
    if (resetN != null) {
      text.append("#define NIRFPGA_RESET_N ").append(resetN).append('\n');
    }
    text.append("#define NIRFPGA_INPUTS(X)");
    for (Port port : ports) {
      if (port.input() && !port.name().equals(clock)) {
        text.append(" X(").append(port.name()).append(", ").append(port.width()).append(')');
      }
    }
    text.append("\n#define NIRFPGA_OUTPUTS(X)");
    for (Port port : ports) {
      if (!port.input()) {
        text.append(" X(").append(port.name()).append(", ").append(port.width()).append(')');
      }
    }
    return text.append('\n').toString();
  }

  private static void writePorts(Path file, List<Port> ports) throws IOException {
    StringBuilder text = new StringBuilder();
    for (Port port : ports) {
      text.append(port.input() ? "input " : "output ").append(port.width()).append(' ')
          .append(port.name()).append('\n');
    }
    Files.writeString(file, text);
  }

  private static List<Port> readPorts(Path file, String clock) throws IOException {
    List<Port> ports = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split(" ");
      if (!f[2].equals(clock)) {
        ports.add(new Port(f[2], Integer.parseInt(f[1]), f[0].equals("input")));
      }
    }
    return ports;
  }

  private static String hash(Path dir, String top, String clock, String harness, String version)
      throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part : List.of(top, String.valueOf(clock), harness, version,
          BUILD_FLAGS)) {
        update(digest, part.getBytes(StandardCharsets.UTF_8));
      }
      // Every file of the folder counts: $readmemh contents change the simulation too.
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          update(digest, file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
          update(digest, Files.readAllBytes(file));
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void saveRuntime(Path obj, Path runtime) throws IOException {
    if (Files.isDirectory(runtime)) {
      return;
    }
    Path staging = Files.createTempDirectory(runtime.getParent(), "runtime-staging-");
    for (String object : RUNTIME_OBJECTS) {
      Files.copy(obj.resolve(object), staging.resolve(object));
    }
    try {
      Files.move(staging, runtime, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // Another build saved the runtime first; its objects are the same.
      deleteTree(staging);
    }
  }

  private static String hashText(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void update(MessageDigest digest, byte[] bytes) {
    digest.update(Long.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    digest.update((byte) ':');
    digest.update(bytes);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = VerilatorRun.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
