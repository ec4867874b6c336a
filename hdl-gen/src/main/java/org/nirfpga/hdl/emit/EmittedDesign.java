package org.nirfpga.hdl.emit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of one emitted design, by file name: {@code <module>.v} for every module (children
 * before parents, the top last) and {@code <module>_<memory>.hex} for initialized memories.
 * {@code topPorts} maps each top-level port's given name to its Verilog name, in port order,
 * starting with {@code clk_i} and {@code rst_ni} when the top uses them.
 */
public record EmittedDesign(String top, Map<String, String> files, Map<String, String> topPorts) {
  public EmittedDesign {
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    topPorts = Collections.unmodifiableMap(new LinkedHashMap<>(topPorts));
  }

  /** File name of the top module, {@code <top>.v}. */
  public String topFile() {
    return top + ".v";
  }

  /** Verilog file names in dependency order (children first). */
  public List<String> verilogFiles() {
    List<String> out = new ArrayList<>();
    for (String f : files.keySet()) {
      if (f.endsWith(".v")) {
        out.add(f);
      }
    }
    return out;
  }

  /** Writes every file into {@code dir} (created if missing); returns the written paths. */
  public List<Path> writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    for (Map.Entry<String, String> e : files.entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
      out.add(p);
    }
    return out;
  }
}
