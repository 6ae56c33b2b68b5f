package org.cosettle.mpc.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.function.IntConsumer;
import org.cosettle.crypto.channel.ChannelException;

/**
 * One agreed session with the peer, however it was reached: listening for exactly one session
 * (the bound port reported before waiting), or dialling — again every second while nothing
 * listens at the address yet, until {@code timeout}. Any other failure (TLS refused the peer, the
 * peer refused the hello) ends at once with its reason. Closing it closes the session (an
 * unfinished one is aborted) and the listener.
 *
 * <pre>{@code
 * try (PeerSession peer = PeerSession.open(endpoint, me, peerCert, hello, TransportOptions.DEFAULTS,
 *     Duration.ofMinutes(10), port -> System.err.println("listening on port " + port))) {
 *   HandshakeSettlement.dataHolder(policy, claims, peer.channel(), Prg.create());
 *   peer.channel().finish();
 * }
 * }</pre>
 */
public final class PeerSession implements AutoCloseable {
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final GrpcChannel channel;
  private final HandshakeServer server;

  private PeerSession(GrpcChannel channel, HandshakeServer server) {
    this.channel = channel;
    this.server = server;
  }

  /**
   * Opens the session at {@code endpoint}; {@code onListening} gets the bound port when listening.
   *
   * @throws IOException when the address cannot be bound
   * @throws ChannelException when the peer is not reached within {@code timeout}, or TLS fails
   * @throws org.cosettle.crypto.ot.ProtocolAbortException when the peer refuses the session or
   *     offers another one
   */
  public static PeerSession open(Endpoint endpoint, TransportIdentity identity, X509Certificate peer,
      SessionHello hello, TransportOptions options, Duration timeout, IntConsumer onListening) throws IOException {
    if (endpoint.mode() == Endpoint.Mode.LISTEN) {
      HandshakeServer server = HandshakeServer.listen(endpoint.address(), identity, peer, hello, options);
      try {
        onListening.accept(server.port());
        return new PeerSession(server.accept(timeout), server);
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    InetSocketAddress address = new InetSocketAddress(endpoint.address().getHostString(), endpoint.address().getPort());
    while (true) {
      try {
        return new PeerSession(HandshakeClient.connect(address, identity, peer, hello, options), null);
      } catch (ChannelException e) {
        if (!nothingListens(e) || System.nanoTime() + RETRY.toNanos() > deadline) {
          throw nothingListens(e) ? new ChannelException("the peer at " + endpoint.address().getHostString() + ":"
              + endpoint.address().getPort() + " did not answer within " + timeout.toSeconds() + " s", e) : e;
        }
        try {
          Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new ChannelException("interrupted while dialling the peer", interrupted);
        }
      }
    }
  }

  /**
   * Loads and initializes the TLS library now: Netty's BoringSSL is unpacked from the jar, loaded
   * and probed for its ciphers, with the JDK's TLS defaults, which takes a freshly started JVM a
   * few hundred milliseconds. Opening a session does it anyway; a process that calls this on
   * another thread while it reads its files has it done by then (a session opened meanwhile waits
   * for it: the JVM initializes a class once).
   */
  public static void initializeTls() {
    Tls.initialize();
  }

  /** Whether the connection failed because nothing accepts connections at the address (yet). */
  private static boolean nothingListens(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  /** The agreed session. */
  public GrpcChannel channel() {
    return channel;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }
}
