package org.nirfpga.gen;

import static org.nirfpga.hdl.Hdl.lit;
import static org.nirfpga.hdl.Hdl.uint;

import java.util.ArrayList;
import java.util.List;
import org.nirfpga.fixed.LayerConstants;
import org.nirfpga.hdl.Expr;
import org.nirfpga.hdl.Instance;
import org.nirfpga.hdl.Module;

/**
 * The weight words of the layers whose weights live in single-port memories without initial
 * contents (iCE40 SPRAM): one image, loaded through the accelerator's {@code wl} stream before
 * the network runs. The image is the layers' weight words one after another in pipeline order
 * (a laned layer's lanes in lane order), each word as its layer engine stores it; word
 * {@code base + k} of a part is word {@code k} of that engine's weight memory.
 *
 * @param addressBits width of the {@code wl} stream's address field
 * @param dataBits width of its data field (the widest part's word)
 * @param parts the engines' shares, in image order
 */
public record WeightImage(int addressBits, int dataBits, List<Part> parts) {
  /** The file the image is written to beside the Verilog: one hex word per line. */
  public static final String FILE = "weights_spram.hex";

  /**
   * One engine's share of the image.
   *
   * @param node the layer's NIR node path
   * @param lane the lane of the layer (0 without lanes)
   * @param base the image address of its first word
   * @param words its weight words
   * @param dataBits the width of its words
   */
  public record Part(String node, int lane, int base, long[] words, int dataBits) {}

  public WeightImage {
    parts = List.copyOf(parts);
  }

  /** Words in the image. */
  public int size() {
    Part last = parts.get(parts.size() - 1);
    return last.base() + last.words().length;
  }

  /** The image's words in address order. */
  public long[] words() {
    long[] all = new long[size()];
    for (Part p : parts) {
      System.arraycopy(p.words(), 0, all, p.base(), p.words().length);
    }
    return all;
  }

  /** The image file's text: one word a line, lower-case hex, as wide as {@link #dataBits}. */
  public String hex() {
    int digits = (dataBits + 3) / 4;
    StringBuilder b = new StringBuilder();
    for (long w : words()) {
      String h = Long.toHexString(w);
      b.append("0".repeat(Math.max(0, digits - h.length()))).append(h).append('\n');
    }
    return b.toString();
  }

  /**
   * The weight words each engine of layer {@code c} over {@code lanes} lanes stores (none for an
   * engine whose rows are all empty; its memory still has a word of zeros).
   */
  static List<long[]> engineWords(LayerConstants c, List<ChainInput> inputs, int lanes) {
    List<long[]> out = new ArrayList<>();
    for (int l = 0; l < lanes; l++) {
      LayerConstants cl = lanes == 1 ? c : Lanes.slice(c, lanes, l);
      SynapseTables t = SynapseTables.of(cl, inputs);
      out.add(t.words() == 0 ? new long[0] : t.wordInit());
    }
    return out;
  }

  /**
   * Connects the weight-load ports of engine (or laned layer) {@code u}, whose words sit at
   * image addresses {@code base} .. {@code base + count - 1} of the bus {@code we, addr, data};
   * returns its {@code wl_free_o}.
   */
  static Expr connect(Instance u, Expr we, Expr addr, Expr data, int base, int count) {
    int aw = u.port("wl_addr_i").width();
    int dw = u.port("wl_data_i").width();
    // Bounds that every address meets are left out (no comparison that is always true).
    Expr mine = lit(count == 0 ? 0 : 1, uint(1));
    if (count > 0 && base > 0) {
      mine = mine.and(addr.ge(base));
    }
    if (count > 0 && base + count < (1L << addr.width())) {
      mine = mine.and(addr.lt(base + count));
    }
    Expr local = base == 0 ? addr : addr.sub(base);
    u.connect("wl_we_i", we.and(mine));
    u.connect("wl_addr_i", local.width() >= aw ? local.truncate(aw) : local.resize(aw));
    u.connect("wl_data_i", data.width() >= dw ? data.truncate(dw) : data.resize(dw));
    return u.port("wl_free_o");
  }

  /** The module's own weight-load ports for {@code words} words of {@code dataBits} bits. */
  static Expr[] ports(Module m, int words, int dataBits) {
    return new Expr[] {m.input("wl_we_i", uint(1)),
        m.input("wl_addr_i", uint(LayerEngine.addressBits(words))),
        m.input("wl_data_i", uint(dataBits))};
  }
}
