package org.cosettle.mpc.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Both ends of one handshake session in this process, over 127.0.0.1 with the real transport
 * (gRPC, mutual TLS with fresh pinned certificates): for running both parties side by side —
 * {@code cosettle run --mode handshake}, the demo, tests and benchmarks. Give each end to one
 * party's thread; {@link #finish()} ends the session as both parties would (transcripts
 * compared); {@link #close()} stops the server, aborting the session if it did not finish.
 *
 * <pre>{@code
 * try (LoopbackSession loopback = LoopbackSession.open(hello, TransportOptions.DEFAULTS)) {
 *   CompletableFuture<?> platform = CompletableFuture.runAsync(() -> runPlatform(loopback.listening()));
 *   runInsurer(loopback.dialling());
 *   platform.join();
 *   loopback.finish();
 * }
 * }</pre>
 */
public final class LoopbackSession implements AutoCloseable {
  private final HandshakeServer server;
  private final GrpcChannel dialling;
  private final GrpcChannel listening;
  private final CountDownLatch done = new CountDownLatch(1);
  private final CompletableFuture<Void> listeningFinished = new CompletableFuture<>();
  /** Set by {@link #finish()} before it releases the listening end: finish it, rather than abort. */
  private volatile boolean finishing;

  private LoopbackSession(HandshakeServer server, GrpcChannel dialling, GrpcChannel listening) {
    this.server = server;
    this.dialling = dialling;
    this.listening = listening;
  }

  /** Starts a server on an ephemeral loopback port and connects to it; both ends offer {@code hello}. */
  public static LoopbackSession open(SessionHello hello, TransportOptions options) {
    return open(hello, hello, options);
  }

  /**
   * As {@link #open(SessionHello, TransportOptions)}, each end offering its own hello (the same
   * protocol and context, each party's own limits).
   */
  public static LoopbackSession open(SessionHello listeningHello, SessionHello diallingHello, TransportOptions options) {
    TransportIdentity listener = TransportIdentity.generate("loopback-listening", Duration.ofDays(1));
    TransportIdentity dialler = TransportIdentity.generate("loopback-dialling", Duration.ofDays(1));
    CompletableFuture<GrpcChannel> accepted = new CompletableFuture<>();
    HandshakeServer server;
    LoopbackSession[] session = new LoopbackSession[1];
    try {
      server = HandshakeServer.start(new InetSocketAddress("127.0.0.1", 0), listener, dialler.certificate(),
          listeningHello, options, channel -> {
            accepted.complete(channel);
            LoopbackSession s = awaitSession(session);
            s.done.await();
            if (!s.finishing) {
              channel.abort("the loopback session was closed before it finished");
              return;
            }
            try {
              channel.finish();
              s.listeningFinished.complete(null);
            } catch (RuntimeException e) {
              s.listeningFinished.completeExceptionally(e);
              throw e;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
    }
    try {
      GrpcChannel dialling = HandshakeClient.connect(new InetSocketAddress("127.0.0.1", server.port()), dialler,
          listener.certificate(), diallingHello, options);
      GrpcChannel listening = accepted.get(options.helloTimeout().toMillis(), TimeUnit.MILLISECONDS);
      synchronized (session) {
        session[0] = new LoopbackSession(server, dialling, listening);
        session.notifyAll();
      }
      return session[0];
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
      throw new IllegalStateException("interrupted while opening a loopback session", e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      server.close();
      throw e instanceof RuntimeException r ? r : new IllegalStateException("the loopback session did not open", e);
    }
  }

  private static LoopbackSession awaitSession(LoopbackSession[] holder) throws InterruptedException {
    synchronized (holder) {
      while (holder[0] == null) {
        holder.wait();
      }
      return holder[0];
    }
  }

  /** The listening end (a platform's, usually). */
  public GrpcChannel listening() {
    return listening;
  }

  /** The dialling end (an insurer's, usually). */
  public GrpcChannel dialling() {
    return dialling;
  }

  /**
   * Ends the session: both ends compare transcripts; throws as {@link GrpcChannel#finish()} does
   * when they differ. Call it after both parties are done with their ends.
   */
  public void finish() {
    finishing = true;
    done.countDown();
    dialling.finish();
    try {
      listeningFinished.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while finishing the loopback session", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the listening end did not finish", e);
    }
  }

  /** Stops the server; a session that did not finish is aborted. */
  @Override
  public void close() {
    done.countDown();
    dialling.close();
    server.close();
  }
}
