package org.cosettle.mpc.arith;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.ChannelException;
import org.cosettle.crypto.ot.ProtocolAbortException;

/**
 * The session's end of the channel: one message of little-endian words per protocol step, with the
 * length every step expects checked on receipt. A fault (malformed message, closed or silent peer)
 * kills the session and closes the channel, so the peer's pending receive ends at once instead of
 * waiting for its time-out.
 */
final class Wire {
  private final Channel channel;
  private boolean dead;

  Wire(Channel channel) {
    this.channel = channel;
  }

  /** Throws if an earlier step aborted. */
  void requireAlive() {
    if (dead) {
      throw new IllegalStateException("the session aborted earlier");
    }
  }

  void send(ArithmeticSession.Step step, long[] words) {
    byte[] message = new byte[Math.multiplyExact(words.length, Long.BYTES)];
    ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(words);
    sendBytes(step, message);
  }

  void sendBytes(ArithmeticSession.Step step, byte[] message) {
    try {
      channel.send(message);
    } catch (ChannelException e) {
      throw abort(step, "cannot send: " + e.getMessage(), e);
    }
  }

  /** The next message, which must have exactly {@code expectedBytes} bytes. */
  byte[] receiveBytes(ArithmeticSession.Step step, long expectedBytes) {
    byte[] message;
    try {
      message = channel.receive(expectedBytes);
    } catch (ChannelException e) {
      throw abort(step, "no message: " + e.getMessage(), e);
    }
    if (message.length != expectedBytes) {
      throw abort(step, "the peer sent " + message.length + " bytes where " + expectedBytes + " were expected");
    }
    return message;
  }

  /** The next message as exactly {@code expectedWords} words. */
  long[] receive(ArithmeticSession.Step step, int expectedWords) {
    byte[] message = receiveBytes(step, (long) expectedWords * Long.BYTES);
    long[] words = new long[expectedWords];
    ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(words);
    return words;
  }

  /**
   * The next message as {@code vectors} packed bit vectors of {@code bitCount} bits each, word
   * aligned; set bits past the count are malformed.
   */
  long[] receiveBits(ArithmeticSession.Step step, int vectors, int bitCount) {
    int words = Bits.words(bitCount);
    long[] message = receive(step, Math.multiplyExact(vectors, words));
    for (int v = 0; v < vectors; v++) {
      if ((bitCount & 63) != 0 && (message[(v + 1) * words - 1] >>> (bitCount & 63)) != 0) {
        throw abort(step, "bits past the " + bitCount + " of a vector are set");
      }
    }
    return message;
  }

  ProtocolAbortException abort(ArithmeticSession.Step step, String reason) {
    return abort(step, reason, null);
  }

  private ProtocolAbortException abort(ArithmeticSession.Step step, String reason, Throwable cause) {
    dead = true;
    channel.close();
    return cause == null ? new ProtocolAbortException(step, reason) : new ProtocolAbortException(step, reason, cause);
  }
}
