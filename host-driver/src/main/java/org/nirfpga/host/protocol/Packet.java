package org.nirfpga.host.protocol;

import java.util.Arrays;
import org.nirfpga.gen.link.LinkSpec;

/**
 * A packet of the wire protocol: what a frame's type and payload mean (docs/protocol.md). Host →
 * device packets are the records up to {@link WriteWeights}, device → host the rest.
 */
public sealed interface Packet {
  /** The packet type byte. */
  int type();

  /** Largest address an event or state read can name: 24 bits. */
  int MAX_ADDRESS = 0xffffff;

  /** Ping: asks for the device's {@link Pong}. */
  record Ping() implements Packet {
    public int type() {
      return LinkSpec.PING;
    }
  }

  /** Returns the network to its initial state and clears the link's status counters. */
  record Reset() implements Packet {
    public int type() {
      return LinkSpec.RESET;
    }
  }

  /** Input events of the current time step: neuron addresses, each 0..2^24-1. */
  record Events(int[] addresses) implements Packet {
    public Events {
      addresses = addresses.clone();
      for (int a : addresses) {
        checkAddress(a);
      }
    }

    public int type() {
      return LinkSpec.EVENTS;
    }

    @Override
    public int[] addresses() {
      return addresses.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Events e && Arrays.equals(e.addresses, addresses);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(addresses);
    }

    @Override
    public String toString() {
      return "Events" + Arrays.toString(addresses);
    }
  }

  /** Input events with a signed 16-bit value each. */
  record ValuedEvents(int[] addresses, int[] values) implements Packet {
    public ValuedEvents {
      addresses = addresses.clone();
      values = values.clone();
      if (addresses.length != values.length) {
        throw new IllegalArgumentException(addresses.length + " addresses but " + values.length
            + " values");
      }
      for (int a : addresses) {
        checkAddress(a);
      }
      for (int v : values) {
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
          throw new IllegalArgumentException("event value " + v + " does not fit s16");
        }
      }
    }

    public int type() {
      return LinkSpec.EVENTS_VALUED;
    }

    @Override
    public int[] addresses() {
      return addresses.clone();
    }

    @Override
    public int[] values() {
      return values.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ValuedEvents e && Arrays.equals(e.addresses, addresses)
          && Arrays.equals(e.values, values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(addresses) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return "ValuedEvents" + Arrays.toString(addresses) + Arrays.toString(values);
    }
  }

  /** Ends the current time step. */
  record EndStep() implements Packet {
    public int type() {
      return LinkSpec.END_STEP;
    }
  }

  /** Runs {@code steps} time steps without input (1..65535). */
  record RunEmpty(int steps) implements Packet {
    public RunEmpty {
      if (steps < 1 || steps > 0xffff) {
        throw new IllegalArgumentException("empty steps " + steps + " must be 1..65535");
      }
    }

    public int type() {
      return LinkSpec.RUN_EMPTY;
    }
  }

  /** Reads {@code count} membrane words of {@code layer} from {@code address} on. */
  record ReadState(int layer, int address, int count) implements Packet {
    public ReadState {
      checkByte("layer", layer);
      checkAddress(address);
      if (count < 1 || count > LinkSpec.MAX_STATE_WORDS) {
        throw new IllegalArgumentException("state word count " + count + " must be 1.."
            + LinkSpec.MAX_STATE_WORDS);
      }
    }

    public int type() {
      return LinkSpec.READ_STATE;
    }
  }

  /** Reads the status counters, with the saturation counters of {@code layer}. */
  record ReadStatus(int layer) implements Packet {
    public ReadStatus {
      checkByte("layer", layer);
    }

    public int type() {
      return LinkSpec.READ_STATUS;
    }
  }

  /** Asks for the last step's output again (after a corrupted {@link StepOutput}). */
  record ResendOutput() implements Packet {
    public int type() {
      return LinkSpec.RESEND_OUTPUT;
    }
  }

  /**
   * Words of the weight image of a build with weights in SPRAM: word k goes to image address
   * {@code first + k}.
   *
   * @param first the image address of the first word (u24)
   * @param words the words (u32 each, at least one)
   */
  record WriteWeights(int first, long[] words) implements Packet {
    public WriteWeights {
      if (first < 0 || first > 0xffffff || words.length == 0) {
        throw new IllegalArgumentException("WRITE_WEIGHTS needs a first address 0..2^24-1 and"
            + " at least one word (" + first + ", " + words.length + " words)");
      }
      for (long w : words) {
        if (w < 0 || w > 0xffffffffL) {
          throw new IllegalArgumentException("weight word " + w + " is not a u32");
        }
      }
      words = words.clone();
    }

    @Override
    public long[] words() {
      return words.clone();
    }

    public int type() {
      return LinkSpec.WRITE_WEIGHTS;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof WriteWeights w && w.first == first && Arrays.equals(w.words, words);
    }

    @Override
    public int hashCode() {
      return 31 * first + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
      return "WriteWeights[first=" + first + ", " + words.length + " words]";
    }
  }

  /**
   * The device's identity and capabilities.
   *
   * @param identity first four bytes of the SHA-256 of the accelerator's manifest.json
   * @param version protocol version
   * @param slots receive slots: frames the host may have unacknowledged
   * @param maxPayload largest host → device payload the device takes
   * @param inputSize input addresses (0..inputSize-1 are valid)
   * @param outputSize output addresses
   * @param layers layers readable with {@link ReadState}
   * @param flags {@code LinkSpec.FLAG_*}
   */
  record Pong(long identity, int version, int slots, int maxPayload, int inputSize,
      int outputSize, int layers, int flags) implements Packet {
    public Pong {
      if (identity < 0 || identity > 0xffffffffL) {
        throw new IllegalArgumentException("identity " + identity + " must be a u32");
      }
      checkByte("version", version);
      checkByte("slots", slots);
      checkByte("layers", layers);
      checkByte("flags", flags);
      checkAddress(inputSize);
      checkAddress(outputSize);
      if (maxPayload < 0 || maxPayload > 0xffff) {
        throw new IllegalArgumentException("max payload " + maxPayload + " must be a u16");
      }
    }

    public int type() {
      return LinkSpec.PONG;
    }
  }

  /** Acknowledges the frame whose seq the header carries; {@code freeSlots} after it. */
  record Ack(int freeSlots) implements Packet {
    public Ack {
      checkByte("free slots", freeSlots);
    }

    public int type() {
      return LinkSpec.ACK;
    }
  }

  /** Refuses the frame whose seq the header carries (codes {@code LinkSpec.E_*}). */
  record Error(int code, long detail) implements Packet {
    public Error {
      checkByte("error code", code);
      if (detail < 0 || detail > 0xffffffffL) {
        throw new IllegalArgumentException("error detail " + detail + " must be a u32");
      }
    }

    public int type() {
      return LinkSpec.ERROR;
    }

    /** Whether the frame was not taken and may be sent again. */
    public boolean retryable() {
      return LinkSpec.retryable(code);
    }

    @Override
    public String toString() {
      return "Error[" + LinkSpec.errorName(code) + ", detail=" + detail + "]";
    }
  }

  /**
   * The output of time step {@code timestep}: event addresses and, for a non-spiking readout,
   * values (else {@code values} is null). Also marks the end of that step.
   */
  record StepOutput(long timestep, int[] addresses, int[] values) implements Packet {
    public StepOutput {
      if (timestep < 0 || timestep > 0xffffffffL) {
        throw new IllegalArgumentException("timestep " + timestep + " must be a u32");
      }
      addresses = addresses.clone();
      // An empty step carries no sign of whether values would follow: one canonical form.
      values = values == null || addresses.length == 0 ? null : values.clone();
      if (values != null && values.length != addresses.length) {
        throw new IllegalArgumentException(addresses.length + " addresses but " + values.length
            + " values");
      }
      if (addresses.length > 0xffff) {
        throw new IllegalArgumentException(addresses.length + " events exceed 65535");
      }
      for (int a : addresses) {
        checkAddress(a);
      }
    }

    public int type() {
      return LinkSpec.STEP_OUTPUT;
    }

    @Override
    public int[] addresses() {
      return addresses.clone();
    }

    @Override
    public int[] values() {
      return values == null ? null : values.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof StepOutput s && s.timestep == timestep
          && Arrays.equals(s.addresses, addresses) && Arrays.equals(s.values, values);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(timestep) + 31 * Arrays.hashCode(addresses)
          + 961 * Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return "StepOutput[t=" + timestep + ", " + Arrays.toString(addresses)
          + (values == null ? "" : Arrays.toString(values)) + "]";
    }
  }

  /** Membrane words of {@code layer} from {@code address} on, sign-extended to 32 bits. */
  record State(int layer, int address, int[] words) implements Packet {
    public State {
      checkByte("layer", layer);
      checkAddress(address);
      words = words.clone();
      if (words.length > 0xffff) {
        throw new IllegalArgumentException(words.length + " state words exceed 65535");
      }
    }

    public int type() {
      return LinkSpec.STATE;
    }

    @Override
    public int[] words() {
      return words.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof State s && s.layer == layer && s.address == address
          && Arrays.equals(s.words, words);
    }

    @Override
    public int hashCode() {
      return (layer * 31 + address) * 31 + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
      return "State[layer=" + layer + ", address=" + address + ", " + Arrays.toString(words)
          + "]";
    }
  }

  /**
   * Status counters; the saturation counters are those of {@code layer}. All counters are u32
   * and stop at their maximum. {@code errorFlags} holds the accelerator's sticky error bits
   * (bit 0, {@link LinkSpec#STATUS_ERR_INPUT_ADDRESS}: an input address was out of range and
   * dropped), cleared by RESET.
   */
  record Status(int layer, long timestep, long crcErrors, long overflows, long saturatedAcc,
      long saturatedV, int errorFlags) implements Packet {
    public Status {
      checkByte("layer", layer);
      checkByte("error flags", errorFlags);
      for (long c : new long[] {timestep, crcErrors, overflows, saturatedAcc, saturatedV}) {
        if (c < 0 || c > 0xffffffffL) {
          throw new IllegalArgumentException("status counter " + c + " must be a u32");
        }
      }
    }

    public int type() {
      return LinkSpec.STATUS;
    }
  }

  private static void checkAddress(int a) {
    if (a < 0 || a > MAX_ADDRESS) {
      throw new IllegalArgumentException("address " + a + " must be 0..2^24-1");
    }
  }

  private static void checkByte(String what, int v) {
    if (v < 0 || v > 255) {
      throw new IllegalArgumentException(what + " " + v + " must be 0..255");
    }
  }
}
