package org.cosettle.mpc.transport;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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

  /** Sessions (or refusals) served at once; a stream beyond them is refused on the gRPC thread. */
  static final int MAX_CONCURRENT_SESSIONS = 8;

  /** Where a stream's tracer finds the session it belongs to (set in the service, read when the stream closes). */
  private static final Context.Key<AtomicReference<GrpcChannel>> SESSION = Context.key("cosettle-session");

  /**
   * Hears each stream close with its real status: a frame beyond the inbound size is refused by
   * gRPC before it is read, and the service sees only a cancellation, so the session is told why.
   */
  private static final ServerStreamTracer.Factory CLOSES = new ServerStreamTracer.Factory() {
    @Override
    public ServerStreamTracer newServerStreamTracer(String method, Metadata headers) {
      AtomicReference<GrpcChannel> session = new AtomicReference<>();
      return new ServerStreamTracer() {
        @Override
        public Context filterContext(Context context) {
          return context.withValue(SESSION, session);
        }

        @Override
        public void streamClosed(Status status) {
          GrpcChannel channel = session.get();
          if (channel != null && status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
            channel.transportFailed(status);
          }
        }
      };
    }
  };

  private final Server server;
  private final NetworkThread network;
  private final ExecutorService sessions;
  private final BlockingQueue<Arrival> accepted;
  /** Why TLS last refused a peer, for the message of a listener that waited in vain. */
  private final AtomicReference<String> refused;

  /** What a listener for one session gets: the agreed session, or why it did not start. */
  private record Arrival(GrpcChannel session, RuntimeException failure) {}

  private HandshakeServer(Server server, NetworkThread network, ExecutorService sessions,
      BlockingQueue<Arrival> accepted, AtomicReference<String> refused) {
    this.server = server;
    this.network = network;
    this.sessions = sessions;
    this.accepted = accepted;
    this.refused = refused;
  }

  /** Binds {@code address} (port 0: any free port) and starts accepting sessions. */
  public static HandshakeServer start(InetSocketAddress address, TransportIdentity identity, X509Certificate peer,
      SessionHello expected, TransportOptions options, SessionHandler handler) throws IOException {
    return start(address, identity, peer, expected, options, handler, null);
  }

  /**
   * Binds {@code address} (port 0: any free port) and waits for exactly one session, which
   * {@link #accept} hands to the caller once the peer agreed on it; a second peer is refused
   * while it runs. The caller owns the session: it finishes or closes it.
   *
   * <pre>{@code
   * try (HandshakeServer server = HandshakeServer.listen(address, me, peerCert, hello, options)) {
   *   System.err.println("listening on port " + server.port());
   *   try (GrpcChannel session = server.accept(Duration.ofMinutes(10))) { ... session.finish(); }
   * }
   * }</pre>
   */
  public static HandshakeServer listen(InetSocketAddress address, TransportIdentity identity, X509Certificate peer,
      SessionHello expected, TransportOptions options) throws IOException {
    return start(address, identity, peer, expected, options, null, new ArrayBlockingQueue<>(2));
  }

  /**
   * The session a peer opened, once it agreed on the hello.
   *
   * @throws ChannelException when no peer opened a session within {@code timeout}
   * @throws ProtocolAbortException when the peer offered another session (another policy, say)
   */
  public GrpcChannel accept(Duration timeout) {
    if (accepted == null) {
      throw new IllegalStateException("this server runs a handler per session; accept() is for listen()");
    }
    try {
      Arrival arrival = accepted.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (arrival == null) {
        String why = refused.get();
        throw new ChannelException("no peer opened a session within " + timeout.toSeconds() + " s"
            + (why == null ? "" : " (TLS refused a peer: " + why + ")"));
      }
      if (arrival.failure() != null) {
        throw arrival.failure();
      }
      return arrival.session();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelException("interrupted while waiting for the peer");
    }
  }

  private static HandshakeServer start(InetSocketAddress address, TransportIdentity identity, X509Certificate peer,
      SessionHello expected, TransportOptions options, SessionHandler handler, BlockingQueue<Arrival> accepted)
      throws IOException {
    AtomicBoolean taken = new AtomicBoolean();
    AtomicInteger counter = new AtomicInteger();
    // a bounded pool: a peer opening streams without end gets refusals, not threads
    ExecutorService sessions = new ThreadPoolExecutor(0, MAX_CONCURRENT_SESSIONS, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "cosettle-session-" + counter.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, (task, pool) -> {
          throw new RejectedExecutionException("busy");
        });
    HandshakeGrpc.HandshakeImplBase service = new HandshakeGrpc.HandshakeImplBase() {
      @Override
      public StreamObserver<Frame> session(StreamObserver<Frame> responses) {
        ServerCallStreamObserver<Frame> call = (ServerCallStreamObserver<Frame>) responses;
        GrpcChannel channel = new GrpcChannel("listening party", options);
        AtomicReference<GrpcChannel> traced = SESSION.get();
        if (traced != null) {
          traced.set(channel);
        }
        call.disableAutoRequest();
        channel.attach(call, () -> {});
        call.request(1);
        boolean ours = accepted == null || taken.compareAndSet(false, true);
        try {
          if (!ours) {
            sessions.execute(() -> channel.abort("session refused: the listening party settles one session and is busy"));
          } else {
            sessions.execute(() -> serve(channel, expected, handler, accepted));
          }
        } catch (RejectedExecutionException e) {
          if (accepted != null && ours) {
            taken.set(false);
          }
          channel.abort("session refused: the listening party runs " + MAX_CONCURRENT_SESSIONS + " sessions already");
        }
        return channel.inbound();
      }
    };
    AtomicReference<String> refused = new AtomicReference<>();
    NetworkThread network = NetworkThread.start("cosettle-listening-net");
    try {
      Server server = NettyServerBuilder.forAddress(address, Tls.server(identity, peer, refused::set))
          .bossEventLoopGroup(network.group())
          .workerEventLoopGroup(network.group())
          .channelType(NioServerSocketChannel.class)
          .maxInboundMessageSize(options.frameBytes() + 4096)
          .addStreamTracerFactory(CLOSES)
          .addService(service)
          .build()
          .start();
      return new HandshakeServer(server, network, sessions, accepted, refused);
    } catch (IOException | RuntimeException e) {
      network.close();
      sessions.shutdownNow();
      throw e;
    }
  }

  private static void serve(GrpcChannel channel, SessionHello expected, SessionHandler handler,
      BlockingQueue<Arrival> accepted) {
    RuntimeException failure = null;
    try {
      Hello h = channel.receiveHello(null);
      byte[] id = h.getSessionId().toByteArray();
      SessionHello offered = channel.offered(h);
      if (!offered.agreesWith(expected)) {
        String why = "session refused: the listening party has " + expected + ", the dialling party has " + offered;
        channel.abort(why);
        failure = new ProtocolAbortException(TransportStep.HELLO, why);
        return;
      }
      channel.sendHello(id, expected);
      channel.begin(id, expected, offered);
      if (accepted != null) {
        accepted.add(new Arrival(channel, null));
        return;
      }
      handler.run(channel);
      if (channel.isOpen()) {
        channel.finish();
      }
    } catch (ProtocolAbortException | ChannelException e) {
      channel.abort(e.getMessage());
      failure = e;
    } catch (InterruptedException e) {
      channel.abort("the listening party is shutting down");
    } catch (Exception | Error e) {
      channel.abort("the listening party failed: " + e.getClass().getSimpleName());
    } finally {
      // a listener for one session ends with the reason the session did not start
      if (accepted != null && failure != null) {
        accepted.offer(new Arrival(null, failure));
      }
    }
  }

  /** The port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** Stops accepting, aborts running sessions, and waits (up to 5 s each) for the server and its thread to stop. */
  @Override
  public void close() {
    server.shutdownNow();
    sessions.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
      sessions.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      network.close();
    }
  }
}
