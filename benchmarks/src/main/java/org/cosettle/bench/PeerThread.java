package org.cosettle.bench;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.InMemoryChannel;

/**
 * The other party of a two-party benchmark: one thread holding the second endpoint of an in-memory
 * channel, running one task per call while the benchmark thread plays the first party.
 */
final class PeerThread<P> implements AutoCloseable {
  private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "benchmark-peer");
    thread.setDaemon(true);
    return thread;
  });
  private final InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofSeconds(60));
  private P peer;

  /** The benchmark thread's endpoint. */
  Channel channel() {
    return pair.first();
  }

  /** The peer's endpoint. */
  Channel peerChannel() {
    return pair.second();
  }

  /** Starts {@code setUp} on the peer thread; the result is the peer's session object. */
  Future<P> startPeer(Function<Channel, P> setUp) {
    return executor.submit(() -> {
      peer = setUp.apply(pair.second());
      return peer;
    });
  }

  /** Starts {@code task} on the peer thread with the peer's session object. */
  <R> Future<R> start(Function<P, R> task) {
    return executor.submit(() -> task.apply(peer));
  }

  static <R> R await(Future<R> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the peer failed", e.getCause());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
