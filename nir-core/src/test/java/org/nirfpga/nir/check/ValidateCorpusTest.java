package org.nirfpga.nir.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nirfpga.nir.SharedCorpus;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.hdf5.NirReader;

/**
 * Validates every corpus file and compares with what NIR's Python reader does (the table in
 * {@code nir-data/README.md}): files NIR type-checks clean are clean in strict mode, files whose
 * type check fails give a strict error naming the same nodes and shapes, lenient mode turns shape
 * problems into warnings, and edges to a missing node are errors in both modes.
 */
class ValidateCorpusTest {
  private static final Pattern ROW =
      Pattern.compile("^\\| `([^`]+)` \\| \\d+ \\| (.*?) \\| (.*) \\|$");
  private static final Pattern MISMATCH =
      Pattern.compile("type mismatch: (.+)\\.output: (.+?) -> (.+)\\.input: (.*)");
  private static final Pattern KEY_ERROR = Pattern.compile("KeyError: '([^']+)'");
  private static final Pattern INT = Pattern.compile("\\d+");

  /** README's nir.read column by path. */
  private static Map<String, String> nirVerdicts(Path nirData) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(nirData.resolve("README.md"))) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        out.put(m.group(1), m.group(2));
      }
    }
    return out;
  }

  /** NumPy's {@code [[256  12]]} as our {@code (256, 12)}; a truncated one as its prefix. */
  static String shapeText(String numpy) {
    List<String> ints = new ArrayList<>();
    Matcher m = INT.matcher(numpy);
    while (m.find()) {
      ints.add(m.group());
    }
    boolean complete = numpy.trim().endsWith("]");
    if (!complete) {
      return "(" + String.join(", ", ints);
    }
    return "(" + String.join(", ", ints) + (ints.size() == 1 ? ",)" : ")");
  }

  @TestFactory
  Stream<DynamicTest> everyCorpusFileValidatesAsNirTypeChecksIt() throws IOException {
    Path nirData = SharedCorpus.nirData();
    Map<String, String> verdicts = nirVerdicts(nirData);
    assertFalse(verdicts.isEmpty(), "no table rows in " + nirData.resolve("README.md"));
    return SharedCorpus.allNirFiles().stream().map(file -> {
      String rel = nirData.relativize(file).toString().replace('\\', '/');
      return DynamicTest.dynamicTest(rel, () -> check(file, rel, verdicts.get(rel)));
    });
  }

  private static void check(Path file, String rel, String verdict) throws Exception {
    assertNotNull(verdict, rel + " has no row in nir-data/README.md");
    NirGraph graph = NirReader.read(file).graph();
    ValidationReport strict = ValidateGraph.run(graph, Mode.STRICT);
    ValidationReport lenient = ValidateGraph.run(graph, Mode.LENIENT);
    if (verdict.equals("OK")) {
      assertEquals(List.of(), strict.errors(), rel + " type-checks in NIR");
      assertEquals(List.of(), lenient.errors(), rel);
      return;
    }
    assertTrue(strict.hasErrors(), rel + " fails NIR's reader: " + verdict);
    Matcher key = KEY_ERROR.matcher(verdict);
    if (key.find()) {
      String needle = "names no node '" + key.group(1) + "'";
      for (ValidationReport r : List.of(strict, lenient)) {
        assertTrue(r.errors().stream().anyMatch(f -> f.message().startsWith("edge (")
            && f.message().contains(needle)), rel + ": expected an edge error with " + needle
            + " in " + r.mode() + " mode, got " + r.errors());
      }
      return;
    }
    assertEquals(List.of(), lenient.errors(), rel + ": lenient mode only warns");
    Matcher mm = MISMATCH.matcher(verdict.replaceAll("\\)$", ""));
    if (mm.find()) {
      String pre = mm.group(1) + ".output " + shapeText(mm.group(2));
      String post = mm.group(3) + ".input " + shapeText(mm.group(4));
      // NIR names nodes inside a subgraph by their local names; we prefix the subgraph's path.
      Pattern expected = Pattern.compile("type mismatch: (\\S+\\.)?" + Pattern.quote(pre)
          + " -> (\\S+\\.)?" + Pattern.quote(post));
      String errors = strict.errors().stream().map(Finding::message)
          .collect(Collectors.joining("\n"));
      assertTrue(strict.errors().stream().anyMatch(f -> expected.matcher(f.message()).find()),
          rel + ": expected 'type mismatch: " + pre + " -> " + post + "' among\n" + errors);
    } else if (verdict.contains("All parameters must have the same shape")) {
      assertTrue(strict.errors().stream()
          .anyMatch(f -> f.message().contains("parameters differ in shape")), rel);
    }
  }

  @Test
  void everyNodeOfTheGeneratedFilesHasItsShapeInferred() throws Exception {
    Path dir = SharedCorpus.nirData().resolve("generated_with_nir_HEAD_7232ada");
    ShapeInfo all = ValidateGraph.run(NirReader.read(dir.resolve("gen_all_primitives.nir"))
        .graph(), Mode.STRICT).shapes();
    assertEquals("(2, 8, 8) -> (4, 8, 8)", all.nodes().get("conv").toString());
    assertEquals("(4, 8, 8) -> (4, 8, 8)", all.nodes().get("if").toString());
    assertEquals("(4, 8, 8) -> (4, 4, 4)", all.nodes().get("pool").toString());
    assertEquals("(4, 4, 4) -> (64,)", all.nodes().get("flat").toString());
    assertEquals("(64,) -> (10,)", all.nodes().get("aff").toString());
    assertEquals("(10,) -> (10,)", all.nodes().get("li").toString());
    ShapeInfo misc = ValidateGraph.run(NirReader.read(dir.resolve("gen_misc_subgraph.nir"))
        .graph(), Mode.STRICT).shapes();
    assertEquals("(1, 16) -> (1, 16)", misc.nodes().get("conv1").toString());
    assertEquals("(1, 16) -> (16,)", misc.nodes().get("flat").toString());
    assertEquals("(16,) -> (3,)", misc.nodes().get("aff").toString());
    assertEquals("(3,) -> (3,)", misc.nodes().get("sub").toString());
    assertEquals("(3,) -> (3,)", misc.nodes().get("sub.cuba").toString());
    for (ShapeInfo info : List.of(all, misc)) {
      info.nodes().forEach((path, shape) -> assertTrue(shape.isKnown(), path + " " + shape));
    }
  }
}
