package org.cosettle.crypto.channel;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Two connected {@link Channel} endpoints in one process, for tests and benchmarks with one thread
 * per party. Messages are copied on send, so a sender may reuse its array. Both ends declare
 * {@link LinkClass#IN_PROCESS}, unless the pair is made to stand in for a network link
 * ({@link #pair(Duration, LinkClass)}).
 *
 * <pre>{@code
 * InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofSeconds(5));
 * executor.submit(() -> sender.run(pair.first()));
 * receiver.run(pair.second());
 * }</pre>
 */
public final class InMemoryChannel extends CountingChannel {
  /** Marks the end of the stream in a queue; compared by identity, never delivered. */
  private static final byte[] CLOSED = new byte[0];

  private final String name;
  private final BlockingQueue<byte[]> inbox;
  private final BlockingQueue<byte[]> outbox;
  private final Duration defaultTimeout;
  private final LinkClass linkClass;
  private volatile boolean closed;
  private boolean peerClosed;

  /** Both endpoints of a channel. */
  public record Pair(InMemoryChannel first, InMemoryChannel second) {}

  private InMemoryChannel(String name, BlockingQueue<byte[]> inbox, BlockingQueue<byte[]> outbox,
      Duration defaultTimeout, LinkClass linkClass) {
    this.name = name;
    this.inbox = inbox;
    this.outbox = outbox;
    this.defaultTimeout = defaultTimeout;
    this.linkClass = linkClass;
  }

  /**
   * A connected pair whose {@link #receive()} waits at most {@code defaultTimeout}; both ends
   * declare {@link LinkClass#IN_PROCESS}.
   */
  public static Pair pair(Duration defaultTimeout) {
    return pair(defaultTimeout, LinkClass.IN_PROCESS);
  }

  /**
   * A connected pair whose ends both declare {@code linkClass}: {@link LinkClass#NETWORK} makes
   * the protocols on it choose as they would over a network (to test or measure that choice).
   */
  public static Pair pair(Duration defaultTimeout, LinkClass linkClass) {
    Objects.requireNonNull(linkClass, "linkClass");
    if (defaultTimeout.isNegative() || defaultTimeout.isZero()) {
      throw new IllegalArgumentException("the receive timeout must be positive: " + defaultTimeout);
    }
    BlockingQueue<byte[]> toSecond = new LinkedBlockingQueue<>();
    BlockingQueue<byte[]> toFirst = new LinkedBlockingQueue<>();
    return new Pair(new InMemoryChannel("first", toFirst, toSecond, defaultTimeout, linkClass),
        new InMemoryChannel("second", toSecond, toFirst, defaultTimeout, linkClass));
  }

  @Override
  public LinkClass linkClass() {
    return linkClass;
  }

  @Override
  public void send(byte[] message) {
    if (closed) {
      throw new ChannelClosedException("send on the closed " + name + " endpoint");
    }
    outbox.add(message.clone());
    countSent(message.length);
  }

  @Override
  public byte[] receive() {
    return receive(defaultTimeout);
  }

  @Override
  public byte[] receive(Duration timeout) {
    if (closed) {
      throw new ChannelClosedException("receive on the closed " + name + " endpoint");
    }
    if (peerClosed) {
      throw new ChannelClosedException("the peer of the " + name + " endpoint closed the channel");
    }
    byte[] message;
    try {
      message = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelException("interrupted while the " + name + " endpoint waited for a message", e);
    }
    if (message == null) {
      throw new ChannelTimeoutException(timeout, messagesReceived());
    }
    if (message == CLOSED) {
      peerClosed = true;
      throw new ChannelClosedException("the peer of the " + name + " endpoint closed the channel");
    }
    countReceived(message.length);
    return message;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      outbox.add(CLOSED);
    }
  }

  @Override
  public String toString() {
    return "InMemoryChannel[" + name + ", sent " + messagesSent() + " messages / " + bytesSent() + " bytes]";
  }
}
