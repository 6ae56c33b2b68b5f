package org.cosettle.mpc.transport;

import java.net.InetSocketAddress;

/**
 * Where a party meets its peer: it listens on an address (port 0: any free port), or dials one.
 * Either party of a settlement may listen.
 *
 * <pre>{@code
 * Endpoint e = Endpoint.parse(Endpoint.Mode.LISTEN, "0.0.0.0:7443");
 * Endpoint d = Endpoint.parse(Endpoint.Mode.CONNECT, "[::1]:7443");
 * }</pre>
 */
public record Endpoint(Mode mode, InetSocketAddress address) {
  /** Listen or dial. */
  public enum Mode { LISTEN, CONNECT }

  /**
   * {@code HOST:PORT} ({@code [IPv6]:PORT} for an IPv6 literal), port 0..65535 (0 only to listen).
   *
   * @throws IllegalArgumentException with what is wrong, for a person
   */
  public static Endpoint parse(Mode mode, String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("expected HOST:PORT, got '" + hostPort + "'");
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("write an IPv6 address in brackets, as [" + host + "]:PORT");
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the port of '" + hostPort + "' is not a number");
    }
    if (port < 0 || port > 65535 || (port == 0 && mode == Mode.CONNECT)) {
      throw new IllegalArgumentException("port " + port + " is out of range (1..65535" + (mode == Mode.LISTEN
          ? ", or 0 for any free port)" : ")"));
    }
    return new Endpoint(mode, mode == Mode.LISTEN ? new InetSocketAddress(host, port)
        : InetSocketAddress.createUnresolved(host, port));
  }

  @Override
  public String toString() {
    return (mode == Mode.LISTEN ? "listen on " : "connect to ") + address.getHostString() + ":" + address.getPort();
  }
}
