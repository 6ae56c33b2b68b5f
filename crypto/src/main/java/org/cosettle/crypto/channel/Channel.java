package org.cosettle.crypto.channel;

import java.time.Duration;

/**
 * One endpoint of an ordered, reliable duplex message channel between two parties, as the
 * two-party protocols use it. Transport-neutral: {@link InMemoryChannel} connects two threads;
 * a network transport implements the same contract.
 *
 * <p>Messages arrive whole and in order. {@link #receive()} waits at most the endpoint's default
 * timeout and then throws {@link ChannelTimeoutException}; a peer that closed its end makes
 * {@code receive} throw {@link ChannelClosedException} once every message it sent has been read.
 * Counters cover payload bytes (no transport framing) and rounds: a round is a run of sends not
 * interrupted by a receive, so a ping-pong exchange costs each side one round per message.
 * An endpoint is used by one thread at a time.
 *
 * <pre>{@code
 * channel.send(LongArrayCodec.INSTANCE, maskedShares);
 * long[] reply = channel.receive(LongArrayCodec.INSTANCE);
 * }</pre>
 */
public interface Channel extends AutoCloseable {
  /** Sends a copy of {@code message}. */
  void send(byte[] message);

  /** The next message, waiting at most the default timeout. */
  byte[] receive();

  /** The next message, waiting at most {@code timeout}. */
  byte[] receive(Duration timeout);

  /**
   * The next message, which may be at most {@code maxBytes} long, waiting at most the default
   * timeout: every protocol knows how long its next message can be, and says so, so that a peer
   * cannot make this side buffer more. A transport stops reading a longer message at the limit.
   *
   * @throws MessageTooLongException when the message is longer
   */
  default byte[] receive(long maxBytes) {
    byte[] message = receive();
    if (message.length > maxBytes) {
      throw new MessageTooLongException(maxBytes);
    }
    return message;
  }

  /** Encodes {@code value} with {@code codec} and sends it. */
  default <T> void send(MessageCodec<T> codec, T value) {
    send(codec.encode(value));
  }

  /** Receives the next message and decodes it with {@code codec}. */
  default <T> T receive(MessageCodec<T> codec) {
    return codec.decode(receive());
  }

  long bytesSent();

  long bytesReceived();

  long messagesSent();

  long messagesReceived();

  /** Rounds this endpoint started: runs of consecutive sends. */
  long rounds();

  /**
   * What lies between this end and the peer's, as this end declares it: {@link LinkClass#NETWORK}
   * unless the channel knows both ends are in this process.
   */
  default LinkClass linkClass() {
    return LinkClass.NETWORK;
  }

  /** Closes this end; the peer's pending receives end with {@link ChannelClosedException}. */
  @Override
  void close();
}
