package org.cosettle.crypto.channel;

import java.time.Duration;

/** No message arrived within the receive timeout. */
public final class ChannelTimeoutException extends ChannelException {
  private final Duration timeout;

  public ChannelTimeoutException(Duration timeout, long messagesReceived) {
    super("no message from the peer within " + timeout.toMillis() + " ms (after " + messagesReceived
        + " messages received)");
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }
}
