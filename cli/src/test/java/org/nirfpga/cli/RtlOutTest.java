package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nirfpga.nir.examples.Examples;

/**
 * {@code rtl-out/} holds exactly what {@code nirfpga compile} writes for every example the
 * generator supports, and its README lists the others with the generator's refusal. With
 * {@code -Drtl-out.update=true} (script {@code rtl-out/regenerate}) the test rewrites the folder
 * instead of comparing.
 */
class RtlOutTest {
  @TempDir
  Path dir;

  /** {@code rtl-out/} of the checkout (tests run in the module folder). */
  static Path rtlOut() {
    return Path.of("").toAbsolutePath().getParent().resolve("rtl-out");
  }

  /** What {@code rtl-out} holds for one example: its compile output or the refusal line. */
  record Outcome(Path folder, String refusal) {}

  /** Writes every example as .nir and compiles it into {@code root/<name>}. */
  static Map<String, Outcome> compileExamples(Path root) throws IOException {
    Path models = Files.createDirectories(root.resolve(".models"));
    Map<String, Outcome> all = new LinkedHashMap<>();
    for (String name : Examples.names()) {
      Path model = models.resolve(name + ".nir");
      CliRunner.Outcome w = CliRunner.run("example", name, "-o", model.toString());
      assertEquals(0, w.exitCode(), w.err());
      Path out = root.resolve(name);
      CliRunner.Outcome c = CliRunner.run("compile", model.toString(), "-o", out.toString());
      if (c.exitCode() == 0) {
        all.put(name, new Outcome(out, null));
      } else {
        assertEquals(Main.EXIT_USER_ERROR, c.exitCode(), name + ": " + c.err());
        assertFalse(Files.exists(out), name + ": a refused compile left " + out);
        all.put(name, new Outcome(null, c.err().strip()));
      }
    }
    delete(models);
    return all;
  }

  /** The README of {@code rtl-out}, from the compile outcomes. */
  static String readme(Map<String, Outcome> outcomes) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("# rtl-out\n\n")
        .append("The `nirfpga compile` output of every built-in example network that the RTL\n")
        .append("generator supports: `rtl-out/NAME/` is what\n")
        .append("`nirfpga example NAME -o NAME.nir && nirfpga compile NAME.nir -o rtl-out/NAME`\n")
        .append("writes (preset `nir`, quantization chosen automatically: 8-bit weights, 16-bit\n")
        .append("state). `RtlOutTest` (module `cli`) compiles them again in a temporary")
        .append(" folder and\n")
        .append("compares byte for byte, and `RtlToolsIT` lints and synthesizes them. After a\n")
        .append("change to the generator, regenerate this folder (README included) with\n\n")
        .append("```sh\nrtl-out/regenerate\n```\n\n")
        .append("## Compiled\n\n")
        .append("| example | top | layers (neurons) | files |\n|---|---|---|---|\n");
    ObjectMapper json = new ObjectMapper();
    for (Map.Entry<String, Outcome> e : outcomes.entrySet()) {
      if (e.getValue().folder() == null) {
        continue;
      }
      JsonNode m = json.readTree(e.getValue().folder().resolve("manifest.json").toFile());
      StringBuilder layers = new StringBuilder();
      for (JsonNode l : m.get("layers")) {
        layers.append(layers.length() == 0 ? "" : ", ").append(l.get("node").asText())
            .append(' ').append(l.get("type").asText()).append(" (")
            .append(l.get("neurons").asInt()).append(')');
      }
      long files;
      try (Stream<Path> s = Files.list(e.getValue().folder())) {
        files = s.count();
      }
      sb.append("| `").append(e.getKey()).append("` | `").append(m.get("top").asText())
          .append("` | ").append(layers).append(" | ").append(files).append(" |\n");
    }
    if (outcomes.values().stream().allMatch(o -> o.refusal() == null)) {
      return sb.append("\nEvery example compiles.\n").toString();
    }
    sb.append("\n## Not supported yet\n\n")
        .append("The generator refuses these examples; its message, as `nirfpga compile`")
        .append(" prints it:\n\n");
    for (Map.Entry<String, Outcome> e : outcomes.entrySet()) {
      if (e.getValue().refusal() != null) {
        sb.append("- `").append(e.getKey()).append("`: `").append(e.getValue().refusal())
            .append("`\n");
      }
    }
    return sb.toString();
  }

  @Test
  void rtlOutHoldsTheCompileOutputOfEverySupportedExample() throws Exception {
    Map<String, Outcome> fresh = compileExamples(dir);
    String readme = readme(fresh);
    Path committed = rtlOut();
    if (Boolean.getBoolean("rtl-out.update")) {
      for (Map.Entry<String, Outcome> e : fresh.entrySet()) {
        Path target = committed.resolve(e.getKey());
        delete(target);
        if (e.getValue().folder() != null) {
          Files.createDirectories(target);
          try (Stream<Path> s = Files.list(e.getValue().folder())) {
            for (Path f : s.toList()) {
              Files.copy(f, target.resolve(f.getFileName()));
            }
          }
        }
      }
      Files.writeString(committed.resolve("README.md"), readme);
      System.out.println("rtl-out.update: rewrote " + committed);
      return;
    }
    assertTrue(fresh.values().stream().anyMatch(o -> o.folder() != null),
        "no example compiles: " + fresh);
    for (Map.Entry<String, Outcome> e : fresh.entrySet()) {
      Path target = committed.resolve(e.getKey());
      if (e.getValue().folder() == null) {
        assertFalse(Files.exists(target), target + " exists but the generator refuses "
            + e.getKey() + "; run rtl-out/regenerate");
        continue;
      }
      assertTrue(Files.isDirectory(target), target + " is missing; run rtl-out/regenerate");
      CompileCommandTest.assertSameFiles(e.getValue().folder(), target);
    }
    assertEquals(readme, Files.readString(committed.resolve("README.md")),
        "rtl-out/README.md is stale; run rtl-out/regenerate");
  }

  @Test
  void aChangedCommittedFileIsReportedByName() throws Exception {
    Map<String, Outcome> fresh = compileExamples(dir.resolve("a"));
    Path copy = dir.resolve("b");
    String name = fresh.entrySet().stream().filter(e -> e.getValue().folder() != null)
        .findFirst().orElseThrow().getKey();
    Path src = fresh.get(name).folder();
    Files.createDirectories(copy);
    try (Stream<Path> s = Files.list(src)) {
      for (Path f : s.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    byte[] m = Files.readAllBytes(copy.resolve("manifest.json"));
    m[m.length / 2] ^= 1;
    Files.write(copy.resolve("manifest.json"), m);
    AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> CompileCommandTest.assertSameFiles(src, copy));
    assertTrue(e.getMessage().startsWith("manifest.json differs"), e.getMessage());
  }

  static void delete(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
