package org.cosettle.crypto.channel;

/**
 * The traffic counters every {@link Channel} reports, kept the same way by every transport:
 * payload bytes and messages in each direction, and rounds (runs of sends not interrupted by a
 * receive). Used by one thread at a time, like its channel.
 */
public final class ChannelCounters {
  private boolean lastWasSend;
  private long bytesSent;
  private long bytesReceived;
  private long messagesSent;
  private long messagesReceived;
  private long rounds;

  /** Counts one message of {@code bytes} payload bytes sent. */
  public void sent(long bytes) {
    if (!lastWasSend) {
      rounds++;
      lastWasSend = true;
    }
    messagesSent++;
    bytesSent += bytes;
  }

  /** Counts one message of {@code bytes} payload bytes received. */
  public void received(long bytes) {
    lastWasSend = false;
    messagesReceived++;
    bytesReceived += bytes;
  }

  public long bytesSent() {
    return bytesSent;
  }

  public long bytesReceived() {
    return bytesReceived;
  }

  public long messagesSent() {
    return messagesSent;
  }

  public long messagesReceived() {
    return messagesReceived;
  }

  public long rounds() {
    return rounds;
  }
}
