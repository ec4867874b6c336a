package org.nirfpga.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nirfpga.nir.SharedCorpus;

/**
 * {@code nirfpga inspect --json} over every corpus file: files NIR's reader loads load here with
 * every edge naming a listed node; the rest load with warnings or fail with one line naming the fault.
 */
class InspectCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The README's table: file → what {@code nir.read(type_check=False)} does ("OK" or the failure). */
  private static Map<String, String> nirTable() throws IOException {
    Map<String, String> table = new TreeMap<>();
    for (String line : Files.readAllLines(SharedCorpus.nirData().resolve("README.md"))) {
      String[] cells = line.split("\\|");
      if (cells.length >= 5 && cells[1].strip().startsWith("`") && cells[1].contains(".nir")) {
        table.put(cells[1].strip().replace("`", ""), cells[4].strip());
      }
    }
    return table;
  }

  @TestFactory
  Stream<DynamicTest> everyCorpusFileLoadsOrFailsWithOneClearLine() throws IOException {
    Path root = SharedCorpus.nirData();
    Map<String, String> table = nirTable();
    assertTrue(table.size() >= 40, "README table parsed: " + table.size());
    return SharedCorpus.allNirFiles().stream().map(f -> DynamicTest.dynamicTest(
        root.relativize(f).toString(), () -> {
          String rel = root.relativize(f).toString().replace('\\', '/');
          String nir = table.getOrDefault(rel, "?");
          CliRunner.Outcome o = CliRunner.run("inspect", "--json", f.toString());
          if (nir.equals("OK")) {
            assertEquals(0, o.exitCode(), rel + ": " + o.err());
          }
          if (o.exitCode() == 0) {
            JsonNode json = JSON.readTree(o.out());
            Set<String> names = new HashSet<>();
            json.get("nodes").forEach(n -> names.add(n.get("name").asText()));
            assertTrue(names.size() > 0, rel);
            for (JsonNode e : json.get("edges")) {
              assertTrue(resolves(names, e.get(0).asText()) && resolves(names, e.get(1).asText()),
                  rel + ": edge " + e + " names no listed node");
            }
          } else {
            assertEquals(Main.EXIT_USER_ERROR, o.exitCode(), rel + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertTrue(o.err().contains(f.getFileName().toString()), o.err());
            if (nir.contains("KeyError: 'lif'")) {
              assertTrue(o.err().contains("names no node 'lif'"), o.err());
            }
          }
        }));
  }

  /** An edge end names a node directly, or a subgraph whose input/output NIRTorch would take. */
  private static boolean resolves(Set<String> names, String end) {
    return names.contains(end) || names.contains(end + ".input") || names.contains(end + ".output");
  }
}
