package org.nirfpga.host.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nirfpga.nir.NirfpgaException;

class SerialAddressTest {
  @Test
  void aPathAndBaudAreReadFromTheUri() throws Exception {
    assertEquals(new SerialAddress("/dev/ttyUSB1", 3_000_000),
        SerialAddress.parse("serial:/dev/ttyUSB1?baud=3000000"));
    assertEquals(new SerialAddress("COM3", 115_200), SerialAddress.parse("serial:COM3"));
    assertEquals(new SerialAddress("/tmp/board pty", 9600),
        SerialAddress.parse("serial:/tmp/board pty?baud=9600"));
  }

  @Test
  void withoutABaudTheBridgesDefaultRateIsUsed() throws Exception {
    assertEquals(115_200, SerialAddress.parse("serial:/dev/ttyACM0").baud());
  }

  @Test
  void theTripleSlashFormNamesTheSamePort() throws Exception {
    assertEquals(new SerialAddress("/dev/ttyUSB1", 3_000_000),
        SerialAddress.parse("serial:///dev/ttyUSB1?baud=3000000"));
  }

  @Test
  void theUriOfAnAddressParsesBackToIt() throws Exception {
    SerialAddress a = new SerialAddress("/dev/ttyUSB1", 921_600);
    assertEquals("serial:/dev/ttyUSB1?baud=921600", a.uri());
    assertEquals(a, SerialAddress.parse(a.uri()));
  }

  @Test
  void aBaudThatIsNotANumberIsRefusedNamingTheUriAndTheRange() {
    assertEquals("serial:/dev/ttyUSB1?baud=fast: bad baud 'fast'; give a whole number of bits"
        + " per second from 300 to 12000000, e.g. baud=3000000", refusal(
            "serial:/dev/ttyUSB1?baud=fast"));
  }

  @Test
  void baudsOutsideTheRangeAndEmptyOnesAreRefused() {
    for (String bad : new String[] {"0", "-9600", "299", "12000001", "", "3e6", "99999999999"}) {
      String uri = "serial:/dev/ttyUSB1?baud=" + bad;
      assertEquals(uri + ": bad baud '" + bad + "'; give a whole number of bits per second from"
          + " 300 to 12000000, e.g. baud=3000000", refusal(uri));
    }
  }

  @Test
  void theRangeEndsAreAccepted() throws Exception {
    assertEquals(300, SerialAddress.parse("serial:/dev/ttyS0?baud=300").baud());
    assertEquals(12_000_000, SerialAddress.parse("serial:/dev/ttyS0?baud=12000000").baud());
  }

  @Test
  void anUnknownParameterIsRefusedRatherThanIgnored() {
    assertEquals("serial:/dev/ttyUSB1?baud=9600&parity=even: unknown parameter 'parity'; a"
        + " serial URI takes only baud, e.g. serial:/dev/ttyUSB1?baud=3000000",
        refusal("serial:/dev/ttyUSB1?baud=9600&parity=even"));
    assertEquals("serial:/dev/ttyUSB1?speed=9600: unknown parameter 'speed'; a serial URI takes"
        + " only baud, e.g. serial:/dev/ttyUSB1?baud=3000000",
        refusal("serial:/dev/ttyUSB1?speed=9600"));
  }

  @Test
  void aUriWithoutAPathIsRefusedWithAnExample() {
    for (String uri : new String[] {"serial:", "serial:?baud=9600", "serial://"}) {
      assertEquals(uri + ": a serial URI needs the port's device path, e.g."
          + " serial:/dev/ttyUSB1?baud=3000000", refusal(uri));
    }
  }

  private static String refusal(String uri) {
    return assertThrows(NirfpgaException.class, () -> SerialAddress.parse(uri)).getMessage();
  }
}
