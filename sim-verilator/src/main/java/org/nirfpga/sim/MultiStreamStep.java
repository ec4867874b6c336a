package org.nirfpga.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One time step over a top with several input and output streams, clocked from Java one cycle
 * at a time: every input stream gets its own events at once (they are independent ports), and
 * the step ends when every output stream has sent its end-of-step marker. The handshake is the
 * one of the native single-stream loop in {@code nirfpga_shim.cpp}; an output that has ended is
 * no longer made ready, so nothing of the next step is taken early.
 */
final class MultiStreamStep {
  /** The ports of one valid/ready stream: valid, ready, payload. */
  record Ports(String prefix, Port valid, Port ready, Port data) {}

  /**
   * What one step gave.
   *
   * @param outputs per output stream, its payloads before the end-of-step marker
   * @param cycles clock cycles the step took
   */
  record Result(List<long[]> outputs, long cycles) {}

  private MultiStreamStep() {}

  /** The input stream {@code <prefix>_valid_i/_ready_o/_data_i} of {@code model}. */
  static Ports input(RtlSimulator model, String prefix) {
    return new Ports(prefix, model.port(prefix + "_valid_i"), model.port(prefix + "_ready_o"),
        model.port(prefix + "_data_i"));
  }

  /** The output stream {@code <prefix>_valid_o/_ready_i/_data_o} of {@code model}. */
  static Ports output(RtlSimulator model, String prefix) {
    return new Ports(prefix, model.port(prefix + "_valid_o"), model.port(prefix + "_ready_i"),
        model.port(prefix + "_data_o"));
  }

  /**
   * Runs one step: {@code events.get(i)} into {@code ins.get(i)}, payloads of every output
   * collected; the consumers are ready one cycle in {@code readyPeriod} (0: never).
   *
   * @throws CycleBudgetException when some output sent no marker within {@code budget} cycles
   */
  static Result run(RtlSimulator model, List<Ports> ins, List<Ports> outs, List<long[]> events,
      long budget, int readyPeriod) throws CycleBudgetException {
    return runBackToBack(model, ins, outs, List.of(events), budget, readyPeriod).get(0);
  }

  /**
   * Runs every step back to back, as a host that streams: input i gets all its steps' events
   * ({@code steps.get(t).get(i)}, each step's ending with its marker) one after another, without
   * waiting for the outputs, which are ready one cycle in {@code readyPeriod} (counted from the
   * first cycle of the run) until their last marker. Step t ends in the cycle the last output
   * takes its marker number t; its cycles are those since the step before ended.
   *
   * @throws CycleBudgetException when a step did not end within {@code budget} cycles
   */
  static List<Result> runBackToBack(RtlSimulator model, List<Ports> ins, List<Ports> outs,
      List<List<long[]>> steps, long budget, int readyPeriod) throws CycleBudgetException {
    int n = steps.size();
    List<long[]> events = new ArrayList<>();
    for (int i = 0; i < ins.size(); i++) {
      List<Long> all = new ArrayList<>();
      for (List<long[]> step : steps) {
        for (long w : step.get(i)) {
          all.add(w);
        }
      }
      events.add(all.stream().mapToLong(Long::longValue).toArray());
    }
    int[] next = new int[ins.size()];
    boolean[] fire = new boolean[ins.size()];
    // Per output, the markers it has taken: the step its next payload belongs to.
    int[] seen = new int[outs.size()];
    List<List<List<Long>>> got = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      List<List<Long>> g = new ArrayList<>();
      for (int j = 0; j < outs.size(); j++) {
        g.add(new ArrayList<>());
      }
      got.add(g);
    }
    List<Result> results = new ArrayList<>();
    long c = 0;
    long stepStart = 0;
    while (results.size() < n) {
      if (c - stepStart >= budget) {
        int t = results.size();
        boolean[] ended = new boolean[outs.size()];
        for (int j = 0; j < outs.size(); j++) {
          ended[j] = seen[j] > t;
        }
        String top = model.library().top() + (n > 1 ? " (steps back to back, step " + t + ")"
            : "");
        throw budgetError(top, ins, outs, events, next, ended, got.get(t), c - stepStart);
      }
      boolean ready = readyPeriod == 1 || (readyPeriod > 1 && c % readyPeriod == readyPeriod - 1);
      for (int j = 0; j < outs.size(); j++) {
        model.poke(outs.get(j).ready().index(), ready && seen[j] < n ? 1 : 0);
      }
      for (int i = 0; i < ins.size(); i++) {
        Ports p = ins.get(i);
        boolean valid = next[i] < events.get(i).length;
        model.poke(p.valid().index(), valid ? 1 : 0);
        if (valid) {
          model.poke(p.data().index(), events.get(i)[next[i]]);
        }
        fire[i] = valid && model.peek(p.ready().index()) != 0;
      }
      for (int j = 0; j < outs.size(); j++) {
        Ports p = outs.get(j);
        if (seen[j] == n || !ready || model.peek(p.valid().index()) == 0) {
          continue;
        }
        long d = model.peek(p.data().index()) & p.data().mask();
        if (((d >>> (p.data().width() - 1)) & 1) != 0) {
          seen[j]++;
        } else {
          got.get(seen[j]).get(j).add(d);
        }
      }
      model.tick(1);
      c++;
      for (int i = 0; i < ins.size(); i++) {
        if (fire[i]) {
          next[i]++;
        }
      }
      while (results.size() < n && Arrays.stream(seen).min().getAsInt() > results.size()) {
        List<long[]> outputs = new ArrayList<>();
        for (List<Long> g : got.get(results.size())) {
          outputs.add(g.stream().mapToLong(Long::longValue).toArray());
        }
        results.add(new Result(outputs, c - stepStart));
        stepStart = c;
      }
    }
    for (Ports p : ins) {
      model.poke(p.valid().index(), 0);
    }
    for (Ports p : outs) {
      model.poke(p.ready().index(), 0);
    }
    return results;
  }

  private static CycleBudgetException budgetError(String top, List<Ports> ins, List<Ports> outs,
      List<long[]> events, int[] next, boolean[] ended, List<List<Long>> got, long cycles) {
    List<String> waiting = new ArrayList<>();
    int seen = 0;
    for (int j = 0; j < outs.size(); j++) {
      seen += got.get(j).size();
      if (!ended[j]) {
        waiting.add(outs.get(j).prefix());
      }
    }
    List<String> taken = new ArrayList<>();
    int inputs = 0;
    for (int i = 0; i < ins.size(); i++) {
      inputs += next[i];
      taken.add(ins.get(i).prefix() + " " + next[i] + " of " + events.get(i).length);
    }
    return new CycleBudgetException(top + ": no end-of-step marker on output stream"
        + (waiting.size() > 1 ? "s " : " ") + String.join(", ", waiting) + " within " + cycles
        + " cycles (input events taken: " + String.join(", ", taken) + "; " + seen
        + " output events seen before)", cycles, inputs, seen);
  }
}
