package org.cosettle.crypto.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.ChannelException;

/** Receiving with the length checks every step needs, turning channel failures into aborts. */
final class Messages {
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Messages() {}

  /** Word {@code index} of a message read as little-endian {@code long}s. */
  static long wordAt(byte[] message, int index) {
    return (long) LONG_LE.get(message, index * Long.BYTES);
  }

  static void setWordAt(byte[] message, int index, long value) {
    LONG_LE.set(message, index * Long.BYTES, value);
  }

  /** The next message, which must have exactly {@code expectedBytes} bytes. */
  static byte[] receiveBytes(Channel channel, Enum<?> step, long expectedBytes) {
    byte[] message;
    try {
      message = channel.receive(expectedBytes);
    } catch (ChannelException e) {
      throw new ProtocolAbortException(step, "no message: " + e.getMessage(), e);
    }
    if (message.length != expectedBytes) {
      throw new ProtocolAbortException(step,
          "the peer sent " + message.length + " bytes where " + expectedBytes + " were expected");
    }
    return message;
  }

  /** The next message as exactly {@code expectedLongs} little-endian words. */
  static long[] receiveLongs(Channel channel, Enum<?> step, int expectedLongs) {
    byte[] message = receiveBytes(channel, step, (long) expectedLongs * Long.BYTES);
    long[] words = new long[expectedLongs];
    // A bulk copy: a plain memory copy on little-endian hardware.
    ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(words);
    return words;
  }

  /** Sends {@code length} words of {@code words} from {@code offset}, little-endian. */
  static void sendLongs(Channel channel, Enum<?> step, long[] words, int offset, int length) {
    byte[] message = new byte[Math.multiplyExact(length, Long.BYTES)];
    ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(words, offset, length);
    sendBytes(channel, step, message);
  }

  /** Sends {@code message}; a channel that can no longer deliver aborts the step. */
  static void sendBytes(Channel channel, Enum<?> step, byte[] message) {
    try {
      channel.send(message);
    } catch (ChannelException e) {
      throw new ProtocolAbortException(step, "cannot send: " + e.getMessage(), e);
    }
  }
}
