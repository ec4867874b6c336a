package org.nirfpga.host.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/** A device behind a TCP socket, such as a virtual board ({@code tcp://host:port}). */
public final class TcpTransport implements Transport {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String name;
  private final byte[] buf = new byte[4096];

  /** Connects to {@code host:port}, waiting at most {@code connectTimeout}. */
  public TcpTransport(String host, int port, Duration connectTimeout) throws IOException {
    this.name = "tcp://" + host + ":" + port;
    this.socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
    socket.setTcpNoDelay(true);
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  @Override
  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  @Override
  public byte[] read(Duration timeout) throws IOException {
    socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    try {
      int n = in.read(buf);
      if (n < 0) {
        throw new IOException(name + ": the device closed the connection");
      }
      return Arrays.copyOf(buf, n);
    } catch (SocketTimeoutException e) {
      return new byte[0];
    }
  }

  @Override
  public String describe() {
    return name;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
