package org.cosettle.mpc.transport;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cosettle.crypto.channel.ChannelException;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.mpc.transport.proto.Frame;
import org.cosettle.mpc.transport.proto.HandshakeGrpc;
import org.cosettle.mpc.transport.proto.Hello;

/**
 * The listening party of handshake sessions: accepts mutual-TLS connections from exactly one
 * pinned peer certificate, agrees on the session ({@link SessionHello}: same protocol, same
 * context, or the session is refused), then runs the {@link SessionHandler} on a thread of its
 * own. When the handler returns, the session is {@linkplain GrpcChannel#finish() finished}
 * (unless the handler did so); when it throws, the session is aborted with the exception's
 * message (our exceptions name steps and rules, never secrets; other exceptions send only their
 * type).
 *
 * <pre>{@code
 * try (HandshakeServer server = HandshakeServer.start(new InetSocketAddress("127.0.0.1", 0), me, insurerCert,
 *     new SessionHello("cosettle.settle/1", policyHash), TransportOptions.DEFAULTS, session -> run(session))) {
 *   int port = server.port();
 *   ...
 * }
 * }</pre>
 */
public final class HandshakeServer implements AutoCloseable {
  /** The work of one session, on the listening side. */
  @FunctionalInterface
  public interface SessionHandler {
    void run(GrpcChannel session) throws Exception;
  }

  private final Server server;
  private final ExecutorService sessions;

  private HandshakeServer(Server server, ExecutorService sessions) {
    this.server = server;
    this.sessions = sessions;
  }

  /** Binds {@code address} (port 0: any free port) and starts accepting sessions. */
  public static HandshakeServer start(InetSocketAddress address, TransportIdentity identity, X509Certificate peer,
      SessionHello expected, TransportOptions options, SessionHandler handler) throws IOException {
    AtomicInteger counter = new AtomicInteger();
    ExecutorService sessions = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "cosettle-session-" + counter.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    HandshakeGrpc.HandshakeImplBase service = new HandshakeGrpc.HandshakeImplBase() {
      @Override
      public StreamObserver<Frame> session(StreamObserver<Frame> responses) {
        ServerCallStreamObserver<Frame> call = (ServerCallStreamObserver<Frame>) responses;
        GrpcChannel channel = new GrpcChannel("listening party", options);
        call.disableAutoRequest();
        channel.attach(call, () -> {});
        call.request(1);
        sessions.execute(() -> serve(channel, expected, handler));
        return channel.inbound();
      }
    };
    Server server = NettyServerBuilder.forAddress(address, Tls.server(identity, peer))
        .maxInboundMessageSize(options.frameBytes() + 4096)
        .addService(service)
        .build()
        .start();
    return new HandshakeServer(server, sessions);
  }

  private static void serve(GrpcChannel channel, SessionHello expected, SessionHandler handler) {
    try {
      Hello h = channel.receiveHello(null);
      byte[] id = h.getSessionId().toByteArray();
      SessionHello offered = new SessionHello(h.getProtocol(), h.getContext().toByteArray());
      if (!offered.agreesWith(expected)) {
        channel.abort("session refused: the peer offers " + offered + ", this side runs " + expected);
        return;
      }
      channel.sendHello(id, expected);
      channel.begin(id, expected);
      handler.run(channel);
      if (channel.isOpen()) {
        channel.finish();
      }
    } catch (ProtocolAbortException | ChannelException e) {
      channel.abort(e.getMessage());
    } catch (InterruptedException e) {
      channel.abort("the listening party is shutting down");
    } catch (Exception | Error e) {
      channel.abort("the listening party failed: " + e.getClass().getSimpleName());
    }
  }

  /** The port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** Stops accepting, aborts running sessions, and waits (up to 5 s) for the server to stop. */
  @Override
  public void close() {
    server.shutdownNow();
    sessions.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
      sessions.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
