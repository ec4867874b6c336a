package org.nirfpga.gen.link;

import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.cat;
import static org.nirfpga.hdl.Hdl.lit;
import static org.nirfpga.hdl.Hdl.mux;
import static org.nirfpga.hdl.Hdl.sint;
import static org.nirfpga.hdl.Hdl.uint;

import java.util.ArrayList;
import java.util.List;
import org.nirfpga.gen.PipelineGenerator;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.ReadDuringWrite;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.Stream;
import org.nirfpga.hdl.Switch;
import org.nirfpga.hdl.lib.Crc16;

/**
 * The device side of the wire protocol (docs/protocol.md) between a byte link (a UART's received
 * bytes in, a byte stream out) and a generated accelerator's event streams, debug port and
 * status outputs: frame parser with CRC check and in-order sequence check, receive slots (the
 * host's credits), an executor that replays accepted frames into the accelerator, an output
 * buffer that holds a time step's events until they are framed, and a response serializer.
 * RESET restarts the accelerator through {@code core_rst_no} (its reset, low for one cycle), so
 * the network's state returns to its initial values, and is acknowledged once they are back.
 */
public final class LinkBridge extends Module {
  // Parser states.
  private static final int P_HUNT0 = 0;
  private static final int P_HUNT1 = 1;
  private static final int P_TYPE = 2;
  private static final int P_SEQ = 3;
  private static final int P_LENH = 4;
  private static final int P_LENL = 5;
  private static final int P_PAY = 6;
  private static final int P_CRCH = 7;
  private static final int P_CRCL = 8;
  private static final int P_CHECK = 9;
  private static final int P_DECIDE = 10;
  private static final int P_LENCHK = 11;
  // Executor states.
  private static final int X_IDLE = 0;
  private static final int X_READ = 1;
  private static final int X_PUSH = 2;
  private static final int X_EOT = 3;
  private static final int X_DRAIN = 4;
  private static final int X_RESP = 5;
  private static final int X_CLEAR = 6;
  /** Offers one weight word of a WRITE_WEIGHTS frame to the accelerator's {@code wl} stream. */
  private static final int X_WPUSH = 7;
  // Sources of an executor response's detail field.
  private static final int DET_NONE = 0;
  private static final int DET_ZERO = 1;
  private static final int DET_EVENT = 2;
  private static final int DET_LAYER = 3;
  private static final int DET_COUNT = 4;
  private static final int DET_ADDR = 5;
  // Response kinds.
  private static final int K_ACK = 0;
  private static final int K_ERROR = 1;
  private static final int K_PONG = 2;
  private static final int K_STATE = 3;
  private static final int K_STATUS = 4;
  private static final int K_OUTPUT = 5;
  // Serializer phases.
  private static final int S_HDR = 0;
  private static final int S_PAY = 1;
  private static final int S_CRC = 2;

  private final LinkFacts facts;
  private final LinkConfig config;

  /** A bridge for an accelerator described by {@code facts}, sized by {@code config}. */
  public LinkBridge(String name, LinkFacts facts, LinkConfig config) {
    super(name);
    this.facts = facts;
    this.config = config;
    final int slots = config.slots();
    final int slotBits = Integer.numberOfTrailingZeros(slots);
    final int byteBits = Integer.numberOfTrailingZeros(config.slotBytes());
    final int lenBits = byteBits + 1;
    final int cw = facts.counterBits();
    final int layers = facts.layerSizes().size();
    final int evBytes = facts.outputEventBytes();
    final int outDepth = Math.max(2, Integer.highestOneBit(Math.max(1, facts.outputSize() - 1))
        << 1);
    final int outAw = Integer.numberOfTrailingZeros(outDepth);
    final int vb = facts.outputValueBits();
    final int maxOutLen = 6 + evBytes * facts.outputSize();
    if (maxOutLen > 0xffff) {
      throw new IllegalArgumentException("output of " + facts.outputSize() + " neurons needs "
          + maxOutLen + " bytes per STEP_OUTPUT; the length field holds 65535");
    }
    Crc16 crcModule = new Crc16("link_crc16");

    // ---- ports
    Signal rxValid = input("rx_valid_i", bool());
    Signal rxData = input("rx_data_i", uint(8));
    Stream tx = streamOut("tx", uint(8));
    Stream ev = streamOut("ev", uint(1 + facts.inputAddressBits()));
    // A build with weights in SPRAM: WRITE_WEIGHTS writes its image through `wl`.
    final boolean weights = facts.weightWords() > 0;
    final int wab = facts.weightAddressBits();
    final int wdb = facts.weightDataBits();
    Stream wl = weights ? streamOut("wl", uint(wab + wdb)) : null;
    Stream res = streamIn("res", uint(1 + facts.outputAddressBits() + vb));
    Signal dbgLayerO = output("dbg_layer_o", uint(facts.layerBits()));
    Signal dbgAddrO = output("dbg_addr_o", uint(facts.debugAddressBits()));
    Signal dbgV = input("dbg_v_i", sint(facts.debugVBits()));
    Signal satAcc = input("sat_acc_i", uint(cw));
    Signal satV = input("sat_v_i", uint(cw));
    Signal timestep = input("timestep_i", uint(cw));
    Signal errIn = input("err_i", uint(PipelineGenerator.ERR_BITS));
    Signal activityO = output("activity_o", bool());
    Signal errorO = output("error_o", bool());
    Signal coreRstNO = output("core_rst_no", bool());

    // ---- shared state
    Signal full = reg("full", uint(slotBits + 1), 0);
    Signal commit = wire("commit", bool(), 0);
    Signal free = wire("free", bool(), 0);
    full.set(full.add(commit).sub(free).truncate(slotBits + 1));
    Signal crcErrors = reg("crc_errors", uint(32), 0);
    Signal overflows = reg("overflows", uint(32), 0);
    Signal countCrc = wire("count_crc", bool(), 0);
    Signal countOverflow = wire("count_overflow", bool(), 0);
    Signal clearCounters = wire("clear_counters", bool(), 0);
    // The counters count a clock after the event: the parser's decisions and the counters'
    // 32-bit increments stay in separate clocks.
    Signal countCrcQ = regNext("count_crc_q", countCrc, 0);
    Signal countOverflowQ = regNext("count_overflow_q", countOverflow, 0);
    Signal activity = reg("activity", bool(), 0);
    Signal errorSeen = reg("error_seen", bool(), 0);
    activityO.set(activity);
    errorO.set(errorSeen);
    // Parser error report waiting for the serializer (at most one; later ones are only counted).
    Signal perrPending = reg("perr_pending", bool(), 0);
    Signal perrCode = reg("perr_code", uint(8), 0);
    Signal perrSeq = reg("perr_seq", uint(8), 0);
    Signal perrDetail = reg("perr_detail", uint(32), 0);
    Signal perrTake = wire("perr_take", bool(), 0);
    // Executor response waiting for the serializer.
    Signal xrPending = reg("xr_pending", bool(), 0);
    Signal xrKind = reg("xr_kind", uint(3), 0);
    Signal xrCode = reg("xr_code", uint(8), 0);
    Signal xrDetail = reg("xr_detail", uint(32), 0);
    // The executor names the detail's source; xr_detail loads it a clock later (the serializer
    // waits for that), so the executor's decisions do not drive 32 enables at once.
    Signal xrDetSel = wire("xr_det_sel", uint(3), DET_NONE);
    Signal xrTake = wire("xr_take", bool(), 0);
    // Output buffer: a step's events, held until framed; kept for RESEND_OUTPUT.
    Signal outReq = reg("out_req", bool(), 0);
    Signal outHold = reg("out_hold", bool(), 0);
    Signal outTake = wire("out_take", bool(), 0);
    Signal outDone = wire("out_done", bool(), 0);
    Signal resendAsk = wire("resend_ask", bool(), 0);
    Signal resendOk = reg("resend_ok", bool(), 0);
    Signal inflight = reg("inflight", uint(18), 0);
    Signal eotIn = wire("eot_in", bool(), 0);
    Signal eotOut = wire("eot_out", bool(), 0);
    // Counted a clock after the markers pass (the executor waits in X_DRAIN longer than that).
    inflight.set(inflight.add(regNext("eot_in_q", eotIn, 0)).sub(regNext("eot_out_q", eotOut, 0))
        .truncate(18));

    // ---- parser: sync, header, payload into a slot, CRC and sequence check
    Signal pState = reg("p_state", uint(4), P_HUNT0);
    Signal chkCrcBad = reg("chk_crc_bad", bool(), 0);
    Signal chkSeqBad = reg("chk_seq_bad", bool(), 0);
    Signal chkTypeUnknown = reg("chk_type_unknown", bool(), 0);
    Signal chkValued = reg("chk_valued", bool(), 0);
    Signal chkLengthBad = reg("chk_length_bad", bool(), 0);
    Signal pType = reg("p_type", uint(8), 0);
    Signal pSeq = reg("p_seq", uint(8), 0);
    Signal pLenHi = reg("p_len_hi", uint(8), 0);
    Signal pLenFull = reg("p_len_full", uint(16), 0);
    Signal pLenLong = reg("p_len_long", bool(), 0);
    Signal pLen = reg("p_len", uint(lenBits), 0);
    Signal pIdx = reg("p_idx", uint(lenBits), 0);
    Signal pMod3 = reg("p_mod3", uint(2), 0);
    Signal pCrc = reg("p_crc", uint(16), 0);
    Signal pSlotOk = reg("p_slot_ok", bool(), 0);
    int idleBits = 64 - Long.numberOfLeadingZeros(config.idleCycles());
    Signal pIdle = reg("p_idle", uint(idleBits), 0);
    Signal expected = reg("expected_seq", uint(8), 0);
    Signal wrSlot = reg("wr_slot", uint(slotBits), 0);
    Signal[] slotTypes = new Signal[slots];
    Signal[] slotSeqs = new Signal[slots];
    Signal[] slotLens = new Signal[slots];
    for (int i = 0; i < slots; i++) {
      slotTypes[i] = reg("slot" + i + "_type", uint(8), 0);
      slotSeqs[i] = reg("slot" + i + "_seq", uint(8), 0);
      slotLens[i] = reg("slot" + i + "_len", uint(lenBits), 0);
    }
    Instance crcRx = instance("crc_rx", crcModule);
    Expr inFrame = pState.ge(P_TYPE).and(pState.le(P_CRCL));
    crcRx.connect("data_i", rxData);
    crcRx.connect("valid_i", rxValid.and(inFrame));
    crcRx.connect("clear_i", rxValid.and(pState.eq(P_HUNT1)).and(rxData.eq(LinkSpec.SYNC1)));
    Signal rxCrc = crcRx.port("crc_o");
    Memory slotMem = memory("slot_bytes", uint(8), slots * config.slotBytes(),
        ReadDuringWrite.READ_FIRST);
    slotMem.write(cat(wrSlot, pIdx.truncate(byteBits)), rxData,
        rxValid.and(pState.eq(P_PAY)).and(pSlotOk));
    Expr lenFull = cat(pLenHi, rxData);

    when(rxValid, () -> pIdle.set(0))
        .elseWhen(inFrame.and(pIdle.ne(config.idleCycles())),
            () -> pIdle.set(pIdle.add(1).truncate(idleBits)));
    // The idle limit, reached a clock ago with no byte since: registered so the counter's
    // compare stays out of the parser's decisions.
    Signal pIdleHit = regNext("p_idle_hit", pIdle.eq(config.idleCycles()).and(rxValid.not()), 0);
    when(inFrame.and(pIdleHit), () -> {
      pState.set(P_HUNT0);
      pIdle.set(0);
    }).elseWhen(pState.eq(P_CHECK), () -> {
      // The frame's tests, registered: the decision below reads only these flags.
      Expr knownType = pType.ge(LinkSpec.PING).and(pType.le(weights ? LinkSpec.WRITE_WEIGHTS
          : LinkSpec.RESEND_OUTPUT));
      Expr noPayload = pType.eq(LinkSpec.PING).or(pType.eq(LinkSpec.RESET))
          .or(pType.eq(LinkSpec.END_STEP)).or(pType.eq(LinkSpec.RESEND_OUTPUT));
      Expr otherLength = mux(pType.eq(LinkSpec.READ_STATE), pLen.eq(6), pLen.eq(1));
      if (weights) {
        // u24 first address and at least one u32 word: 3 + 4n bytes, n >= 1.
        otherLength = mux(pType.eq(LinkSpec.WRITE_WEIGHTS),
            pLen.slice(1, 0).eq(3).and(pLen.ge(7)), otherLength);
      }
      Expr lengthOk = mux(noPayload, pLen.eq(0),
          mux(pType.eq(LinkSpec.EVENTS), pMod3.eq(0),
              mux(pType.eq(LinkSpec.RUN_EMPTY), pLen.eq(2), otherLength)));
      chkCrcBad.set(rxCrc.ne(0));
      chkSeqBad.set(pSeq.ne(expected));
      chkTypeUnknown.set(knownType.not());
      chkValued.set(pType.eq(LinkSpec.EVENTS_VALUED));
      chkLengthBad.set(lengthOk.not());
      pState.set(P_DECIDE);
    }).elseWhen(pState.eq(P_DECIDE), () -> {
      pState.set(P_HUNT0);
      when(chkCrcBad, () -> {
        countCrc.set(1);
        parserError(perrPending, perrCode, perrSeq, perrDetail, errorSeen, LinkSpec.E_CRC,
            pSeq, pCrc);
      }).elseWhen(chkSeqBad, () -> parserError(perrPending, perrCode, perrSeq,
          perrDetail, errorSeen, LinkSpec.E_SEQUENCE, pSeq, expected))
          .elseWhen(chkTypeUnknown, () -> {
            // A final refusal must be reported: with a report still waiting the frame is not
            // taken, so the host sends it again and hears the refusal then.
            when(perrPending.not(), () -> expected.set(expected.add(1).truncate(8)));
            parserError(perrPending, perrCode, perrSeq, perrDetail, errorSeen,
                LinkSpec.E_UNKNOWN_TYPE, pSeq, pType);
          }).elseWhen(chkValued, () -> {
            // A final refusal must be reported: with a report still waiting the frame is not
            // taken, so the host sends it again and hears the refusal then.
            when(perrPending.not(), () -> expected.set(expected.add(1).truncate(8)));
            parserError(perrPending, perrCode, perrSeq, perrDetail, errorSeen,
                LinkSpec.E_UNSUPPORTED, pSeq, pType);
          }).elseWhen(chkLengthBad, () -> {
            // A final refusal must be reported: with a report still waiting the frame is not
            // taken, so the host sends it again and hears the refusal then.
            when(perrPending.not(), () -> expected.set(expected.add(1).truncate(8)));
            parserError(perrPending, perrCode, perrSeq, perrDetail, errorSeen,
                LinkSpec.E_BAD_LENGTH, pSeq, pLen);
          }).elseWhen(pSlotOk.not(), () -> {
            countOverflow.set(1);
            parserError(perrPending, perrCode, perrSeq, perrDetail, errorSeen,
                LinkSpec.E_OVERFLOW, pSeq, lit(0, uint(1)));
          }).otherwise(() -> {
            expected.set(expected.add(1).truncate(8));
            commit.set(1);
            activity.set(activity.not());
            wrSlot.set(wrSlot.add(1).truncate(slotBits));
            for (int i = 0; i < slots; i++) {
              final int k = i;
              when(wrSlot.eq(k), () -> {
                slotTypes[k].set(pType);
                slotSeqs[k].set(pSeq);
                slotLens[k].set(pLen);
              });
            }
          });
    }).elseWhen(pState.eq(P_LENCHK), () -> when(pLenLong, () -> {
      pState.set(P_HUNT0);
      parserError(perrPending, perrCode, perrSeq, perrDetail, errorSeen, LinkSpec.E_TOO_LONG,
          pSeq, pLenFull);
    }).otherwise(() -> {
      pLen.set(pLenFull.truncate(lenBits));
      pState.set(mux(pLenFull.eq(0), lit(P_CRCH, uint(4)), lit(P_PAY, uint(4))));
    })).elseWhen(rxValid, () -> {
      switch_(pState)
          .is(P_HUNT0, () -> when(rxData.eq(LinkSpec.SYNC0), () -> pState.set(P_HUNT1)))
          .is(P_HUNT1, () -> when(rxData.eq(LinkSpec.SYNC1), () -> pState.set(P_TYPE))
              .elseWhen(rxData.ne(LinkSpec.SYNC0), () -> pState.set(P_HUNT0)))
          .is(P_TYPE, () -> {
            pType.set(rxData);
            pState.set(P_SEQ);
          })
          .is(P_SEQ, () -> {
            pSeq.set(rxData);
            pState.set(P_LENH);
          })
          .is(P_LENH, () -> {
            pLenHi.set(rxData);
            pState.set(P_LENL);
          })
          .is(P_LENL, () -> {
            pIdx.set(0);
            pMod3.set(0);
            pSlotOk.set(full.ne(slots));
            // Tested in P_LENCHK, a clock later (the next byte is a UART byte time away).
            pLenFull.set(lenFull);
            pLenLong.set(lenFull.gt(config.slotBytes()));
            pState.set(P_LENCHK);
          })
          .is(P_PAY, () -> {
            pIdx.set(pIdx.add(1).truncate(lenBits));
            pMod3.set(mux(pMod3.eq(2), lit(0, uint(2)), pMod3.add(1).truncate(2)));
            when(pIdx.add(1).eq(pLen), () -> pState.set(P_CRCH));
          })
          .is(P_CRCH, () -> {
            pCrc.set(cat(rxData, pCrc.slice(7, 0)));
            pState.set(P_CRCL);
          })
          .is(P_CRCL, () -> {
            pCrc.set(cat(pCrc.slice(15, 8), rxData));
            pState.set(P_CHECK);
          });
    });
    when(perrTake, () -> perrPending.set(0));

    // ---- executor: replays accepted frames, in order, into the accelerator
    Signal xState = reg("x_state", uint(3), X_IDLE);
    Signal rdSlot = reg("rd_slot", uint(slotBits), 0);
    // x_type decoded once, when the frame is taken.
    Signal xIsEvents = reg("x_is_events", bool(), 0);
    Signal xIsPing = reg("x_is_ping", bool(), 0);
    Signal xIsEndStep = reg("x_is_end_step", bool(), 0);
    Signal xIsRunEmpty = reg("x_is_run_empty", bool(), 0);
    Signal xIsResend = reg("x_is_resend", bool(), 0);
    Signal xIsReadState = reg("x_is_read_state", bool(), 0);
    Signal xIsReset = reg("x_is_reset", bool(), 0);
    Signal xIsReadStatus = reg("x_is_read_status", bool(), 0);
    // WRITE_WEIGHTS: the image address of the next word, the word, whether it is the frame's
    // first, and whether the frame's last word lies past the image (registered every clock
    // from x_waddr and x_len; read at the first word, bytes after x_waddr was set).
    Signal xIsWeights = weights ? reg("x_is_weights", bool(), 0) : null;
    Signal xWAddr = weights ? reg("x_waddr", uint(24), 0) : null;
    Signal xWData = weights ? reg("x_wdata", uint(32), 0) : null;
    Signal xWFirst = weights ? reg("x_wfirst", bool(), 0) : null;
    Signal xWBadQ = weights ? reg("x_wbad_q", bool(), 0) : null;
    // The accelerator waits for its weight image (err_i bit 1, a clock ago), and the frame
    // taken is one that would send it events.
    Signal unloadedQ = weights ? regNext("weights_unloaded_q",
        errIn.bit(PipelineGenerator.ERR_WEIGHTS_UNLOADED), 0) : null;
    Signal xBlocked = weights ? reg("x_blocked", bool(), 0) : null;
    Signal xSeq = reg("x_seq", uint(8), 0);
    Signal xLen = reg("x_len", uint(lenBits), 0);
    Signal xIdx = reg("x_idx", uint(lenBits), 0);
    // Per payload byte: 0 address the slot RAM, 1 capture its byte (and the event-address range
    // test) in registers, 2 use them; the RAM's output never feeds the executor's decisions
    // directly, which keeps the bridge off the core clock's critical path.
    Signal xPhase = reg("x_phase", uint(2), 0);
    // Whether x_idx has reached x_len, kept as a register beside x_idx.
    Signal xAtEnd = reg("x_at_end", bool(), 0);
    Signal xPass = reg("x_pass", bool(), 0);
    Signal xK = reg("x_k", uint(2), 0);
    Signal xAcc = reg("x_acc", uint(48), 0);
    Signal xEv = reg("x_ev", uint(24), 0);
    Signal xRun = reg("x_run", uint(16), 0);
    Signal xLayer = reg("x_layer", uint(8), 0);
    Signal xAddr = reg("x_addr", uint(24), 0);
    Signal xCount = reg("x_count", uint(16), 0);
    // RESET restarts the accelerator (a one-cycle pulse of its own reset) and waits for its
    // state memories to hold their initial values again before acknowledging.
    final long settleCycles = facts.resetCycles() + 4;
    final int settleBits = 64 - Long.numberOfLeadingZeros(settleCycles);
    Signal xSettle = reg("x_settle", uint(settleBits), 0);
    Signal coreClear = wire("core_clear", bool(), 0);
    Signal coreRstN = reg("core_rst_n", bool(), 0);
    coreRstN.set(coreClear.not());
    coreRstNO.set(coreRstN);
    Signal slotByte = slotMem.readSync("slot_rd", cat(rdSlot, xIdx.truncate(byteBits)));
    Expr curType = lit(0, uint(8));
    Expr curSeq = lit(0, uint(8));
    Expr curLen = lit(0, uint(lenBits));
    for (int i = slots - 1; i >= 0; i--) {
      curType = mux(rdSlot.eq(i), slotTypes[i], curType);
      curSeq = mux(rdSlot.eq(i), slotSeqs[i], curSeq);
      curLen = mux(rdSlot.eq(i), slotLens[i], curLen);
    }
    final Expr slotType = curType;
    final Expr slotSeq = curSeq;
    final Expr slotLen = curLen;
    Expr layerSize = lit(0, uint(25));
    for (int i = layers - 1; i >= 0; i--) {
      layerSize = mux(xLayer.eq(i), lit(facts.layerSizes().get(i), uint(25)), layerSize);
    }
    final Expr layerSizeSel = layerSize;
    // READ_STATE/READ_STATUS range tests, registered in two levels from x_layer/x_addr/x_count
    // (set when X_DRAIN is entered); X_DRAIN waits two cycles before it reads them.
    Signal xDrainWait = reg("x_drain_wait", uint(2), 0);
    // Every ended step has come out (a clock ago; in X_DRAIN nothing new can start).
    Signal drainedQ = reg("drained_q", bool(), 0);
    Signal sizeQ = reg("size_q", uint(25), 0);
    sizeQ.set(layerSizeSel);
    Signal endQ = reg("end_q", uint(25), 0);
    endQ.set(xAddr.resize(25).add(xCount.resize(25)).truncate(25));
    Signal layerBadQ = reg("layer_bad_q", bool(), 0);
    layerBadQ.set(xLayer.ge(layers));
    Signal countBadQ = reg("count_bad_q", bool(), 0);
    countBadQ.set(xCount.eq(0).or(xCount.gt(LinkSpec.MAX_STATE_WORDS)));
    Signal rangeBadQ = reg("range_bad_q", bool(), 0);
    rangeBadQ.set(endQ.gt(sizeQ));
    Signal slotQ = reg("slot_q", uint(8), 0);
    Signal addrBadQ = reg("addr_bad_q", bool(), 0);
    Expr eventAddress = cat(xAcc.slice(15, 0), slotQ);
    ev.valid().set(xState.eq(X_PUSH).or(xState.eq(X_EOT).and(xRun.ne(0))));
    if (weights) {
      wl.valid().set(xState.eq(X_WPUSH));
      wl.payload().set(cat(xWAddr.truncate(wab), xWData.truncate(wdb)));
      // Words n = (len - 3) / 4 = len >> 2 (len = 4n + 3); the last at x_waddr + n - 1.
      xWBadQ.set(xWAddr.resize(26).add(xLen.slice(lenBits - 1, 2).resize(26))
          .gt(facts.weightWords()));
    }
    ev.payload().set(mux(xState.eq(X_EOT), lit(1L << facts.inputAddressBits(),
        uint(1 + facts.inputAddressBits())), xEv.truncate(facts.inputAddressBits())));
    Runnable ack = () -> {
      xrPending.set(1);
      xrKind.set(K_ACK);
      xState.set(X_RESP);
    };
    // X_READ: a payload byte at a time; at the end the frame's action.
    Runnable readPayload = () -> when(xAtEnd.and(xPhase.eq(0)), () -> {
      when(xIsEvents.and(xPass.not()), () -> {
        xPass.set(1);
        xIdx.set(0);
        xAtEnd.set(xLen.eq(0));
        xK.set(0);
      }).elseWhen(weights ? xIsEvents.or(xIsWeights) : xIsEvents, ack)
          .elseWhen(xIsPing, () -> {
            xrPending.set(1);
            xrKind.set(K_PONG);
            xState.set(X_RESP);
          })
          .elseWhen(xIsEndStep, () -> {
            xRun.set(1);
            xState.set(X_EOT);
          })
          .elseWhen(xIsRunEmpty, () -> {
            xRun.set(xAcc.slice(15, 0));
            xState.set(X_EOT);
          })
          .elseWhen(xIsResend, () -> {
            xrPending.set(1);
            xState.set(X_RESP);
            when(outHold.not().and(resendOk), () -> {
              resendAsk.set(1);
              xrKind.set(K_ACK);
            }).otherwise(() -> {
              xrKind.set(K_ERROR);
              xrCode.set(LinkSpec.E_RESEND_UNAVAILABLE);
              xrDetSel.set(DET_ZERO);
            });
          })
          .otherwise(() -> {
            // RESET, READ_STATE, READ_STATUS: after every ended step has come out.
            xLayer.set(mux(xIsReadState, xAcc.slice(47, 40),
                xAcc.slice(7, 0)));
            xAddr.set(xAcc.slice(39, 16));
            xCount.set(xAcc.slice(15, 0));
            xDrainWait.set(2);
            xState.set(X_DRAIN);
          });
    }).elseWhen(xPhase.eq(0), () -> xPhase.set(1)).elseWhen(xPhase.eq(1), () -> {
      // The slot byte at x_idx is on slot_rd now.
      slotQ.set(slotByte);
      addrBadQ.set(cat(xAcc.slice(15, 0), slotByte).ge(facts.inputSize()));
      xPhase.set(2);
    }).otherwise(() -> {
      xPhase.set(0);
      xIdx.set(xIdx.add(1).truncate(lenBits));
      xAtEnd.set(xIdx.add(1).truncate(lenBits).eq(xLen));
      xAcc.set(cat(xAcc.slice(39, 0), slotQ));
      if (weights) {
        // WRITE_WEIGHTS: bytes 0..2 the first address, then 4 bytes a word, each word
        // pushed as it completes; a frame reaching past the image is refused before its
        // first word, so none of it is written.
        when(xIsWeights.and(xIdx.eq(2)), () -> {
          xWAddr.set(cat(xAcc.slice(15, 0), slotQ));
          xWFirst.set(1);
          xK.set(0);
        }).elseWhen(xIsWeights.and(xIdx.gt(2)), () -> {
          xK.set(xK.add(1).truncate(2));
          when(xK.eq(3), () -> when(xWFirst.and(xWBadQ), () -> {
            xrPending.set(1);
            xrKind.set(K_ERROR);
            xrCode.set(LinkSpec.E_ADDRESS);
            xAddr.set(xWAddr);
            xrDetSel.set(DET_ADDR);
            xState.set(X_RESP);
          }).otherwise(() -> {
            xWData.set(cat(xAcc.slice(23, 0), slotQ));
            xWFirst.set(0);
            xState.set(X_WPUSH);
          }));
        });
      }
      when(xIsEvents, () -> {
        xK.set(mux(xK.eq(2), lit(0, uint(2)), xK.add(1).truncate(2)));
        when(xK.eq(2), () -> {
          when(xPass.not().and(addrBadQ), () -> {
            xrPending.set(1);
            xrKind.set(K_ERROR);
            xrCode.set(LinkSpec.E_ADDRESS);
            xrDetSel.set(DET_EVENT);
            xState.set(X_RESP);
          }).elseWhen(xPass, () -> {
            xEv.set(eventAddress);
            xState.set(X_PUSH);
          });
        });
      });
    });
    Switch executor = switch_(xState);
    executor
        .is(X_IDLE, () -> when(full.ne(0), () -> {
          xIsEvents.set(slotType.eq(LinkSpec.EVENTS));
          xIsPing.set(slotType.eq(LinkSpec.PING));
          xIsEndStep.set(slotType.eq(LinkSpec.END_STEP));
          xIsRunEmpty.set(slotType.eq(LinkSpec.RUN_EMPTY));
          xIsResend.set(slotType.eq(LinkSpec.RESEND_OUTPUT));
          xIsReadState.set(slotType.eq(LinkSpec.READ_STATE));
          xIsReset.set(slotType.eq(LinkSpec.RESET));
          xIsReadStatus.set(slotType.eq(LinkSpec.READ_STATUS));
          if (weights) {
            xIsWeights.set(slotType.eq(LinkSpec.WRITE_WEIGHTS));
            xBlocked.set(unloadedQ.and(slotType.eq(LinkSpec.EVENTS)
                .or(slotType.eq(LinkSpec.END_STEP)).or(slotType.eq(LinkSpec.RUN_EMPTY))));
          }
          xSeq.set(slotSeq);
          xLen.set(slotLen);
          xIdx.set(0);
          xAtEnd.set(slotLen.eq(0));
          xPhase.set(0);
          xPass.set(0);
          xK.set(0);
          xState.set(X_READ);
        }))
        .is(X_READ, weights ? () -> when(xBlocked, () -> {
          // No event may enter before the weight image is in (it would wait there, and the
          // WRITE_WEIGHTS frames behind it with it).
          xrPending.set(1);
          xrKind.set(K_ERROR);
          xrCode.set(LinkSpec.E_WEIGHTS_UNLOADED);
          xrDetSel.set(DET_ZERO);
          xState.set(X_RESP);
        }).otherwise(readPayload) : readPayload)
        .is(X_PUSH, () -> when(ev.fire(), () -> xState.set(X_READ)))

        .is(X_EOT, () -> when(xRun.eq(0), ack).elseWhen(ev.fire(), () -> {
          xRun.set(xRun.sub(1).truncate(16));
          eotIn.set(1);
        }))
        .is(X_DRAIN, () -> when(xDrainWait.ne(0), () -> xDrainWait.set(xDrainWait.sub(1)
            .truncate(2))).elseWhen(drainedQ, () -> {
          xrPending.set(1);
          xState.set(X_RESP);
          when(xIsReset, () -> {
            // The accelerator goes through its reset; the ACK waits until it has re-initialized.
            xrPending.set(0);
            coreClear.set(1);
            xSettle.set(settleCycles);
            xState.set(X_CLEAR);
          }).elseWhen(layerBadQ, () -> {
            xrKind.set(K_ERROR);
            xrCode.set(LinkSpec.E_ADDRESS);
            xrDetSel.set(DET_LAYER);
          }).elseWhen(xIsReadStatus, () -> xrKind.set(K_STATUS))
              .elseWhen(countBadQ, () -> {
                xrKind.set(K_ERROR);
                xrCode.set(LinkSpec.E_ADDRESS);
                xrDetSel.set(DET_COUNT);
              }).elseWhen(rangeBadQ, () -> {
                xrKind.set(K_ERROR);
                xrCode.set(LinkSpec.E_ADDRESS);
                xrDetSel.set(DET_ADDR);
              }).otherwise(() -> xrKind.set(K_STATE));
        }))
        .is(X_CLEAR, () -> when(xSettle.eq(0), () -> {
          clearCounters.set(1);
          ack.run();
        }).otherwise(() -> xSettle.set(xSettle.sub(1).truncate(settleBits))))
        .is(X_RESP, () -> when(xrPending.not(), () -> {
          free.set(1);
          rdSlot.set(rdSlot.add(1).truncate(slotBits));
          xState.set(X_IDLE);
        }));
    if (weights) {
      executor.is(X_WPUSH, () -> when(wl.fire(), () -> {
        xWAddr.set(xWAddr.add(1).truncate(24));
        xState.set(X_READ);
      }));
    }
    when(xrTake, () -> xrPending.set(0));
    Signal xrDetSelQ = regNext("xr_det_sel_q", xrDetSel, DET_NONE);
    Signal xrDetLoad = wire("xr_det_load", xrDetSelQ.ne(DET_NONE));
    // After the executor's shift, x_acc[23:0] holds the refused event's address.
    switch_(xrDetSelQ)
        .is(DET_ZERO, () -> xrDetail.set(0))
        .is(DET_EVENT, () -> xrDetail.set(xAcc.slice(23, 0).resize(32)))
        .is(DET_LAYER, () -> xrDetail.set(xLayer.resize(32)))
        .is(DET_COUNT, () -> xrDetail.set(xCount.resize(32)))
        .is(DET_ADDR, () -> xrDetail.set(xAddr.resize(32)));

    // ---- output buffer: collects a step's events while the step is not yet framed
    Memory outMem = memory("out_events", uint(Math.max(1, facts.outputAddressBits() + vb)),
        outDepth, ReadDuringWrite.READ_FIRST);
    Signal fill = reg("out_fill", uint(outAw + 1), 0);
    Signal outCount = reg("out_count", uint(outAw + 1), 0);
    Signal outTs = reg("out_ts", uint(32), 0);
    res.ready().set(outHold.not());
    Expr resEot = res.payload().msb();
    Expr resWord = res.payload().truncate(Math.max(1, facts.outputAddressBits() + vb));
    outMem.write(fill.truncate(outAw), resWord,
        res.fire().and(resEot.not()).and(fill.ne(outDepth)));
    when(res.fire(), () -> when(resEot, () -> {
      outReq.set(1);
      outHold.set(1);
      outTs.set(timestep.resize(32));
      outCount.set(fill);
      fill.set(0);
      resendOk.set(1);
      eotOut.set(1);
    }).otherwise(() -> {
      resendOk.set(0);
      when(fill.eq(outDepth), () -> countOverflow.set(1))
          .otherwise(() -> fill.set(fill.add(1).truncate(outAw + 1)));
    }));
    when(resendAsk, () -> {
      outReq.set(1);
      outHold.set(1);
    });
    when(outTake, () -> outReq.set(0));
    when(outDone, () -> outHold.set(0));
    when(clearCounters, () -> {
      crcErrors.set(0);
      overflows.set(0);
      errorSeen.set(0);
      resendOk.set(0);
    }).otherwise(() -> {
      when(countCrcQ.and(crcErrors.ne(0xffffffffL)),
          () -> crcErrors.set(crcErrors.add(1).truncate(32)));
      when(countOverflowQ.and(overflows.ne(0xffffffffL)),
          () -> overflows.set(overflows.add(1).truncate(32)));
    });

    drainedQ.set(inflight.eq(0).and(outHold.not()).and(outReq.not()));

    // ---- serializer: one response frame at a time onto the byte stream
    Signal sBusy = reg("s_busy", bool(), 0);
    Signal sKind = reg("s_kind", uint(3), 0);
    Signal sSeq = reg("s_seq", uint(8), 0);
    Signal sLen = reg("s_len", uint(16), 0);
    // s_len - 1, a clock behind s_len (set when a frame is taken, six header bytes before use).
    Signal sLenM1 = regNext("s_len_m1", sLen.sub(1).truncate(16), 0);
    Signal sPhase = reg("s_phase", uint(2), S_HDR);
    Signal sIdx = reg("s_idx", uint(16), 0);
    // Whether s_idx is below 6 (the STATE and STEP_OUTPUT heads), kept beside s_idx.
    Signal sHead = reg("s_head", bool(), 1);
    Signal sJ = reg("s_j", uint(3), 0);
    Signal sEv = reg("s_ev", uint(16), 0);
    Signal sStall = reg("s_stall", uint(3), 0);
    Signal sCode = reg("s_code", uint(8), 0);
    Signal sDetail = reg("s_detail", uint(32), 0);
    Signal sLayer = reg("s_layer", uint(8), 0);
    Signal sAddr = reg("s_addr", uint(24), 0);
    Signal sCount = reg("s_count", uint(16), 0);
    Signal sTs = reg("s_ts", uint(32), 0);
    Signal snapCrc = reg("snap_crc", uint(32), 0);
    Signal snapOverflow = reg("snap_overflow", uint(32), 0);
    Signal sTake = wire("s_take", bool(), 0);
    Instance crcTx = instance("crc_tx", crcModule);
    Signal txCrc = crcTx.port("crc_o");
    Signal outWord = outMem.readSync("out_rd", sEv.truncate(outAw));
    dbgLayerO.set(sLayer.truncate(facts.layerBits()));
    dbgAddrO.set(sAddr.add(sEv).truncate(facts.debugAddressBits()));

    when(sBusy.not(), () -> {
      sPhase.set(S_HDR);
      sIdx.set(0);
      sHead.set(1);
      sJ.set(0);
      sEv.set(0);
      // The byte registers below take four clocks to show the new frame's first byte.
      sStall.set(4);
      when(perrPending, () -> {
        perrTake.set(1);
        sTake.set(1);
        sKind.set(K_ERROR);
        sSeq.set(perrSeq);
        sCode.set(perrCode);
        sDetail.set(perrDetail);
        sLen.set(5);
      }).elseWhen(xrPending.and(xrDetLoad.not()), () -> {
        xrTake.set(1);
        sTake.set(1);
        sKind.set(xrKind);
        sSeq.set(xSeq);
        sCode.set(xrCode);
        sDetail.set(xrDetail);
        sLayer.set(xLayer);
        sAddr.set(xAddr);
        sCount.set(xCount);
        snapCrc.set(crcErrors);
        snapOverflow.set(overflows);
        switch_(xrKind)
            .is(K_ACK, () -> sLen.set(1))
            .is(K_ERROR, () -> sLen.set(5))
            .is(K_PONG, () -> sLen.set(16))
            .is(K_STATUS, () -> sLen.set(LinkSpec.STATUS_BYTES))
            .otherwise(() -> sLen.set(xCount.shl(2).add(6).truncate(16)));
      }).elseWhen(outReq, () -> {
        outTake.set(1);
        sTake.set(1);
        sKind.set(K_OUTPUT);
        sSeq.set(outTs.slice(7, 0));
        sTs.set(outTs);
        sCount.set(outCount.resize(16));
        sAddr.set(0);
        sLen.set(outCount.mul(evBytes).add(6).resize(16));
      });
      when(sTake, () -> sBusy.set(1));
    });
    crcTx.connect("clear_i", sTake);
    // In the header s_idx is 0..5: three bits decide, no 16-bit comparison (a carry chain).
    crcTx.connect("valid_i", tx.fire().and(sPhase.eq(S_HDR).and(sIdx.truncate(3).ge(2))
        .or(sPhase.eq(S_PAY))));
    crcTx.connect("data_i", tx.payload());
    tx.valid().set(sBusy.and(sStall.eq(0)));
    when(sBusy.and(sStall.ne(0)), () -> sStall.set(sStall.sub(1).truncate(3)));
    int elemMax = evBytes - 1;
    when(tx.fire(), () -> {
      // The next byte reaches the byte registers four clocks later.
      sStall.set(4);
      sIdx.set(sIdx.add(1).truncate(16));
      // s_idx + 1 < 6: while s_head holds, s_idx is 0..5 and its low three bits decide.
      sHead.set(sHead.and(sIdx.truncate(3).ne(5)));
      switch_(sPhase)
          .is(S_HDR, () -> when(sIdx.eq(5), () -> {
            sIdx.set(0);
            sHead.set(1);
            sPhase.set(mux(sLen.eq(0), lit(S_CRC, uint(2)), lit(S_PAY, uint(2))));
          }))
          .is(S_PAY, () -> {
            when(sHead.not(), () -> {
              Expr last = mux(sKind.eq(K_STATE), sJ.eq(3), sJ.eq(elemMax));
              when(last, () -> {
                sJ.set(0);
                sEv.set(sEv.add(1).truncate(16));
                // The buffer's read port answers one clock later, the debug port (registered
                // here) two; the byte registers add three.
                sStall.set(5);
              }).otherwise(() -> sJ.set(sJ.add(1).truncate(3)));
            });
            when(sIdx.eq(sLenM1), () -> {
              sIdx.set(0);
              sHead.set(1);
              sPhase.set(S_CRC);
            });
          })
          .otherwise(() -> when(sIdx.eq(1), () -> {
            sBusy.set(0);
            when(sKind.eq(K_OUTPUT), () -> outDone.set(1));
          }));
    });

    // The byte on the line.
    Signal txByte = wire("tx_byte", uint(8), 0);
    Signal typeByte = wire("type_byte", uint(8), LinkSpec.ACK);
    switch_(sKind)
        .is(K_ERROR, () -> typeByte.set(LinkSpec.ERROR))
        .is(K_PONG, () -> typeByte.set(LinkSpec.PONG))
        .is(K_STATE, () -> typeByte.set(LinkSpec.STATE))
        .is(K_STATUS, () -> typeByte.set(LinkSpec.STATUS))
        .is(K_OUTPUT, () -> typeByte.set(LinkSpec.STEP_OUTPUT));
    // The state word is registered before it meets the byte mux and the CRC.
    Signal dbgVQ = reg("dbg_v_q", sint(facts.debugVBits()), 0);
    dbgVQ.set(dbgV);
    Expr dbgV32 = dbgVQ.resize(32).asUnsigned();
    Expr evAddr = facts.outputAddressBits() == 0 ? lit(0, uint(24))
        : outWord.slice(facts.outputAddressBits() + vb - 1, vb).resize(24);
    Expr evValue = vb == 0 ? lit(0, uint(32)) : outWord.slice(vb - 1, 0).asSigned().resize(32)
        .asUnsigned();
    long[] pong = pongBytes(facts, config);
    // Byte positions below 32 pick the fixed fields (header 6, STATUS 22, PONG 16, ERROR 5,
    // STATE/STEP_OUTPUT heads 6): a 5-bit selector keeps the byte mux shallow.
    Expr sIdx5 = sIdx.truncate(5);
    // Registered levels: each kind's fixed-position byte, the kind's byte, and the state-word or
    // event byte; the payload byte; then the line byte (header, payload or CRC). sStall holds
    // tx_valid low until they show the next byte, so no byte mux meets the UART's shift
    // register or the CRC in one clock.
    // The accelerator's counters, registered (a STATUS frame sends them six bytes after the
    // layer select has settled).
    Signal timestepQ = regNext("timestep_q", timestep, 0);
    Signal satAccQ = regNext("sat_acc_q", satAcc, 0);
    Signal satVQ = regNext("sat_v_q", satV, 0);
    Signal errQ = regNext("err_q", errIn, 0);
    // One registered byte per frame kind, picked by position; then the kind picks among them.
    Signal errorByte = wire("error_byte", uint(8), 0);
    bytes(errorByte, sIdx5, List.of(sCode, sDetail), new int[] {1, 4});
    Signal pongByte = wire("pong_byte", uint(8), 0);
    Switch16 pongSwitch = new Switch16();
    for (int i = 0; i < pong.length; i++) {
      final int k = i;
      pongSwitch.add(k, () -> pongByte.set(pong[k]));
    }
    pongSwitch.emit(this, sIdx5);
    Signal statusByte = wire("status_byte", uint(8), 0);
    bytes(statusByte, sIdx5, List.of(sLayer, timestepQ.resize(32), snapCrc, snapOverflow,
        satAccQ.resize(32), satVQ.resize(32), errQ.resize(8)), new int[] {1, 4, 4, 4, 4, 4, 1});
    Signal stateHead = wire("state_head", uint(8), 0);
    bytes(stateHead, sIdx5, List.of(sLayer, sAddr, sCount), new int[] {1, 3, 2});
    Signal outputHead = wire("output_head", uint(8), 0);
    bytes(outputHead, sIdx5, List.of(sTs, sCount), new int[] {4, 2});
    Signal errorQ = regNext("error_q", errorByte, 0);
    Signal pongQ = regNext("pong_q", pongByte, 0);
    Signal statusQ = regNext("status_q", statusByte, 0);
    Signal stateHeadQ = regNext("state_head_q", stateHead, 0);
    Signal outputHeadQ = regNext("output_head_q", outputHead, 0);
    Signal fixedByte = wire("fixed_byte", uint(8), 0);
    switch_(sKind)
        .is(K_ACK, () -> fixedByte.set(lit(slots, uint(9)).sub(full).truncate(8)))
        .is(K_ERROR, () -> fixedByte.set(errorQ))
        .is(K_PONG, () -> fixedByte.set(pongQ))
        .is(K_STATUS, () -> fixedByte.set(statusQ))
        .is(K_STATE, () -> fixedByte.set(stateHeadQ))
        .is(K_OUTPUT, () -> fixedByte.set(outputHeadQ));
    Signal wordByte = wire("word_byte", uint(8), 0);
    when(sKind.eq(K_STATE), () -> byteOf(wordByte, sJ, dbgV32, 4))
        .elseWhen(sJ.lt(3), () -> byteOf(wordByte, sJ, evAddr, 3))
        .otherwise(() -> byteOf(wordByte, sJ.sub(3).truncate(3), evValue, 4));
    Signal fixedQ = regNext("fixed_q", fixedByte, 0);
    Signal wordQ = regNext("word_q", wordByte, 0);
    Signal useWordQ = regNext("use_word_q", sHead.not()
        .and(sKind.eq(K_STATE).or(sKind.eq(K_OUTPUT))), 0);
    Signal payByte = wire("pay_byte", mux(useWordQ, wordQ, fixedQ));
    Signal payByteQ = regNext("pay_byte_q", payByte, 0);
    switch_(sPhase)
        .is(S_HDR, () -> switch_(sIdx5)
            .is(0, () -> txByte.set(LinkSpec.SYNC0))
            .is(1, () -> txByte.set(LinkSpec.SYNC1))
            .is(2, () -> txByte.set(typeByte))
            .is(3, () -> txByte.set(sSeq))
            .is(4, () -> txByte.set(sLen.slice(15, 8)))
            .is(5, () -> txByte.set(sLen.slice(7, 0))))
        .is(S_PAY, () -> txByte.set(payByteQ))
        .otherwise(() -> txByte.set(mux(sIdx.eq(0), txCrc.slice(15, 8), txCrc.slice(7, 0))));
    Signal txByteQ = reg("tx_byte_q", uint(8), 0);
    txByteQ.set(txByte);
    tx.payload().set(txByteQ);
    build();
  }

  /** The accelerator facts this bridge was built for. */
  public LinkFacts facts() {
    return facts;
  }

  /** The sizes this bridge was built with. */
  public LinkConfig config() {
    return config;
  }

  /** The 16 payload bytes of this bridge's PONG. */
  public static long[] pongBytes(LinkFacts f, LinkConfig c) {
    long id = f.identity();
    int flags = (f.outputValueBits() > 0 ? LinkSpec.FLAG_VALUED_OUTPUT : 0)
        | (f.weightWords() > 0 ? LinkSpec.FLAG_WEIGHTS : 0);
    return new long[] {id >> 24 & 0xff, id >> 16 & 0xff, id >> 8 & 0xff, id & 0xff,
        LinkSpec.VERSION, c.slots(), c.slotBytes() >> 8 & 0xff, c.slotBytes() & 0xff,
        f.inputSize() >> 16 & 0xff, f.inputSize() >> 8 & 0xff, f.inputSize() & 0xff,
        f.outputSize() >> 16 & 0xff, f.outputSize() >> 8 & 0xff, f.outputSize() & 0xff,
        f.layerSizes().size(), flags};
  }

  private void parserError(Signal pending, Signal code, Signal seq, Signal detail,
      Signal errorSeen, int errorCode, Expr frameSeq, Expr detailValue) {
    errorSeen.set(1);
    when(pending.not(), () -> {
      pending.set(1);
      code.set(errorCode);
      seq.set(frameSeq);
      detail.set(detailValue.resize(32));
    });
  }

  /** Drives {@code target} with byte {@code index} of the big-endian fields {@code fields}. */
  private void bytes(Signal target, Expr index, List<Expr> fields, int[] widths) {
    Switch16 s = new Switch16();
    int at = 0;
    for (int f = 0; f < fields.size(); f++) {
      Expr v = fields.get(f).resize(8 * widths[f]);
      for (int b = 0; b < widths[f]; b++) {
        int hi = 8 * (widths[f] - b) - 1;
        Expr part = v.slice(hi, hi - 7);
        s.add(at++, () -> target.set(part));
      }
    }
    s.emit(this, index);
  }

  /** Drives {@code target} with byte {@code index} (0 = most significant) of {@code n}. */
  private void byteOf(Signal target, Expr index, Expr value, int n) {
    Switch16 s = new Switch16();
    Expr v = value.resize(8 * n);
    for (int b = 0; b < n; b++) {
      int hi = 8 * (n - b) - 1;
      Expr part = v.slice(hi, hi - 7);
      s.add(b, () -> target.set(part));
    }
    s.emit(this, index);
  }

  /** Collects switch arms so that a list of byte positions becomes one switch. */
  private static final class Switch16 {
    private final List<long[]> keys = new ArrayList<>();
    private final List<Runnable> bodies = new ArrayList<>();

    void add(long key, Runnable body) {
      keys.add(new long[] {key});
      bodies.add(body);
    }

    void emit(Module m, Expr selector) {
      Switch s = m.switch_(selector);
      for (int i = 0; i < keys.size(); i++) {
        s = s.is(keys.get(i), bodies.get(i));
      }
    }
  }
}
