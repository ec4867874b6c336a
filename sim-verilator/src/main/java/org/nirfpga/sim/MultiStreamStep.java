package org.nirfpga.sim;

import java.util.ArrayList;
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
    int[] next = new int[ins.size()];
    boolean[] fire = new boolean[ins.size()];
    boolean[] ended = new boolean[outs.size()];
    List<List<Long>> got = new ArrayList<>();
    for (int j = 0; j < outs.size(); j++) {
      got.add(new ArrayList<>());
    }
    int open = outs.size();
    long c = 0;
    while (open > 0) {
      if (c >= budget) {
        throw budgetError(model.library().top(), ins, outs, events, next, ended, got, c);
      }
      boolean ready = readyPeriod == 1 || (readyPeriod > 1 && c % readyPeriod == readyPeriod - 1);
      for (int j = 0; j < outs.size(); j++) {
        model.poke(outs.get(j).ready().index(), ready && !ended[j] ? 1 : 0);
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
        if (ended[j] || !ready || model.peek(p.valid().index()) == 0) {
          continue;
        }
        long d = model.peek(p.data().index()) & p.data().mask();
        if (((d >>> (p.data().width() - 1)) & 1) != 0) {
          ended[j] = true;
          open--;
        } else {
          got.get(j).add(d);
        }
      }
      model.tick(1);
      c++;
      for (int i = 0; i < ins.size(); i++) {
        if (fire[i]) {
          next[i]++;
        }
      }
    }
    for (Ports p : ins) {
      model.poke(p.valid().index(), 0);
    }
    List<long[]> outputs = new ArrayList<>();
    for (List<Long> g : got) {
      outputs.add(g.stream().mapToLong(Long::longValue).toArray());
    }
    return new Result(outputs, c);
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
