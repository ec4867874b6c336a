package org.nirfpga.nir;

/**
 * An error the user can cause (a bad file, a wrong-shaped input, an unsupported node), with a
 * one-line message that names the file, node or field, what is wrong and, where known, the fix.
 */
public class NirfpgaException extends Exception {
  public NirfpgaException(String message) {
    super(message);
  }

  public NirfpgaException(String message, Throwable cause) {
    super(message, cause);
  }
}
