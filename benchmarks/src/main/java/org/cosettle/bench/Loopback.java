package org.cosettle.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.mpc.transport.GrpcChannel;
import org.cosettle.mpc.transport.HandshakeClient;
import org.cosettle.mpc.transport.HandshakeServer;
import org.cosettle.mpc.transport.SessionHello;
import org.cosettle.mpc.transport.TransportIdentity;
import org.cosettle.mpc.transport.TransportOptions;

/**
 * A handshake session over loopback gRPC with mutual TLS, the real transport, for the benchmarks
 * that compare it with the in-memory channel: {@link #first()} is the dialling end, {@link
 * #second()} the listening one. {@link #close()} finishes the session (both transcripts checked)
 * and stops the server.
 */
final class Loopback implements AutoCloseable {
  private final HandshakeServer server;
  private final GrpcChannel dialling;
  private final GrpcChannel listening;
  private final CountDownLatch done = new CountDownLatch(1);

  Loopback() {
    TransportIdentity a = TransportIdentity.generate("benchmark-listener", Duration.ofDays(1));
    TransportIdentity b = TransportIdentity.generate("benchmark-dialler", Duration.ofDays(1));
    SessionHello hello = new SessionHello("cosettle.bench/1", "loopback".getBytes(StandardCharsets.US_ASCII));
    TransportOptions options = TransportOptions.DEFAULTS.withReceiveTimeout(Duration.ofSeconds(120));
    CompletableFuture<GrpcChannel> accepted = new CompletableFuture<>();
    try {
      server = HandshakeServer.start(new InetSocketAddress("127.0.0.1", 0), a, b.certificate(), hello, options,
          session -> {
            accepted.complete(session);
            done.await();
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    dialling = HandshakeClient.connect(new InetSocketAddress("127.0.0.1", server.port()), b, a.certificate(), hello,
        options);
    listening = accepted.join();
  }

  Channel first() {
    return dialling;
  }

  Channel second() {
    return listening;
  }

  @Override
  public void close() {
    done.countDown();
    dialling.finish();
    server.close();
  }
}
