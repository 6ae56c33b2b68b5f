package org.cosettle.crypto.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.ChannelException;

/** Receiving with the length checks every step needs, turning channel failures into aborts. */
final class Messages {
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Messages() {}

  /** The next message, which must have exactly {@code expectedBytes} bytes. */
  static byte[] receiveBytes(Channel channel, Enum<?> step, long expectedBytes) {
    byte[] message;
    try {
      message = channel.receive();
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
    for (int i = 0; i < expectedLongs; i++) {
      words[i] = (long) LONG_LE.get(message, i * Long.BYTES);
    }
    return words;
  }

  /** Sends {@code length} words of {@code words} from {@code offset}, little-endian. */
  static void sendLongs(Channel channel, Enum<?> step, long[] words, int offset, int length) {
    byte[] message = new byte[Math.multiplyExact(length, Long.BYTES)];
    for (int i = 0; i < length; i++) {
      LONG_LE.set(message, i * Long.BYTES, words[offset + i]);
    }
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
