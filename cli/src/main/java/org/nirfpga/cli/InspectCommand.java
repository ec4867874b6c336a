package org.nirfpga.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nirfpga.nir.check.Finding;
import org.nirfpga.nir.check.Mode;
import org.nirfpga.nir.check.NodeShape;
import org.nirfpga.nir.check.Severity;
import org.nirfpga.nir.check.ValidateGraph;
import org.nirfpga.nir.check.ValidationReport;
import org.nirfpga.nir.graph.Dims;
import org.nirfpga.nir.graph.Edge;
import org.nirfpga.nir.graph.NirGraph;
import org.nirfpga.nir.graph.NirNode;
import org.nirfpga.nir.graph.Tensor;
import org.nirfpga.nir.hdf5.NirFile;
import org.nirfpga.nir.hdf5.NirReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nirfpga inspect}: loads and validates a {@code .nir} file and shows its nodes and edges. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Load and validate a .nir file; print its nodes (with inferred shapes and "
        + "parameter ranges), edges and warnings.")
final class InspectCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The .nir file.")
  Path file;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--strict",
      description = "Type-check as NIR's reader does by default: shape mismatches are errors.")
  boolean strict;

  @Override
  public Integer call() throws Exception {
    NirFile nir = NirReader.read(file);
    ValidationReport report = ValidateGraph.run(nir.graph(), strict ? Mode.STRICT : Mode.LENIENT);
    report.throwIfErrors(file.getFileName().toString());
    List<String> warnings = new ArrayList<>(nir.warnings());
    for (Finding f : report.findings()) {
      if (f.severity() == Severity.WARNING) {
        warnings.add((f.path().isEmpty() ? "" : f.path() + ": ") + f.message());
      }
    }
    List<Map<String, Object>> nodes = new ArrayList<>();
    List<List<String>> edges = new ArrayList<>();
    collect("", nir.graph(), report, nodes, edges);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("file", file.toString());
      root.put("version", nir.version().orElse(null));
      root.put("nodes", nodes);
      root.put("edges", edges);
      root.put("warnings", warnings);
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(root));
    } else {
      printTable(out, nir, nodes, edges, warnings);
    }
    return 0;
  }

  private static void collect(String prefix, NirGraph graph, ValidationReport report,
      List<Map<String, Object>> nodes, List<List<String>> edges) {
    for (Map.Entry<String, NirNode> e : graph.nodes().entrySet()) {
      String path = prefix + e.getKey();
      NirNode node = e.getValue();
      NodeShape shape = report.shapes().node(path).orElse(null);
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("name", path);
      n.put("type", node.type());
      n.put("inputShape", shape == null ? null : shape.input().map(Dims::toArray).orElse(null));
      n.put("outputShape", shape == null ? null : shape.output().map(Dims::toArray).orElse(null));
      Map<String, Object> params = new LinkedHashMap<>();
      for (Map.Entry<String, Tensor> p : node.params().entrySet()) {
        Tensor t = p.getValue();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("shape", t.shape());
        d.put("min", t.min());
        d.put("max", t.max());
        d.put("uniform", t.isUniform());
        params.put(p.getKey(), d);
      }
      params.putAll(NodeFields.hyperParameters(node));
      n.put("params", params);
      nodes.add(n);
      if (node instanceof NirGraph sub) {
        collect(path + ".", sub, report, nodes, edges);
      }
    }
    for (Edge edge : graph.edges()) {
      edges.add(List.of(prefix + edge.source(), prefix + edge.destination()));
    }
  }

  private static void printTable(PrintWriter out, NirFile nir, List<Map<String, Object>> nodes,
      List<List<String>> edges, List<String> warnings) {
    out.printf("%s  (NIR version %s)%n", nir.path(), nir.version().orElse("not recorded"));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"node", "type", "input", "output", "parameters"});
    for (Map<String, Object> n : nodes) {
      rows.add(new String[] {(String) n.get("name"), (String) n.get("type"),
          shapeText(n.get("inputShape")), shapeText(n.get("outputShape")),
          paramText(n.get("params"))});
    }
    int[] width = new int[4];
    for (String[] r : rows) {
      for (int i = 0; i < 4; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      out.printf("%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %-" + width[3]
          + "s  %s%n", r[0], r[1], r[2], r[3], r[4]);
    }
    out.printf("%nedges (%d):%n", edges.size());
    for (List<String> e : edges) {
      out.printf("  %s -> %s%n", e.get(0), e.get(1));
    }
    if (!warnings.isEmpty()) {
      out.printf("%nwarnings (%d):%n", warnings.size());
      warnings.forEach(w -> out.println("  " + w));
    }
  }

  private static String shapeText(Object shape) {
    return shape instanceof int[] s ? Dims.of(s).toString() : "?";
  }

  @SuppressWarnings("unchecked")
  private static String paramText(Object params) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Object> p : ((Map<String, Object>) params).entrySet()) {
      if (p.getValue() instanceof Map<?, ?> d) {
        Dims shape = Dims.of((int[]) d.get("shape"));
        double min = (double) d.get("min");
        double max = (double) d.get("max");
        String range = Boolean.TRUE.equals(d.get("uniform")) ? "=" + fmt(min)
            : " " + fmt(min) + ".." + fmt(max);
        parts.add(p.getKey() + shape + range);
      } else {
        parts.add(p.getKey() + "=" + NodeFields.text(p.getValue()));
      }
    }
    return String.join(" ", parts);
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.4g", v);
  }

}
