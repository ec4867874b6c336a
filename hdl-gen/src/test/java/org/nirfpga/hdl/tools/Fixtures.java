package org.nirfpga.hdl.tools;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Hand-written Verilog designs under the test resources, one folder per design. */
final class Fixtures {
  private Fixtures() {}

  /** The folder of fixture {@code name} (its top module has the same name). */
  static Path dir(String name) {
    URL url = Fixtures.class.getResource(name);
    if (url == null) {
      throw new IllegalStateException("missing test fixture folder " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
