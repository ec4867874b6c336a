package org.nirfpga.gen.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The numbers of the nirfpga wire protocol (docs/protocol.md) that the hardware bridge and the
 * host codec share: sync bytes, packet types, error codes and header layout.
 */
public final class LinkSpec {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** The manifest's field that {@link #withBoard} adds. */
  public static final String BOARD_FIELD = "board";

  /** First sync byte. */
  public static final int SYNC0 = 0xA5;
  /** Second sync byte. */
  public static final int SYNC1 = 0x5A;
  /** Bytes before the payload: sync (2), type, seq, length (2, big-endian). */
  public static final int HEADER_BYTES = 6;
  /** Bytes after the payload: the CRC-16, big-endian. */
  public static final int TRAILER_BYTES = 2;
  /** Protocol version a device reports in its pong (2: STATUS carries the error flags). */
  public static final int VERSION = 2;

  // ---- host -> device
  /** Ping: no payload; answered with a pong. */
  public static final int PING = 0x01;
  /** Reset the link's counters and output buffer: no payload; answered with an ack. */
  public static final int RESET = 0x02;
  /** Input events of the current time step: n x u24 address. */
  public static final int EVENTS = 0x03;
  /** Input events with values: n x (u24 address, s16 value). */
  public static final int EVENTS_VALUED = 0x04;
  /** End of the current time step: no payload. */
  public static final int END_STEP = 0x05;
  /** Run N empty time steps: u16 N. */
  public static final int RUN_EMPTY = 0x06;
  /** Read membrane state: u8 layer, u24 address, u16 count. */
  public static final int READ_STATE = 0x07;
  /** Read the status counters: u8 layer (whose saturation counters to report). */
  public static final int READ_STATUS = 0x08;
  /** Send the last step's output again: no payload. */
  public static final int RESEND_OUTPUT = 0x09;
  /**
   * Weight image words for a build with weights in SPRAM: u24 first address, n x u32 word (n
   * >= 1); word k goes to image address first + k.
   */
  public static final int WRITE_WEIGHTS = 0x0A;

  // ---- device -> host
  /** Pong: identity and capabilities (see docs/protocol.md). */
  public static final int PONG = 0x81;
  /** Acknowledgement of the frame whose seq the header carries: u8 free slots. */
  public static final int ACK = 0x82;
  /** Error: u8 code, u32 detail; the header carries the seq of the rejected frame. */
  public static final int ERROR = 0x83;
  /** Output of one time step: u32 timestep, u16 count, events (u24 address [, s32 value]). */
  public static final int STEP_OUTPUT = 0x84;
  /** State words: u8 layer, u24 address, u16 count, count x s32. */
  public static final int STATE = 0x85;
  /**
   * Status counters: u8 layer, u32 timestep, crc errors, overflows, sat acc, sat v; u8 the
   * accelerator's error flags.
   */
  public static final int STATUS = 0x86;
  /** Payload bytes of a STATUS frame. */
  public static final int STATUS_BYTES = 22;
  /**
   * STATUS error flag (the accelerator's {@code err_o} bit 0): an input event's address was out
   * of range and was dropped. Over the link it stays 0: EVENTS with such an address are refused.
   */
  public static final int STATUS_ERR_INPUT_ADDRESS = 0x01;
  /**
   * STATUS error flag (the accelerator's {@code err_o} bit 1): the build keeps its weights in
   * SPRAM and their image has not been written since power-on; the inputs wait for it.
   */
  public static final int STATUS_ERR_WEIGHTS_UNLOADED = 0x02;

  // ---- error codes (retryable: the frame was not taken; final: taken and refused)
  /** Retryable: the frame's CRC did not match. Detail: the CRC received. */
  public static final int E_CRC = 1;
  /** Retryable: seq is not the one expected. Detail: the expected seq. */
  public static final int E_SEQUENCE = 2;
  /** Retryable: no free slot (the host ignored its credits). Detail: 0. */
  public static final int E_OVERFLOW = 3;
  /** Retryable: length above the device's maximum payload. Detail: the length. */
  public static final int E_TOO_LONG = 4;
  /** Final: unknown packet type. Detail: the type. */
  public static final int E_UNKNOWN_TYPE = 5;
  /** Final: payload length wrong for its type. Detail: the length. */
  public static final int E_BAD_LENGTH = 6;
  /** Final: address, layer or count out of range. Detail: the offending value. */
  public static final int E_ADDRESS = 7;
  /** Final: packet type not supported by this build. Detail: the type. */
  public static final int E_UNSUPPORTED = 8;
  /** Final: the last step's output was overwritten. Detail: 0. */
  public static final int E_RESEND_UNAVAILABLE = 9;
  /**
   * Final: EVENTS, END_STEP or RUN_EMPTY while a build with weights in SPRAM waits for their
   * image (STATUS error flag {@link #STATUS_ERR_WEIGHTS_UNLOADED}). Detail: 0.
   */
  public static final int E_WEIGHTS_UNLOADED = 10;

  /** Pong flag: input events carry values (EVENTS_VALUED accepted). */
  public static final int FLAG_VALUED_INPUT = 0x01;
  /** Pong flag: output events carry a value (non-spiking readout). */
  public static final int FLAG_VALUED_OUTPUT = 0x02;
  /** Pong flag: the weights live in SPRAM and need their image (WRITE_WEIGHTS) after power-on. */
  public static final int FLAG_WEIGHTS = 0x04;
  /** Bytes before the words of a WRITE_WEIGHTS payload: the u24 first address. */
  public static final int WEIGHTS_HEADER_BYTES = 3;

  /** Most state words one READ_STATE may ask for. */
  public static final int MAX_STATE_WORDS = 64;

  private LinkSpec() {}

  /** Whether an error code means the frame was not taken and may be sent again. */
  public static boolean retryable(int code) {
    return code == E_CRC || code == E_SEQUENCE || code == E_OVERFLOW || code == E_TOO_LONG;
  }

  /** Name of an error code, for messages. */
  public static String errorName(int code) {
    switch (code) {
      case E_CRC: return "CRC";
      case E_SEQUENCE: return "SEQUENCE";
      case E_OVERFLOW: return "OVERFLOW";
      case E_TOO_LONG: return "TOO_LONG";
      case E_UNKNOWN_TYPE: return "UNKNOWN_TYPE";
      case E_BAD_LENGTH: return "BAD_LENGTH";
      case E_ADDRESS: return "ADDRESS";
      case E_UNSUPPORTED: return "UNSUPPORTED";
      case E_RESEND_UNAVAILABLE: return "RESEND_UNAVAILABLE";
      case E_WEIGHTS_UNLOADED: return "WEIGHTS_UNLOADED";
      default: return "code " + code;
    }
  }

  /**
   * The identity a device reports in its pong: the first four bytes of the SHA-256 of the
   * accelerator's {@code manifest.json} text (UTF-8), big-endian. A manifest that
   * {@link #withBoard} extended is hashed without its {@code board} field, so the identity is
   * the accelerator's whether or not {@code nirfpga compile --board} wrote the folder.
   */
  public static long identity(String manifestJson) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest(withoutBoard(manifestJson).getBytes(StandardCharsets.UTF_8));
      return ((h[0] & 0xffL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8)
          | (h[3] & 0xffL);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /**
   * The generator's {@code manifestJson} with a last field {@code board}: everything before it is
   * kept byte for byte (the generator writes with Jackson's default pretty printer, and this
   * checks that a round trip reproduces its text).
   */
  public static String withBoard(String manifestJson, JsonNode board) {
    ObjectNode m = parse(manifestJson);
    if (m.has(BOARD_FIELD)) {
      throw new IllegalArgumentException("the manifest already has a '" + BOARD_FIELD + "' field");
    }
    String plain = write(m);
    if (!plain.equals(manifestJson)) {
      throw new IllegalStateException("the manifest does not survive a JSON round trip; its"
          + " board section would change the accelerator's identity");
    }
    m.set(BOARD_FIELD, board);
    return write(m);
  }

  /** The accelerator's manifest text: {@code manifestJson} less a {@link #withBoard} field. */
  public static String withoutBoard(String manifestJson) {
    if (!manifestJson.contains("\"" + BOARD_FIELD + "\"")) {
      return manifestJson;
    }
    ObjectNode m;
    try {
      m = parse(manifestJson);
    } catch (IllegalArgumentException e) {
      return manifestJson;
    }
    if (!m.has(BOARD_FIELD)) {
      return manifestJson;
    }
    m.remove(BOARD_FIELD);
    return write(m);
  }

  private static ObjectNode parse(String manifestJson) {
    try {
      JsonNode n = JSON.readTree(manifestJson);
      if (!(n instanceof ObjectNode)) {
        throw new IllegalArgumentException("a manifest is a JSON object");
      }
      return (ObjectNode) n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String write(ObjectNode m) {
    try {
      // As the generator writes it: default pretty printer, one newline at the end.
      return JSON.writeValueAsString(m) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
