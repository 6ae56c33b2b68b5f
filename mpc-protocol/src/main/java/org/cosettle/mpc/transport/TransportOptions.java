package org.cosettle.mpc.transport;

import java.time.Duration;

/**
 * Limits of a session's transport.
 *
 * @param receiveTimeout how long {@code receive()} waits for the peer's next message, and
 *     {@code send()} for the peer to make room, before the session fails
 * @param helloTimeout how long connecting and agreeing on the session may take
 * @param maxMessageBytes the largest message accepted from the peer (a bigger one aborts)
 * @param frameBytes messages are cut into frames of at most this many bytes on the wire
 */
public record TransportOptions(Duration receiveTimeout, Duration helloTimeout, int maxMessageBytes, int frameBytes) {
  /** 60 s to receive, 10 s to connect, messages up to 256 MiB, 1 MiB frames. */
  public static final TransportOptions DEFAULTS =
      new TransportOptions(Duration.ofSeconds(60), Duration.ofSeconds(10), 256 << 20, 1 << 20);

  public TransportOptions {
    if (receiveTimeout.isNegative() || receiveTimeout.isZero() || helloTimeout.isNegative() || helloTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (maxMessageBytes < 1 || frameBytes < 1024 || frameBytes > 16 << 20) {
      throw new IllegalArgumentException("need maxMessageBytes ≥ 1 and frameBytes in [1 KiB, 16 MiB]");
    }
  }

  public TransportOptions withReceiveTimeout(Duration timeout) {
    return new TransportOptions(timeout, helloTimeout, maxMessageBytes, frameBytes);
  }

  public TransportOptions withMaxMessageBytes(int max) {
    return new TransportOptions(receiveTimeout, helloTimeout, max, frameBytes);
  }

  /** These options with frames of {@code bytes} on the wire (a peer accepts frames up to its own size). */
  public TransportOptions withFrameBytes(int bytes) {
    return new TransportOptions(receiveTimeout, helloTimeout, maxMessageBytes, bytes);
  }
}
