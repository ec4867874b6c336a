package org.nirfpga.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.GoldenResult;
import org.nirfpga.gen.CycleModel;
import org.nirfpga.nir.NirfpgaException;

/**
 * The manifest's cycle model applied to the events of a golden-model run: per step the least and
 * most clock cycles ({@link CycleModel#bounds}) and the exact cycles the testbench measures
 * ({@link CycleModel#replay}, with the testbench's debug reads between steps). The costs are the
 * manifest's {@code cycle_model.constants} (the layer engine's own where it has none), so a
 * planted constant there shows in the figures.
 */
public final class CyclePrediction {
  private final Manifest manifest;
  private final CycleModel model;
  private final List<CycleModel.Step> steps;

  /**
   * The prediction for the RTL folder of {@code manifest}, generated from {@code golden}'s graph,
   * on {@code inputs} (by Input node) whose golden run is {@code run}.
   */
  public CyclePrediction(Manifest manifest, GoldenModel golden, Map<String, double[][]> inputs,
      GoldenResult run) {
    this.manifest = manifest;
    this.model = CycleModel.of(golden, lanes(manifest), pingPong(manifest))
        .withCosts(costs(manifest));
    if (model.layers().size() != manifest.layers().size()) {
      throw new IllegalArgumentException(model.layers().size() + " layers in the graph for "
          + manifest.layers().size() + " layers of RTL");
    }
    this.steps = withInputCodes(manifest, model.steps(inputs, run), inputs);
  }

  /**
   * The steps with every input event as the testbench's driver sends it: an event whose value
   * code is 0 (a graded value too small for the input's format) is marked zero-valued, which a
   * delay line does not store.
   */
  private static List<CycleModel.Step> withInputCodes(Manifest manifest,
      List<CycleModel.Step> steps, Map<String, double[][]> inputs) {
    List<Manifest.EventStream> streams;
    try {
      streams = manifest.inputs();
    } catch (NirfpgaException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    List<CycleModel.Step> out = new ArrayList<>();
    for (int t = 0; t < steps.size(); t++) {
      Map<String, int[]> ev = new LinkedHashMap<>(steps.get(t).events());
      for (Manifest.EventStream s : streams) {
        int vb = s.events().valueBits();
        double[][] x = inputs.get(s.events().node());
        if (vb == 0 || x == null) {
          continue;
        }
        long[] words;
        try {
          words = new EventDriver(s.events()).events(t, x[t]);
        } catch (NirfpgaException e) {
          throw new IllegalArgumentException(e.getMessage(), e);
        }
        int[] e = new int[words.length - 1];
        for (int j = 0; j < e.length; j++) {
          int address = (int) (words[j] >>> vb);
          e[j] = (words[j] & ((1L << vb) - 1)) == 0 ? ~address : address;
        }
        ev.put(s.events().node(), e);
      }
      out.add(new CycleModel.Step(ev));
    }
    return out;
  }

  /** Each layer's lanes as the manifest names them (1 where it names none). */
  static Map<String, Integer> lanes(Manifest manifest) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (JsonNode l : manifest.json().path("layers")) {
      int n = l.path("lanes").asInt(1);
      if (n != 1) {
        out.put(l.path("node").asText(), n);
      }
    }
    return out;
  }

  /** The layers the manifest marks as having two accumulator banks ({@code ping_pong}). */
  static Set<String> pingPong(Manifest manifest) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode l : manifest.json().path("layers")) {
      if (l.path("ping_pong").asBoolean(false)) {
        out.add(l.path("node").asText());
      }
    }
    return out;
  }

  /**
   * The manifest's costs, the layer engine's where a constant is missing, except {@code
   * event_overlap}: a manifest without it was written for engines that took events in IDLE only
   * (0).
   */
  public static CycleModel.Costs costs(Manifest manifest) {
    JsonNode k = manifest.json().path("cycle_model").path("constants");
    CycleModel.Costs d = CycleModel.Costs.LAYER_ENGINE;
    return new CycleModel.Costs(k.path("per_input_event").asInt(d.perInputEvent()),
        k.path("per_weight_word").asInt(d.perWeightWord()),
        k.path("per_neuron").asInt(d.perNeuron()),
        k.path("per_output_event").asInt(d.perOutputEvent()),
        k.path("per_step").asInt(d.perStep()),
        k.path("init_per_neuron").asInt(d.initPerNeuron()),
        k.path("event_overlap").asInt(0));
  }

  /** The model with the manifest's costs. */
  public CycleModel model() {
    return model;
  }

  /** {lower, upper} cycles of step {@code t >= 1}. */
  public long[] bounds(int t) {
    return model.bounds(steps, t);
  }

  /** The cycles of every step as {@link Testbench#run} measures them with {@code options}. */
  public long[] replay(Testbench.Options options) {
    return model.replay(steps, host(manifest, options));
  }

  /**
   * How {@link Testbench#run} drives a design: its consumers' ready period and, when it reads
   * the layers' state after every step, the debug port's cycles between steps (every neuron's
   * v of every layer, and I of CubaLI and CubaLIF layers, {@code latency_cycles} each).
   */
  public static CycleModel.Host host(Manifest manifest, Testbench.Options options) {
    if (options.backToBack()) {
      return new CycleModel.Host(Math.max(1, options.readyPeriod()), 0, true);
    }
    long gap = 0;
    if (options.readState()) {
      for (Manifest.Layer l : manifest.layers()) {
        gap += (long) l.neurons() * (l.hasCurrent() ? 2 : 1)
            * manifest.debug().latencyCycles();
      }
    }
    return new CycleModel.Host(Math.max(1, options.readyPeriod()), gap);
  }
}
