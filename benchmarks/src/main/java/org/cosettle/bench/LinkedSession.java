package org.cosettle.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.cosettle.mpc.transport.GrpcChannel;
import org.cosettle.mpc.transport.HandshakeClient;
import org.cosettle.mpc.transport.HandshakeServer;
import org.cosettle.mpc.transport.SessionHello;
import org.cosettle.mpc.transport.TransportIdentity;
import org.cosettle.mpc.transport.TransportOptions;

/**
 * Both ends of one handshake session in this process, the dialling end reaching the listening
 * end through a {@link LinkProxy}: the real transport (gRPC, mutual TLS 1.3 with fresh pinned
 * certificates) over a played link. Like {@link org.cosettle.mpc.transport.LoopbackSession},
 * built from the public transport API only: {@link HandshakeServer#listen} on 127.0.0.1, a
 * proxy to its port, {@link HandshakeClient#connect} to the proxy, {@link HandshakeServer#accept}.
 *
 * <p>{@link #finish()} ends the session as both parties would (transcripts compared, both ends at
 * once); {@link #close()} stops the server and the proxy, aborting a session that did not finish.
 */
final class LinkedSession implements AutoCloseable {
  private static final SessionHello HELLO = new SessionHello("cosettle.bench/1", new byte[] {1});

  private final HandshakeServer server;
  private final LinkProxy proxy;
  private final GrpcChannel listening;
  private final GrpcChannel dialling;

  private LinkedSession(HandshakeServer server, LinkProxy proxy, GrpcChannel listening, GrpcChannel dialling) {
    this.server = server;
    this.proxy = proxy;
    this.listening = listening;
    this.dialling = dialling;
  }

  /** Opens a session over {@code link}; a receive waits up to {@code receiveTimeout} for the peer. */
  static LinkedSession open(Link link, Duration receiveTimeout) throws IOException {
    TransportIdentity listener = TransportIdentity.generate("bench-listening", Duration.ofDays(1));
    TransportIdentity dialler = TransportIdentity.generate("bench-dialling", Duration.ofDays(1));
    TransportOptions options = TransportOptions.DEFAULTS.withReceiveTimeout(receiveTimeout);
    HandshakeServer server = HandshakeServer.listen(new InetSocketAddress("127.0.0.1", 0), listener,
        dialler.certificate(), HELLO, options);
    LinkProxy proxy = null;
    try {
      proxy = LinkProxy.start(new InetSocketAddress("127.0.0.1", server.port()), link);
      GrpcChannel dialling = HandshakeClient.connect(proxy.address(), dialler, listener.certificate(), HELLO, options);
      try {
        return new LinkedSession(server, proxy, server.accept(Duration.ofSeconds(60)), dialling);
      } catch (RuntimeException e) {
        dialling.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      server.close();
      if (proxy != null) {
        proxy.close();
      }
      throw e;
    }
  }

  /** The listening end (the platform's, in the benchmarks). */
  GrpcChannel listening() {
    return listening;
  }

  /** The dialling end (the insurer's), whose connection goes through the proxy. */
  GrpcChannel dialling() {
    return dialling;
  }

  /** The proxy playing the link, with its counters. */
  LinkProxy proxy() {
    return proxy;
  }

  /** Both ends compare transcripts, at once; throws as {@link GrpcChannel#finish()} does. */
  void finish() {
    CompletableFuture<Void> listened = CompletableFuture.runAsync(listening::finish);
    dialling.finish();
    listened.join();
  }

  /** Aborts an end that did not finish, stops the server, then the proxy. */
  @Override
  public void close() {
    dialling.close();
    listening.close();
    server.close();
    proxy.close();
  }
}
