package org.nirfpga.hdl.lib;

import static org.nirfpga.hdl.Hdl.bool;
import static org.nirfpga.hdl.Hdl.uint;

import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Memory;
import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.ReadDuringWrite;
import org.nirfpga.hdl.Shape;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.Stream;

/**
 * A synchronous first-word-fall-through FIFO between two valid/ready streams ({@code in},
 * {@code out}), storing words in a memory with a synchronous read port so that it maps to block
 * RAM.
 *
 * <p>It holds up to {@code depth + 1} words: {@code depth} in the memory and one in the output
 * register that the read port feeds. A word written in cycle t is offered on {@code out} from
 * cycle t + 2 when the FIFO was empty. {@code level_o} counts the words held.
 */
public final class SyncFifo extends Module {
  private final Shape payload;
  private final int depth;

  /** A FIFO of {@code payload} words; {@code depth} is the memory depth, a power of two >= 2. */
  public SyncFifo(String name, Shape payload, int depth) {
    super(name);
    if (depth < 2 || Integer.bitCount(depth) != 1) {
      throw new IllegalArgumentException("FIFO '" + name + "' depth " + depth
          + " must be a power of two of at least 2");
    }
    this.payload = payload;
    this.depth = depth;
    int addressWidth = Integer.numberOfTrailingZeros(depth);
    int pointerWidth = addressWidth + 1;
    Stream in = streamIn("in", payload);
    Stream out = streamOut("out", payload);
    Memory words = memory("words", payload, depth, ReadDuringWrite.READ_FIRST);
    // Pointers carry one bit more than the address so that full and empty differ.
    Signal writePtr = reg("wr_ptr", uint(pointerWidth), 0);
    Signal readPtr = reg("rd_ptr", uint(pointerWidth), 0);
    Signal outValid = reg("out_valid", bool(), 0);
    Signal stored = wire("stored", uint(pointerWidth));
    stored.set(writePtr.sub(readPtr).truncate(pointerWidth));
    // Full and empty compare the pointers bit by bit instead of the difference: no carry chain
    // sits in front of the handshakes (the same values as stored == depth and stored == 0).
    Expr sameAddress = writePtr.truncate(addressWidth).eq(readPtr.truncate(addressWidth));
    Expr full = sameAddress.and(writePtr.bit(addressWidth).ne(readPtr.bit(addressWidth)));
    Expr empty = writePtr.eq(readPtr);
    in.ready().set(full.not());
    // Fetch the next word whenever the output register is empty or being emptied; the memory
    // is never read and written at one address in one cycle because a read needs stored > 0.
    Signal fetch = wire("fetch", bool());
    fetch.set(empty.not().and(outValid.not().or(out.ready())));
    words.write(writePtr.truncate(addressWidth), in.payload(), in.fire());
    Signal head = words.readSync("head", readPtr.truncate(addressWidth), fetch);
    when(in.fire(), () -> writePtr.set(writePtr.add(1).truncate(pointerWidth)));
    when(fetch, () -> readPtr.set(readPtr.add(1).truncate(pointerWidth)));
    when(fetch, () -> outValid.set(1)).elseWhen(out.ready(), () -> outValid.set(0));
    out.valid().set(outValid);
    out.payload().set(head);
    Expr level = stored.add(outValid);
    output("level_o", uint(pointerWidth + 1)).set(level);
    build();
  }

  /** Shape of the words. */
  public Shape payload() {
    return payload;
  }

  /** Memory depth; the FIFO holds one word more. */
  public int depth() {
    return depth;
  }

  /** Words the FIFO holds when full: {@code depth + 1}. */
  public int capacity() {
    return depth + 1;
  }
}
