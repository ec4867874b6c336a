package org.nirfpga.gen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nirfpga.fixed.GoldenModel;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.nir.NirfpgaException;

/**
 * How a layer of {@code n} neurons is split over {@code lanes} lanes: neuron {@code a} lives in
 * lane {@code a mod lanes} at local address {@code a / lanes}, so the lanes of one local address
 * hold consecutive global addresses and a lane's address is its global address with the lane
 * bits dropped. Each lane is a whole layer engine over its own neurons: its own weight rows
 * (the words whose targets are in the lane), accumulators, state and neuron pipeline.
 */
public final class Lanes {
  /** Most lanes a layer may have. */
  public static final int MAX = 16;

  private Lanes() {}

  /** Whether {@code lanes} is a lane count the generator builds: a power of two up to MAX. */
  static boolean valid(int lanes) {
    return lanes >= 1 && lanes <= MAX && Integer.bitCount(lanes) == 1;
  }

  /** Bits of the lane number within an address. */
  static int laneBits(int lanes) {
    return Integer.numberOfTrailingZeros(lanes);
  }

  /** Neurons of lane {@code lane}: the addresses below n that are lane mod lanes. */
  static int size(int n, int lanes, int lane) {
    return (n - lane + lanes - 1) / lanes;
  }

  /**
   * The constants of lane {@code lane} of {@code c}: per-neuron arrays keep the lane's neurons,
   * each chain's rows keep the words that target them (at local addresses, in their order).
   */
  static LayerConstants slice(LayerConstants c, int lanes, int lane) {
    int n = c.threshold().length;
    if (!valid(lanes) || lane < 0 || lane >= lanes || lanes > n) {
      throw new IllegalArgumentException("lane " + lane + " of " + lanes + " for "
          + c.path() + " of " + n + " neurons");
    }
    int m = size(n, lanes, lane);
    List<LayerConstants.Chain> chains = new ArrayList<>();
    for (LayerConstants.Chain ch : c.chains()) {
      int rows = ch.targets().length;
      int[][] targets = new int[rows][];
      long[][] weights = new long[rows][];
      for (int j = 0; j < rows; j++) {
        int[] t = ch.targets()[j];
        long[] w = ch.weights()[j];
        int k = 0;
        for (int x : t) {
          if (x % lanes == lane) {
            k++;
          }
        }
        targets[j] = new int[k];
        weights[j] = new long[k];
        k = 0;
        for (int e = 0; e < t.length; e++) {
          if (t[e] % lanes == lane) {
            targets[j][k] = t[e] / lanes;
            weights[j][k] = w[e];
            k++;
          }
        }
      }
      chains.add(new LayerConstants.Chain(ch.source(), ch.synapses(), ch.lag(), ch.delay(),
          targets, weights));
    }
    long[][] preload = new long[c.preload().length][];
    for (int b = 0; b < preload.length; b++) {
      preload[b] = pick(c.preload()[b], n, lanes, lane, m);
    }
    boolean[] drives = new boolean[c.currentDrivesV().length == n ? m
        : c.currentDrivesV().length];
    for (int i = 0; i < drives.length; i++) {
      drives[i] = c.currentDrivesV().length == n ? c.currentDrivesV()[i * lanes + lane]
          : c.currentDrivesV()[i];
    }
    return new LayerConstants(c.path(), c.type(), c.quant(), List.copyOf(chains),
        c.preloadFrom().clone(), preload, pick(c.alphaV(), n, lanes, lane, m),
        pick(c.shiftV(), n, lanes, lane, m), pick(c.alphaI(), n, lanes, lane, m),
        pick(c.shiftI(), n, lanes, lane, m), pick(c.leak(), n, lanes, lane, m),
        pick(c.threshold(), n, lanes, lane, m), pick(c.reset(), n, lanes, lane, m), drives,
        c.multiSpike());
  }

  /** A per-neuron array's lane entries; an array of another length (unused) is kept. */
  private static long[] pick(long[] a, int n, int lanes, int lane, int m) {
    if (a.length != n) {
      return a.clone();
    }
    long[] out = new long[m];
    for (int i = 0; i < m; i++) {
      out[i] = a[i * lanes + lane];
    }
    return out;
  }

  private static int[] pick(int[] a, int n, int lanes, int lane, int m) {
    if (a.length != n) {
      return a.clone();
    }
    int[] out = new int[m];
    for (int i = 0; i < m; i++) {
      out[i] = a[i * lanes + lane];
    }
    return out;
  }

  /** Per source address of every chain, the most words any lane reads for it. */
  static int[][] rowWords(LayerConstants c, int lanes) {
    int[][] out = new int[c.chains().size()][];
    for (int k = 0; k < out.length; k++) {
      int[][] t = c.chains().get(k).targets();
      out[k] = new int[t.length];
      for (int j = 0; j < t.length; j++) {
        int[] per = new int[lanes];
        for (int x : t[j]) {
          per[x % lanes]++;
        }
        out[k][j] = Arrays.stream(per).max().orElse(0);
      }
    }
    return out;
  }

  /**
   * The lanes of every layer of {@code golden}'s graph.
   *
   * @param golden the golden model of the graph
   * @param every lanes of a layer not in {@code named} and not chosen by the target: capped at
   *     the largest power of two the layer's neurons allow
   * @param named lanes by neuron node path, as given (the generator checks them)
   * @param targetCycles when above 0, a layer not in {@code named} gets the fewest lanes whose
   *     worst-case cycles per step ({@link #worstCycles}) are at most this, or the most it can
   *     have when none are
   * @return lanes by layer path, every layer named
   */
  public static Map<String, Integer> plan(GoldenModel golden, int every,
      Map<String, Integer> named, long targetCycles) throws NirfpgaException {
    if (!valid(every)) {
      throw new NirfpgaException("--lanes " + every + ": lanes are a power of two from 1 to "
          + MAX);
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    List<String> paths = new ArrayList<>();
    for (LayerConstants c : golden.constants()) {
      paths.add(c.path());
    }
    for (String k : named.keySet()) {
      if (!paths.contains(k)) {
        throw new NirfpgaException("--lanes " + k + "=" + named.get(k) + ": '" + k + "' is no"
            + " neuron node of the graph; its layers are " + String.join(", ", paths));
      }
    }
    for (LayerConstants c : golden.constants()) {
      int n = c.threshold().length;
      int most = Integer.highestOneBit(Math.min(MAX, n));
      int l;
      if (named.containsKey(c.path())) {
        l = named.get(c.path());
      } else if (targetCycles > 0) {
        l = 1;
        while (l < most && worstCycles(c, l) > targetCycles) {
          l *= 2;
        }
      } else {
        l = Math.min(every, most);
      }
      out.put(c.path(), l);
    }
    return out;
  }

  /**
   * Cycles of layer {@code c} over {@code lanes} lanes in a step in which every address of every
   * source sends one event (the layer formula of {@link CycleModel} with the engine's costs): its
   * scatter and its neuron scan, before any wait on a producer or consumer.
   */
  public static long worstCycles(LayerConstants c, int lanes) {
    CycleModel.Costs k = CycleModel.Costs.LAYER_ENGINE;
    long events = 0;
    long words = 0;
    for (int[] chain : rowWords(c, lanes)) {
      events += chain.length;
      for (int w : chain) {
        words += w;
      }
    }
    return k.perInputEvent() * events + k.perWeightWord() * words
        + (long) k.perNeuron() * size(c.threshold().length, lanes, 0) + k.perStep();
  }
}
