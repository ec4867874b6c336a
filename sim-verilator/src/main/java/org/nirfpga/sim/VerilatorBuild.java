package org.nirfpga.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.nirfpga.nir.NirfpgaException;

/**
 * Builds an RTL folder into a shared library with Verilator and g++: the Verilated model plus the
 * C shim of {@code nirfpga_shim.cpp}. The Verilator runtime is compiled once per Verilator
 * version, and each design's library is cached under a hash of its files and options, so a
 * second build of the same design only looks the library up.
 *
 * <p>The cache lives in {@code -Dnirfpga.cache}, else {@code $NIRFPGA_CACHE}, else
 * {@code ~/.cache/nirfpga}.
 */
public final class VerilatorBuild {
  private static final String ABI = "nirfpga_abi.h";
  private static final String SHIM = "nirfpga_shim.cpp";
  private static final String JNI = "nirfpga_jni.cpp";
  private static final String MAIN = "nirfpga_main.cpp";
  private static final String FST_SOURCE = "verilated_fst_c.cpp";
  private static final String FST_OBJECT = "verilated_fst_c.o";
  private static final List<String> RUNTIME =
      List.of("verilated.cpp", "verilated_threads.cpp", "verilated_vcd_c.cpp");
  private static final List<String> VERILATE_FLAGS = List.of("--cc", "-Wno-fatal", "-Wno-lint",
      "-Wno-style");
  private static final Pattern READMEM =
      Pattern.compile("\\$readmem([hb])\\s*\\(\\s*\"([^\"/\\\\]+)\"");

  private VerilatorBuild() {}

  /**
   * A built design library.
   *
   * @param file the shared library
   * @param top the top module
   * @param clock the clock input the shim toggles
   * @param ports the top's ports in declaration order
   * @param options the options it was built with
   * @param cached whether it came from the cache
   */
  public record Library(Path file, String top, String clock, List<Port> ports,
      BuildOptions options, boolean cached) {
    public Library {
      ports = List.copyOf(ports);
    }
  }

  /** The cache folder. */
  public static Path cacheRoot() {
    String prop = System.getProperty("nirfpga.cache");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath();
    }
    String env = System.getenv("NIRFPGA_CACHE");
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath();
    }
    return Path.of(System.getProperty("user.home"), ".cache", "nirfpga");
  }

  /**
   * The library of module {@code top} from the {@code .v} files (and the memory images they load)
   * in {@code rtlDir}, built or taken from the cache.
   *
   * @param rtlDir the RTL folder
   * @param top the top module, declared in {@code <rtlDir>/<top>.v}
   * @param clock the top's clock input
   * @param options build options
   * @param progress receives one line per build stage
   */
  public static Library build(Path rtlDir, String top, String clock, BuildOptions options,
      Consumer<String> progress) throws NirfpgaException {
    Path dir = rtlDir.toAbsolutePath().normalize();
    List<Port> ports = VerilogPorts.read(dir, top);
    if (ports.stream().noneMatch(p -> p.input() && p.name().equals(clock) && p.width() == 1)) {
      throw new NirfpgaException(dir.resolve(top + ".v") + ": module " + top + " has no 1-bit"
          + " input '" + clock + "' to use as the clock");
    }
    Path verilator = Exec.require("verilator", "verilator");
    Path gxx = Exec.require("g++", "g++");
    String[] tool = toolInfo(verilator, dir);
    String version = tool[0];
    String root = tool[1];
    String shim = resource(SHIM) + resource(ABI);
    List<Path> files = listFiles(dir);
    String key = hash(dir, files, List.of("layout 2", top, clock, options.toString(), version,
        shim, VERILATE_FLAGS.toString(), compileFlags(root, options).toString()));
    Path designs = cacheRoot().resolve("designs");
    Path done = designs.resolve(top + "-" + key.substring(0, 20));
    Path lib = done.resolve("lib" + top + ".so");
    if (Files.isRegularFile(lib)) {
      return new Library(lib, top, clock, ports, options, true);
    }
    long start = System.nanoTime();
    progress.accept("verilator: building " + top + " from " + dir + " (" + version + ")");
    Path runtime = runtime(gxx, root, version, progress);
    Path fst = options.fst() ? fstRuntime(gxx, root, version, progress) : null;
    try {
      Files.createDirectories(designs);
      Path work = Files.createTempDirectory(designs, top + "-building-");
      try {
        List<String> sources = copyRtl(dir, files, work.resolve("rtl"), done.resolve("rtl"));
        Path obj = work.resolve("obj");
        List<String> command = new ArrayList<>(List.of(verilator.toString()));
        command.addAll(VERILATE_FLAGS);
        if (options.trace()) {
          command.add(options.fst() ? "--trace-fst" : "--trace");
        }
        command.addAll(List.of("--top-module", top, "-Mdir", obj.toString()));
        command.addAll(sources);
        progress.accept("verilator: translating " + sources.size() + " Verilog files");
        Exec.Result r = Exec.run(work, 600, command);
        if (r.exitCode() != 0) {
          throw new NirfpgaException(verilatorError(r.output(), work.resolve("rtl"), dir, top));
        }
        Files.writeString(obj.resolve("nirfpga_ports.h"), portsHeader(top, clock, ports));
        Files.writeString(obj.resolve(ABI), resource(ABI));
        Files.writeString(obj.resolve(SHIM), resource(SHIM));
        StringBuilder all = new StringBuilder();
        try (Stream<Path> s = Files.list(obj)) {
          for (Path cpp : s.filter(p -> p.toString().endsWith(".cpp")).sorted().toList()) {
            all.append("#include \"").append(cpp.getFileName()).append("\"\n");
          }
        }
        Files.writeString(obj.resolve("nirfpga_all.cpp"), all);
        progress.accept("g++: compiling the model of " + top + " (" + options.optimization()
            + ")");
        List<String> cc = new ArrayList<>(List.of(gxx.toString()));
        cc.addAll(compileFlags(root, options));
        cc.addAll(List.of("-I" + obj, "-c", "nirfpga_all.cpp", "-o", "nirfpga_all.o"));
        check(Exec.run(obj, 1800, cc), "compiling the model of " + top);
        progress.accept("g++: linking lib" + top + ".so");
        List<String> link = new ArrayList<>(List.of(gxx.toString(), "-shared", "-o",
            work.resolve("lib" + top + ".so").toString(), "nirfpga_all.o"));
        for (String src : RUNTIME) {
          link.add(runtime.resolve(src.replace(".cpp", ".o")).toString());
        }
        if (fst != null) {
          link.add(fst.resolve(FST_OBJECT).toString());
        }
        link.addAll(List.of("-Wl,-Bsymbolic", "-pthread", "-latomic"));
        if (fst != null) {
          link.add("-lz");
        }
        check(Exec.run(obj, 600, link), "linking " + top);
        deleteTree(obj);
        publish(work, done);
      } finally {
        deleteTree(work);
      }
    } catch (IOException e) {
      throw new NirfpgaException("cannot build " + top + " in " + designs + ": " + e.getMessage());
    }
    progress.accept(String.format(Locale.ROOT, "verilator: built %s in %.1f s (%s)", top,
        (System.nanoTime() - start) / 1e9, done));
    return new Library(lib, top, clock, ports, options, false);
  }

  /**
   * The simulator host executable ({@code nirfpga_main.cpp}), built once per source: it loads the
   * design library given as its argument, the same file the JNI bridge loads, and serves it on
   * stdin/stdout.
   */
  static Path simulatorHost(Consumer<String> progress) throws NirfpgaException {
    Path gxx = Exec.require("g++", "g++");
    String source = resource(MAIN) + resource(ABI);
    Path done = cacheRoot().resolve("host-" + hashText(source).substring(0, 20));
    Path exe = done.resolve("nirfpga-sim");
    if (Files.isExecutable(exe)) {
      return exe;
    }
    progress.accept("g++: building the simulator host");
    try {
      Files.createDirectories(cacheRoot());
      Path work = Files.createTempDirectory(cacheRoot(), "host-building-");
      try {
        Files.writeString(work.resolve(MAIN), resource(MAIN));
        Files.writeString(work.resolve(ABI), resource(ABI));
        check(Exec.run(work, 600, List.of(gxx.toString(), "-O2", "-std=gnu++17", "-I" + work,
            MAIN, "-o", "nirfpga-sim", "-ldl")), "building the simulator host");
        publish(work, done);
      } finally {
        deleteTree(work);
      }
    } catch (IOException e) {
      throw new NirfpgaException("cannot build the simulator host in " + cacheRoot() + ": "
          + e.getMessage());
    }
    return exe;
  }

  /** The JNI library, built once per bridge source and JDK. */
  static Path jniLibrary(Consumer<String> progress) throws NirfpgaException {
    Path gxx = Exec.require("g++", "g++");
    Path javaHome = Path.of(System.getProperty("java.home"));
    Path include = javaHome.resolve("include");
    if (!Files.isRegularFile(include.resolve("jni.h"))) {
      String env = System.getenv("JAVA_HOME");
      if (env != null && Files.isRegularFile(Path.of(env, "include", "jni.h"))) {
        include = Path.of(env, "include");
      } else {
        throw new NirfpgaException(include.resolve("jni.h") + " is missing; co-simulation needs"
            + " a full JDK (not a JRE): install openjdk-17-jdk or set JAVA_HOME to one");
      }
    }
    String source = resource(JNI) + resource(ABI);
    String key = hashText(source + include);
    Path done = cacheRoot().resolve("jni-" + key.substring(0, 20));
    Path lib = done.resolve("libnirfpga_jni.so");
    if (Files.isRegularFile(lib)) {
      return lib;
    }
    progress.accept("g++: building the JNI bridge");
    try {
      Files.createDirectories(cacheRoot());
      Path work = Files.createTempDirectory(cacheRoot(), "jni-building-");
      try {
        Files.writeString(work.resolve(JNI), resource(JNI));
        Files.writeString(work.resolve(ABI), resource(ABI));
        check(Exec.run(work, 600, List.of(gxx.toString(), "-shared", "-fPIC", "-O2",
            "-std=gnu++17", "-I" + include, "-I" + include.resolve("linux"), "-I" + work, JNI,
            "-o", "libnirfpga_jni.so", "-ldl")), "building the JNI bridge");
        publish(work, done);
      } finally {
        deleteTree(work);
      }
    } catch (IOException e) {
      throw new NirfpgaException("cannot build the JNI bridge in " + cacheRoot() + ": "
          + e.getMessage());
    }
    return lib;
  }

  /** The Verilator runtime objects for this Verilator and these flags, compiled on first use. */
  private static Path runtime(Path gxx, String root, String version, Consumer<String> progress)
      throws NirfpgaException {
    List<String> flags = compileFlags(root, new BuildOptions(true, "-O2"));
    Path done = cacheRoot().resolve("runtime-"
        + hashText(version + flags + gxx).substring(0, 20));
    if (Files.isRegularFile(done.resolve("verilated.o"))) {
      return done;
    }
    progress.accept("g++: compiling the Verilator runtime once for " + version
        + " (cached in " + done + ")");
    try {
      Files.createDirectories(cacheRoot());
      Path work = Files.createTempDirectory(cacheRoot(), "runtime-building-");
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<Exec.Result>> jobs = new ArrayList<>();
        for (String src : RUNTIME) {
          List<String> cc = new ArrayList<>(List.of(gxx.toString()));
          cc.addAll(flags);
          cc.addAll(List.of("-c", root + "/include/" + src, "-o", src.replace(".cpp", ".o")));
          jobs.add(pool.submit(() -> Exec.run(work, 1800, cc)));
        }
        for (int i = 0; i < jobs.size(); i++) {
          check(jobs.get(i).get(), "compiling the Verilator runtime " + RUNTIME.get(i));
          progress.accept("g++: runtime " + RUNTIME.get(i) + " done");
        }
        publish(work, done);
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable c = e.getCause();
        throw c instanceof NirfpgaException ? (NirfpgaException) c
            : new NirfpgaException("compiling the Verilator runtime: " + c);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NirfpgaException("interrupted while compiling the Verilator runtime");
      } finally {
        pool.shutdownNow();
        deleteTree(work);
      }
    } catch (IOException e) {
      throw new NirfpgaException("cannot compile the Verilator runtime in " + cacheRoot() + ": "
          + e.getMessage());
    }
    return done;
  }

  /**
   * The FST writer of the Verilator runtime (with the gtkwave sources it includes), compiled on
   * first use into its own folder, so the plain runtime stays free of zlib.
   */
  private static Path fstRuntime(Path gxx, String root, String version,
      Consumer<String> progress) throws NirfpgaException {
    List<String> flags = compileFlags(root, new BuildOptions(true, "-O2", true));
    Path done = cacheRoot().resolve("runtime-fst-"
        + hashText(version + flags + gxx).substring(0, 20));
    if (Files.isRegularFile(done.resolve(FST_OBJECT))) {
      return done;
    }
    progress.accept("g++: compiling the Verilator FST writer once for " + version);
    try {
      Files.createDirectories(cacheRoot());
      Path work = Files.createTempDirectory(cacheRoot(), "runtime-fst-building-");
      try {
        List<String> cc = new ArrayList<>(List.of(gxx.toString()));
        cc.addAll(flags);
        cc.addAll(List.of("-c", root + "/include/" + FST_SOURCE, "-o", FST_OBJECT));
        Exec.Result r = Exec.run(work, 1800, cc);
        if (r.exitCode() != 0 && r.output().contains("zlib.h")) {
          throw new NirfpgaException("FST waveforms need zlib's C headers (zlib.h is missing):"
              + " install zlib1g-dev, or trace to a .vcd file instead");
        }
        check(r, "compiling the Verilator FST writer " + FST_SOURCE);
        publish(work, done);
      } finally {
        deleteTree(work);
      }
    } catch (IOException e) {
      throw new NirfpgaException("cannot compile the Verilator FST writer in " + cacheRoot()
          + ": " + e.getMessage());
    }
    return done;
  }

  private static List<String> compileFlags(String root, BuildOptions options) {
    String t = options.trace() ? "1" : "0";
    String vcd = options.trace() && !options.fst() ? "1" : "0";
    String fst = options.fst() ? "1" : "0";
    return List.of("-std=gnu++17", "-fPIC", "-fvisibility=hidden", options.optimization(),
        "-I" + root + "/include", "-I" + root + "/include/vltstd", "-DVM_COVERAGE=0",
        "-DVM_SC=0", "-DVM_TRACE=" + t, "-DVM_TRACE_VCD=" + vcd, "-DVM_TRACE_FST=" + fst,
        "-DNIRFPGA_TRACE=" + t, "-DNIRFPGA_TRACE_FST=" + fst, "-Wno-attributes", "-pthread");
  }

  /**
   * Verilator's version and root folder. Asking verilator takes seconds (a Perl wrapper), so the
   * answer is kept in the cache under the executable's path, size and modification time.
   */
  private static String[] toolInfo(Path verilator, Path dir) throws NirfpgaException {
    Path real;
    String stamp;
    try {
      real = verilator.toRealPath();
      stamp = real + "|" + Files.size(real) + "|" + Files.getLastModifiedTime(real).toMillis();
    } catch (IOException e) {
      throw new NirfpgaException(verilator + ": cannot read the executable: " + e.getMessage());
    }
    Path file = cacheRoot().resolve("tools").resolve("verilator-"
        + hashText(stamp).substring(0, 20) + ".txt");
    try {
      if (Files.isRegularFile(file)) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() == 2) {
          return lines.toArray(new String[0]);
        }
      }
      String version = Exec.run(dir, 60, List.of(verilator.toString(), "--version")).output()
          .strip();
      String root = verilatorRoot(verilator, dir);
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "verilator-", ".tmp");
      Files.writeString(tmp, version + "\n" + root + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new String[] {version, root};
    } catch (IOException e) {
      throw new NirfpgaException(file + ": cannot keep the Verilator version: " + e.getMessage());
    }
  }

  private static String verilatorRoot(Path verilator, Path dir) throws NirfpgaException {
    Exec.Result r = Exec.run(dir, 60, List.of(verilator.toString(), "--getenv",
        "VERILATOR_ROOT"));
    String root = r.output().strip();
    if (r.exitCode() != 0 || !Files.isRegularFile(Path.of(root, "include", "verilated.cpp"))) {
      throw new NirfpgaException("verilator --getenv VERILATOR_ROOT gave '" + root + "', which"
          + " holds no include/verilated.cpp; reinstall verilator or set VERILATOR_ROOT");
    }
    return root;
  }

  /**
   * Copies the folder's files into {@code to}; memory-image paths in {@code $readmemh} become
   * absolute paths under {@code finalRtl}, so the library loads its images wherever the JVM
   * runs. Returns the copied Verilog files.
   */
  private static List<String> copyRtl(Path dir, List<Path> files, Path to, Path finalRtl)
      throws IOException {
    Files.createDirectories(to);
    List<String> sources = new ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (name.endsWith(".v") || name.endsWith(".sv")) {
        Matcher m = READMEM.matcher(Files.readString(f, StandardCharsets.UTF_8));
        StringBuilder text = new StringBuilder();
        while (m.find()) {
          String image = m.group(2);
          String replacement = Files.isRegularFile(dir.resolve(image))
              ? "$readmem" + m.group(1) + "(\"" + finalRtl.resolve(image) + "\""
              : m.group();
          m.appendReplacement(text, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(text);
        Files.writeString(to.resolve(name), text, StandardCharsets.UTF_8);
        sources.add(to.resolve(name).toString());
      } else {
        Files.copy(f, to.resolve(name));
      }
    }
    return sources;
  }

  /**
   * Refuses a waveform file whose format (by extension: {@code .fst}, else VCD) is not the one
   * {@code library} was built to write.
   */
  static void checkTraceFile(Library library, Path file) throws NirfpgaException {
    BuildOptions o = library.options();
    if (o.trace() && BuildOptions.isFst(file) != o.fst()) {
      throw new NirfpgaException(file + ": " + library.top() + " was built to write "
          + (o.fst() ? "FST" : "VCD") + "; a " + (o.fst() ? "VCD" : ".fst") + " file needs a"
          + " build with BuildOptions." + (o.fst() ? "withTrace()" : "withFstTrace()")
          + " (cosim --trace picks the format by the file's extension)");
    }
  }

  /** One line: Verilator's first {@code %Error}, with the user's file in place of the copy. */
  static String verilatorError(String output, Path copy, Path original, String top) {
    List<String> errors = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.startsWith("%Error")) {
        errors.add(line.replace(copy.toString(), original.toString()).strip());
      }
    }
    if (errors.isEmpty()) {
      String last = output.strip();
      int nl = last.lastIndexOf('\n');
      return "verilator cannot build " + top + ": " + (nl < 0 ? last : last.substring(nl + 1));
    }
    String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more errors)" : "";
    return errors.get(0) + more;
  }

  private static void check(Exec.Result r, String what) throws NirfpgaException {
    if (r.exitCode() == 0) {
      return;
    }
    String first = null;
    for (String line : r.output().split("\n")) {
      if (line.contains("error")) {
        first = line.strip();
        break;
      }
    }
    throw new NirfpgaException("g++ failed " + what + ": "
        + (first != null ? first : r.output().strip()));
  }

  private static String portsHeader(String top, String clock, List<Port> ports) {
    StringBuilder h = new StringBuilder();
    h.append("#include \"V").append(top).append(".h\"\n");
    h.append("typedef V").append(top).append(" NirfpgaTop;\n");
    h.append("#define NIRFPGA_CLOCK ").append(clock).append('\n');
    h.append("#define NIRFPGA_PORT_COUNT ").append(ports.size()).append('\n');
    macro(h, "NIRFPGA_NARROW_INPUTS", ports, p -> !p.wide() && p.input());
    macro(h, "NIRFPGA_NARROW_PORTS", ports, p -> !p.wide());
    macro(h, "NIRFPGA_WIDE_INPUTS", ports, p -> p.wide() && p.input());
    macro(h, "NIRFPGA_WIDE_PORTS", ports, Port::wide);
    return h.toString();
  }

  private static void macro(StringBuilder h, String name, List<Port> ports,
      java.util.function.Predicate<Port> which) {
    h.append("#define ").append(name).append("(X)");
    for (Port p : ports) {
      if (which.test(p)) {
        h.append(" X(").append(p.index()).append(", ").append(p.name()).append(", ")
            .append(p.width()).append(')');
      }
    }
    h.append('\n');
  }

  private static List<Path> listFiles(Path dir) throws NirfpgaException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new NirfpgaException(dir + ": cannot list the RTL folder: " + e.getMessage());
    }
  }

  private static String hash(Path dir, List<Path> files, List<String> parts)
      throws NirfpgaException {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        update(d, p.getBytes(StandardCharsets.UTF_8));
      }
      // Every file counts: the memory images decide the simulation as much as the Verilog.
      for (Path f : files) {
        update(d, f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        update(d, Files.readAllBytes(f));
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (IOException e) {
      throw new NirfpgaException(dir + ": cannot read the RTL folder: " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hashText(String text) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(d.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void update(MessageDigest d, byte[] bytes) {
    d.update(Long.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    d.update((byte) ':');
    d.update(bytes);
  }

  /** Renames a finished build into place; a concurrent build that won the race is kept. */
  private static void publish(Path work, Path done) throws IOException {
    Path staged = Files.createTempDirectory(work.getParent(), "staged-");
    try (Stream<Path> s = Files.list(work)) {
      for (Path p : s.toList()) {
        Files.move(p, staged.resolve(p.getFileName()));
      }
    }
    try {
      Files.move(staged, done, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      deleteTree(staged);
    } catch (IOException e) {
      if (!Files.isDirectory(done)) {
        throw e;
      }
      deleteTree(staged);
    }
  }

  static String resource(String name) {
    try (InputStream in = VerilatorBuild.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
