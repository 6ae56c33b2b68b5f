package org.cosettle.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.InMemoryChannel;
import org.cosettle.mpc.transport.LoopbackSession;
import org.cosettle.mpc.transport.SessionHello;
import org.cosettle.mpc.transport.TransportOptions;

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
  private final Channel mine;
  private final Channel theirs;
  private final AutoCloseable transport;
  private P peer;

  /** Over the in-memory channel. */
  PeerThread() {
    this("memory");
  }

  /** Over {@code "memory"} (the in-memory channel) or {@code "grpc"} (a loopback {@link LoopbackSession}). */
  PeerThread(String transport) {
    if (transport.equals("memory")) {
      InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofSeconds(60));
      mine = pair.first();
      theirs = pair.second();
      this.transport = () -> {};
    } else if (transport.equals("grpc")) {
      LoopbackSession loopback = loopbackSession();
      mine = loopback.dialling();
      theirs = loopback.listening();
      this.transport = () -> {
        loopback.finish();
        loopback.close();
      };
    } else {
      throw new IllegalArgumentException("transport is memory or grpc, not " + transport);
    }
  }

  /** A loopback gRPC session with mutual TLS, the real transport, for benchmarks (two-minute receive timeout). */
  static LoopbackSession loopbackSession() {
    return LoopbackSession.open(new SessionHello("cosettle.bench/1", new byte[] {1}),
        TransportOptions.DEFAULTS.withReceiveTimeout(Duration.ofSeconds(120)));
  }

  /** The benchmark thread's endpoint. */
  Channel channel() {
    return mine;
  }

  /** The peer's endpoint. */
  Channel peerChannel() {
    return theirs;
  }

  /** Starts {@code setUp} on the peer thread; the result is the peer's session object. */
  Future<P> startPeer(Function<Channel, P> setUp) {
    return executor.submit(() -> {
      peer = setUp.apply(theirs);
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

  /**
   * Runs {@code mine} here and {@code theirs} on the peer 10 times to warm up, then 30 times
   * measured: each side's CPU time and the wall-clock time per run, best and median, in ms.
   */
  String measureCpu(String label, Runnable mine, Function<P, ?> theirs) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int runs = 30;
    long[] myCpu = new long[runs];
    long[] peerCpu = new long[runs];
    long[] wall = new long[runs];
    for (int warmUp = 0; warmUp < 10; warmUp++) {
      Future<?> other = start(theirs);
      mine.run();
      await(other);
    }
    for (int r = 0; r < runs; r++) {
      long wallStart = System.nanoTime();
      Future<Long> other = start(peer -> {
        long cpuStart = threads.getCurrentThreadCpuTime();
        theirs.apply(peer);
        return threads.getCurrentThreadCpuTime() - cpuStart;
      });
      long cpuStart = threads.getCurrentThreadCpuTime();
      mine.run();
      myCpu[r] = threads.getCurrentThreadCpuTime() - cpuStart;
      peerCpu[r] = await(other);
      wall[r] = System.nanoTime() - wallStart;
    }
    return String.format("%s: this thread's CPU %s ms, the peer's CPU %s ms, wall %s ms (best / median of %d)",
        label, bestAndMedian(myCpu), bestAndMedian(peerCpu), bestAndMedian(wall), runs);
  }

  private static String bestAndMedian(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format("%.1f / %.1f", sorted[0] / 1e6, sorted[sorted.length / 2] / 1e6);
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      transport.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the transport failed", e);
    }
  }
}
