package org.nirfpga.hdl.lib;

import static org.nirfpga.hdl.Hdl.bool;

import org.nirfpga.hdl.Module;
import org.nirfpga.hdl.Shape;
import org.nirfpga.hdl.Signal;
import org.nirfpga.hdl.Stream;

/**
 * A two-entry skid buffer: registers both the forward path ({@code out} valid and data) and the
 * backward path ({@code in} ready) of a valid/ready stream at full throughput, so long
 * combinational paths are cut in both directions.
 *
 * <p>{@code in_ready_o} is low exactly when the skid register holds a word; a word accepted
 * while the output is stalled waits there and moves to the output register first.
 */
public final class SkidBuffer extends Module {
  /** A skid buffer for words of {@code payload}. */
  public SkidBuffer(String name, Shape payload) {
    super(name);
    Stream in = streamIn("in", payload);
    Stream out = streamOut("out", payload);
    Signal outValid = reg("out_valid", bool(), 0);
    Signal outData = regNoReset("out_data", payload);
    Signal skidValid = reg("skid_valid", bool(), 0);
    Signal skidData = regNoReset("skid_data", payload);
    in.ready().set(skidValid.not());
    Signal outFree = wire("out_free", bool());
    outFree.set(outValid.not().or(out.ready()));
    when(outFree, () -> {
      when(skidValid, () -> {
        outValid.set(1);
        outData.set(skidData);
        skidValid.set(0);
      }).otherwise(() -> {
        outValid.set(in.valid());
        outData.set(in.payload());
      });
    }).elseWhen(in.fire(), () -> {
      skidValid.set(1);
      skidData.set(in.payload());
    });
    out.valid().set(outValid);
    out.payload().set(outData);
    build();
  }
}
