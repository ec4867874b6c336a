package org.nirfpga.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Makes sure the co-simulation tools (Verilator and g++) are on the PATH, installing them with
 * apt-get (through {@code sudo -n} when not root) when they are missing and that is possible.
 */
final class VerilatorSetup {
  /** The executables co-simulation runs. */
  static final List<String> TOOLS = List.of("verilator", "g++");
  /** The Debian packages that provide them (make for Verilator's own makefile flow). */
  static final List<String> PACKAGES = List.of("verilator", "g++", "make");
  /** The command a user runs to install them by hand. */
  static final String MANUAL_COMMAND = "sudo apt-get install -y " + String.join(" ", PACKAGES);

  private static final long INSTALL_TIMEOUT_SECONDS = 1800;

  /** What {@link #ensure()} found or did. */
  record Outcome(boolean ready, boolean installed, String reason) {
    static Outcome present() {
      return new Outcome(true, false, "");
    }

    static Outcome cannot(String reason) {
      return new Outcome(false, false, reason);
    }
  }

  private final String path;
  private final PrintWriter out;

  /**
   * @param path the PATH to look tools up in and to run the package manager with
   * @param out where the progress lines and the package manager's output go
   */
  VerilatorSetup(String path, PrintWriter out) {
    this.path = path == null ? "" : path;
    this.out = out;
  }

  /** The tools of {@link #TOOLS} that are not on the PATH. */
  List<String> missing() {
    List<String> missing = new ArrayList<>();
    for (String t : TOOLS) {
      if (find(t).isEmpty()) {
        missing.add(t);
      }
    }
    return missing;
  }

  /**
   * Checks the tools and installs the missing ones; a result that is not ready says why in a
   * phrase that fits "cannot install them: ...".
   */
  Outcome ensure() {
    List<String> missing = missing();
    if (missing.isEmpty()) {
      for (String t : TOOLS) {
        out.printf("      %-10s %s%n", t, find(t).orElseThrow());
      }
      return Outcome.present();
    }
    out.printf("      missing: %s; installing the packages %s with apt-get%n",
        String.join(", ", missing), String.join(" ", PACKAGES));
    Optional<Path> aptGet = find("apt-get");
    if (aptGet.isEmpty()) {
      return Outcome.cannot("there is no apt-get on the PATH");
    }
    List<String> prefix = new ArrayList<>();
    if (!isRoot()) {
      Optional<Path> sudo = find("sudo");
      if (sudo.isEmpty()) {
        return Outcome.cannot("not running as root and there is no sudo on the PATH");
      }
      // -n: never prompt; a sudo that wants a password fails here instead of hanging.
      if (run(List.of(sudo.get().toString(), "-n", "true"), false) != 0) {
        return Outcome.cannot("sudo needs a password (sudo -n true failed)");
      }
      prefix.add("sudo");
      prefix.add("-n");
    }
    List<String> install = new ArrayList<>(prefix);
    install.addAll(List.of("apt-get", "install", "-y"));
    install.addAll(PACKAGES);
    out.printf("      running: %s%n", String.join(" ", install));
    int rc = run(resolved(install), true);
    if (rc != 0) {
      // A fresh system often has no package lists yet.
      List<String> update = new ArrayList<>(prefix);
      update.addAll(List.of("apt-get", "update"));
      out.printf("      apt-get install exited %d; running: %s, then installing again%n", rc,
          String.join(" ", update));
      int urc = run(resolved(update), true);
      if (urc != 0) {
        return Outcome.cannot("apt-get update exited " + urc);
      }
      rc = run(resolved(install), true);
      if (rc != 0) {
        return Outcome.cannot("apt-get install exited " + rc);
      }
    }
    List<String> still = missing();
    if (!still.isEmpty()) {
      return Outcome.cannot("after the install, these are still not on the PATH: "
          + String.join(", ", still));
    }
    for (String t : TOOLS) {
      out.printf("      %-10s %s (installed)%n", t, find(t).orElseThrow());
    }
    return new Outcome(true, true, "");
  }

  /** Whether this process runs as root, by {@code id -u} (or the user name without id). */
  private boolean isRoot() {
    Optional<Path> id = find("id");
    if (id.isEmpty()) {
      return "root".equals(System.getProperty("user.name"));
    }
    List<String> lines = new ArrayList<>();
    int rc = run(List.of(id.get().toString(), "-u"), lines::add);
    return rc == 0 && !lines.isEmpty() && lines.get(0).strip().equals("0");
  }

  /** The command with its first word replaced by the executable's path on our PATH. */
  private List<String> resolved(List<String> command) {
    List<String> c = new ArrayList<>(command);
    find(c.get(0)).ifPresent(p -> c.set(0, p.toString()));
    return c;
  }

  /** The executable {@code tool} on the PATH. */
  Optional<Path> find(String tool) {
    for (String d : path.split(File.pathSeparator)) {
      if (d.isEmpty()) {
        continue;
      }
      Path p = Path.of(d, tool);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Runs a command; with {@code echo}, its output is printed line by line as it comes. */
  private int run(List<String> command, boolean echo) {
    return run(command, l -> {
      if (echo) {
        out.println("      | " + l);
        out.flush();
      }
    });
  }

  /** Runs a command with our PATH and no input, its merged output to {@code lines}; -1 if not. */
  private int run(List<String> command, Consumer<String> lines) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put("PATH", path);
    pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
    try {
      Process p = pb.start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          lines.accept(l);
        }
      }
      if (!p.waitFor(INSTALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      lines.accept("cannot run " + command.get(0) + ": " + e.getMessage());
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
