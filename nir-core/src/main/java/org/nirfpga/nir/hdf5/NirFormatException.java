package org.nirfpga.nir.hdf5;

import org.nirfpga.nir.NirfpgaException;

/** A {@code .nir} file that cannot be read or written; the one-line message names file and node. */
public class NirFormatException extends NirfpgaException {
  public NirFormatException(String message) {
    super(message);
  }

  public NirFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
