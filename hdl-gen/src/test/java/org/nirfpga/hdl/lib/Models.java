package org.nirfpga.hdl.lib;

import org.nirfpga.hdl.tools.VerilatorRun.Simulation;

/**
 * Cycle-exact Java models of the example designs, register by register. Each takes a
 * {@code fault} flag that plants one deliberate bug, to prove the comparison catches it.
 */
final class Models {
  private Models() {}

  /** Examples.counter: 8 bits, wraps after 199; fault: wraps after 200. */
  static ClockedModel counter(Simulation sim, boolean fault) {
    long wrapAt = fault ? 200 : 199;
    return new ClockedModel(sim) {
      long count;

      @Override
      void reset() {
        count = 0;
      }

      @Override
      long[] outputs(long[] in) {
        return row("wrap_o", bit(in[in("en_i")] == 1 && count == wrapAt), "count_o", count);
      }

      @Override
      void advance(long[] in) {
        if (in[in("en_i")] == 1) {
          count = count == wrapAt ? 0 : (count + 1) & 0xff;
        }
      }
    };
  }

  /** SyncFifo of {@code depth}; fault: claims room for one word fewer. */
  static ClockedModel fifo(Simulation sim, int depth, boolean fault) {
    int pointerMask = 2 * depth - 1;
    return new ClockedModel(sim) {
      final long[] mem = new long[depth];
      int writePtr;
      int readPtr;
      boolean outValid;
      long head;

      @Override
      void reset() {
        writePtr = 0;
        readPtr = 0;
        outValid = false;
      }

      int stored() {
        return (writePtr - readPtr) & pointerMask;
      }

      boolean inReady() {
        return stored() != (fault ? depth - 1 : depth);
      }

      @Override
      long[] outputs(long[] in) {
        return row("in_ready_o", bit(inReady()), "out_valid_o", bit(outValid),
            "out_data_o", head, "level_o", stored() + bit(outValid));
      }

      @Override
      void advance(long[] in) {
        boolean push = in[in("in_valid_i")] == 1 && inReady();
        boolean outReady = in[in("out_ready_i")] == 1;
        boolean fetch = stored() != 0 && (!outValid || outReady);
        if (fetch) {
          head = mem[readPtr & (depth - 1)];
          readPtr = (readPtr + 1) & pointerMask;
        }
        if (push) {
          mem[writePtr & (depth - 1)] = in[in("in_data_i")];
          writePtr = (writePtr + 1) & pointerMask;
        }
        outValid = fetch || (outValid && !outReady);
      }
    };
  }

  /** SkidBuffer; fault: a stalled output drops the incoming word instead of keeping it. */
  static ClockedModel skidBuffer(Simulation sim, boolean fault) {
    return new ClockedModel(sim) {
      boolean outValid;
      long outData;
      boolean skidValid;
      long skidData;

      @Override
      void reset() {
        outValid = false;
        skidValid = false;
      }

      @Override
      long[] outputs(long[] in) {
        return row("in_ready_o", bit(!skidValid), "out_valid_o", bit(outValid),
            "out_data_o", outData);
      }

      @Override
      void advance(long[] in) {
        boolean inValid = in[in("in_valid_i")] == 1;
        long inData = in[in("in_data_i")];
        boolean outFree = !outValid || in[in("out_ready_i")] == 1;
        if (outFree) {
          if (skidValid) {
            outValid = true;
            outData = skidData;
            skidValid = false;
          } else {
            outValid = inValid;
            outData = inData;
          }
        } else if (inValid && !skidValid && !fault) {
          skidValid = true;
          skidData = inData;
        }
      }
    };
  }

  /** The registers of UartRx; {@code sampleOffset} shifts the mid-bit sample (0 in the RTL). */
  static final class RxState {
    private final int cyclesPerBit;
    private final int sampleOffset;
    boolean meta;
    boolean sample;
    boolean busy;
    int count;
    int bitIndex;
    int shift;
    boolean valid;
    int data;
    boolean frameError;

    RxState(int cyclesPerBit, int sampleOffset) {
      this.cyclesPerBit = cyclesPerBit;
      this.sampleOffset = sampleOffset;
    }

    void reset() {
      meta = true;
      sample = true;
      busy = false;
      count = 0;
      bitIndex = 0;
      shift = 0;
      valid = false;
      data = 0;
      frameError = false;
    }

    /** Takes the clock edge with {@code line} on {@code rx_i}. */
    void advance(boolean line) {
      boolean sampleNow = sample;
      sample = meta;
      meta = line;
      valid = false;
      frameError = false;
      if (!busy) {
        if (!sampleNow) {
          busy = true;
          bitIndex = 0;
          count = cyclesPerBit / 2 - 1 + sampleOffset;
        }
      } else if (count != 0) {
        count--;
      } else {
        count = cyclesPerBit - 1;
        int index = bitIndex;
        bitIndex = (bitIndex + 1) & 0xf;
        if (index == 0) {
          if (sampleNow) {
            busy = false;
          }
        } else if (index == 9) {
          busy = false;
          if (sampleNow) {
            valid = true;
            data = shift;
          } else {
            frameError = true;
          }
        } else {
          shift = (sampleNow ? 0x80 : 0) | (shift >> 1);
        }
      }
    }
  }

  /** UartTx feeding UartRx; fault: the transmitter's bits are one cycle short. */
  static ClockedModel uartLoopback(Simulation sim, int cyclesPerBit, boolean fault) {
    int txBit = fault ? cyclesPerBit - 1 : cyclesPerBit;
    RxState rx = new RxState(cyclesPerBit, 0);
    return new ClockedModel(sim) {
      boolean txBusy;
      boolean line;
      int txShift;
      int bitsLeft;
      int txCount;

      @Override
      void reset() {
        txBusy = false;
        line = true;
        txShift = 0x1ff;
        bitsLeft = 0;
        txCount = 0;
        rx.reset();
      }

      @Override
      long[] outputs(long[] in) {
        return row("in_ready_o", bit(!txBusy), "tx_o", bit(line), "rx_valid_o", bit(rx.valid),
            "rx_data_o", rx.data, "rx_frame_error_o", bit(rx.frameError));
      }

      @Override
      void advance(long[] in) {
        // The receiver reads the transmitter's line as it was before the edge.
        rx.advance(line);
        boolean fire = in[in("in_valid_i")] == 1 && !txBusy;
        if (fire) {
          txBusy = true;
          line = false;
          txShift = 0x100 | (int) in[in("in_data_i")];
          bitsLeft = 9;
          txCount = txBit - 1;
        } else if (txBusy) {
          if (txCount != 0) {
            txCount--;
          } else if (bitsLeft != 0) {
            line = (txShift & 1) == 1;
            txShift = 0x100 | (txShift >> 1);
            bitsLeft--;
            txCount = txBit - 1;
          } else {
            txBusy = false;
          }
        }
      }
    };
  }

  /** UartRx alone; fault: samples every bit one cycle late. */
  static ClockedModel uartRx(Simulation sim, int cyclesPerBit, boolean fault) {
    RxState rx = new RxState(cyclesPerBit, fault ? 1 : 0);
    return new ClockedModel(sim) {
      @Override
      void reset() {
        rx.reset();
      }

      @Override
      long[] outputs(long[] in) {
        return row("valid_o", bit(rx.valid), "data_o", rx.data,
            "frame_error_o", bit(rx.frameError));
      }

      @Override
      void advance(long[] in) {
        rx.advance(in[in("rx_i")] == 1);
      }
    };
  }

  /** Examples.memAccumulator; fault: reads return the word being written (write-first). */
  static ClockedModel memAccumulator(Simulation sim, boolean fault) {
    return new ClockedModel(sim) {
      final long[] mem = initialWords();
      long oldWord;
      boolean pendValid;
      int pendAddr;
      long pendDelta;

      long[] initialWords() {
        long[] words = new long[256];
        for (int i = 0; i < words.length; i++) {
          words[i] = (i * 37L) % 1000 - 500;
        }
        return words;
      }

      @Override
      void reset() {
        pendValid = false;
        pendAddr = 0;
        pendDelta = 0;
      }

      long sum() {
        return saturate(oldWord + pendDelta, 16);
      }

      @Override
      long[] outputs(long[] in) {
        return row("sum_o", sum(), "sum_valid_o", bit(pendValid));
      }

      @Override
      void advance(long[] in) {
        boolean valid = in[in("valid_i")] == 1;
        int addr = (int) in[in("addr_i")];
        long sum = sum();
        if (fault && pendValid) {
          mem[pendAddr] = sum;
        }
        if (valid) {
          oldWord = mem[addr];
        }
        if (!fault && pendValid) {
          mem[pendAddr] = sum;
        }
        pendValid = valid;
        if (valid) {
          pendAddr = addr;
          pendDelta = signed(in[in("delta_i")], 16);
        }
      }
    };
  }

  /** Examples.signedMac; fault: the accumulator saturates one bit early. */
  static ClockedModel signedMac(Simulation sim, boolean fault) {
    int width = fault ? 19 : 20;
    return new ClockedModel(sim) {
      long acc;

      @Override
      void reset() {
        acc = 0;
      }

      @Override
      long[] outputs(long[] in) {
        return row("acc_o", acc, "negative_o", bit(acc < 0));
      }

      @Override
      void advance(long[] in) {
        if (in[in("clear_i")] == 1) {
          acc = 0;
        } else if (in[in("valid_i")] == 1) {
          long product = signed(in[in("a_i")], 8) * signed(in[in("b_i")], 8);
          acc = saturate(acc + product, width);
        }
      }
    };
  }

  /** Designs.libMisc; fault: the arbiter always restarts its search at requester 0. */
  static ClockedModel libMisc(Simulation sim, int requesters, boolean fault) {
    return new ClockedModel(sim) {
      int last;
      int chain;
      // The synchronizer's output is low from power-on, so the CRC register sees no falling
      // reset edge and keeps its power-on zero until the first clock edge resets it.
      int crc;
      boolean clocked;

      @Override
      void reset() {
        last = requesters - 1;
        chain = 0;
        if (clocked) {
          crcReset();
        }
      }

      /** The CRC unit is held in reset while the synchronizer's output is low. */
      void crcReset() {
        if ((chain & 2) == 0) {
          crc = Crc16.INITIAL;
        }
      }

      int winner(long req) {
        int start = fault ? requesters - 1 : last;
        for (int k = 1; k <= requesters; k++) {
          int w = (start + k) % requesters;
          if ((req >> w & 1) == 1) {
            return w;
          }
        }
        return -1;
      }

      @Override
      long[] outputs(long[] in) {
        long req = in[in("req_i")];
        int w = winner(req);
        return row("grant_o", w < 0 ? 0 : 1L << w, "busy_o", bit(req != 0), "crc_o", crc,
            "crc_rst_no", chain >> 1 & 1);
      }

      @Override
      void advance(long[] in) {
        int w = winner(in[in("req_i")]);
        if (w >= 0) {
          last = w;
        }
        if ((chain & 2) == 0 || in[in("clear_i")] == 1) {
          // Held in reset at this edge (the synchronizer output changes only after it).
          crc = Crc16.INITIAL;
        } else if (in[in("valid_i")] == 1) {
          crc = Crc16.update(crc, (int) in[in("data_i")]);
        }
        chain = ((chain << 1) | 1) & 3;
        clocked = true;
        crcReset();
      }
    };
  }
}
