package org.nirfpga.sim;

/**
 * The ports of a valid/ready input stream and output stream, the end-of-step bit being the top
 * bit of the output payload.
 *
 * @param inValid input stream valid (input port)
 * @param inReady input stream ready (output port)
 * @param inData input stream payload (input port, up to 64 bits)
 * @param outValid output stream valid (output port)
 * @param outReady output stream ready (input port)
 * @param outData output stream payload (output port, up to 64 bits); its top bit ends a step
 */
public record StreamPorts(Port inValid, Port inReady, Port inData, Port outValid,
    Port outReady, Port outData) {
  public StreamPorts {
    if (inData.wide() || outData.wide()) {
      throw new IllegalArgumentException("stream payloads wider than 64 bits");
    }
  }

  /**
   * The streams {@code <in>_valid_i/_ready_o/_data_i} and {@code <out>_valid_o/_ready_i/
   * _data_o} of {@code model}.
   */
  public static StreamPorts named(RtlSimulator model, String in, String out) {
    return new StreamPorts(model.port(in + "_valid_i"), model.port(in + "_ready_o"),
        model.port(in + "_data_i"), model.port(out + "_valid_o"), model.port(out + "_ready_i"),
        model.port(out + "_data_o"));
  }

  int[] indices() {
    return new int[] {inValid.index(), inReady.index(), inData.index(), outValid.index(),
        outReady.index(), outData.index(), outData.width() - 1};
  }
}
