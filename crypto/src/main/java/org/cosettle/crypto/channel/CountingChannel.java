package org.cosettle.crypto.channel;

/**
 * A {@link Channel} that keeps its traffic counters the same way as every transport: payload
 * bytes and messages in each direction, and rounds (runs of sends not interrupted by a receive).
 * A transport calls {@link #countSent} and {@link #countReceived} once per whole message. Used by
 * one thread at a time, like its channel.
 */
public abstract class CountingChannel implements Channel {
  private boolean lastWasSend;
  private long bytesSent;
  private long bytesReceived;
  private long messagesSent;
  private long messagesReceived;
  private long rounds;

  /** Counts one message of {@code bytes} payload bytes sent. */
  protected final void countSent(long bytes) {
    if (!lastWasSend) {
      rounds++;
      lastWasSend = true;
    }
    messagesSent++;
    bytesSent += bytes;
  }

  /** Counts one message of {@code bytes} payload bytes received. */
  protected final void countReceived(long bytes) {
    lastWasSend = false;
    messagesReceived++;
    bytesReceived += bytes;
  }

  @Override
  public final long bytesSent() {
    return bytesSent;
  }

  @Override
  public final long bytesReceived() {
    return bytesReceived;
  }

  @Override
  public final long messagesSent() {
    return messagesSent;
  }

  @Override
  public final long messagesReceived() {
    return messagesReceived;
  }

  @Override
  public final long rounds() {
    return rounds;
  }
}
