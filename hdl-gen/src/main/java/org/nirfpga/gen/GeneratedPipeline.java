package org.nirfpga.gen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.Stream;
import org.nirfpga.hdl.emit.EmittedDesign;

/**
 * The RTL of one graph: the built top module (for {@link PipelineSimulation}), its emitted
 * Verilog and memory images, and {@code manifest.json}.
 *
 * @param top the built top module
 * @param in the first input event stream ({eot, address[, value]})
 * @param out the first output event stream ({eot, address[, value]})
 * @param dbgLayer debug port: layer select input
 * @param dbgAddr debug port: neuron address input
 * @param dbgV debug port: the selected state (v, or I with dbg_var_i = 1) of the selected
 *     neuron one clock later, sign-extended
 * @param satAcc status: accumulator saturation events of the selected layer
 * @param satV status: v saturation events of the selected layer
 * @param timestep status: time steps completed since reset
 * @param layers the layers in pipeline order
 * @param instances the layer instances in pipeline order
 * @param design the emitted Verilog
 * @param manifestJson the manifest's text
 * @param inputs every input stream, in the graph's input order
 * @param outputs every output stream, in the graph's output order
 * @param cycles the cycle model of the pipeline (the manifest's {@code cycle_model})
 * @param weights the weight image to load through the {@code wl} stream before the network
 *     runs, or null when every weight store is initialised by the bitstream
 */
public record GeneratedPipeline(Module top, Stream in, Stream out, Signal dbgLayer,
    Signal dbgAddr, Signal dbgV, Signal satAcc, Signal satV, Signal timestep,
    List<LayerInfo> layers, List<Instance> instances,
    EmittedDesign design, String manifestJson, List<EventPort> inputs,
    List<EventPort> outputs, CycleModel cycles, WeightImage weights) {
  public GeneratedPipeline {
    layers = List.copyOf(layers);
    instances = List.copyOf(instances);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** The top module's port named {@code name} (e.g. {@code dbg_var_i}, {@code sat_i_o}). */
  public Signal port(String name) {
    for (Signal s : top.ports()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("top module " + top.name() + " has no port " + name);
  }

  /** Status: the sticky error bits {@code err_o} (see {@link PipelineGenerator#ERR_BITS}). */
  public Signal err() {
    return port("err_o");
  }

  /** File name to contents: every Verilog file, every memory image and {@code manifest.json}. */
  public Map<String, String> files() {
    Map<String, String> all = new TreeMap<>(design.files());
    all.put("manifest.json", manifestJson);
    if (weights != null) {
      all.put(WeightImage.FILE, weights.hex());
    }
    return all;
  }

  /** Writes {@link #files()} into {@code dir} (created if missing); returns the paths written. */
  public List<Path> writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, String> f : files().entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.write(p, f.getValue().getBytes(StandardCharsets.UTF_8));
      written.add(p);
    }
    return written;
  }
}
