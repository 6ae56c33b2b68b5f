package org.cosettle.crypto.channel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.cosettle.crypto.InvalidEncodingException;

/**
 * A {@code long[]} as its little-endian words, without a length prefix: the message length gives
 * the count. Rejects a message whose length is not a multiple of 8.
 */
public final class LongArrayCodec implements MessageCodec<long[]> {
  public static final LongArrayCodec INSTANCE = new LongArrayCodec();

  private LongArrayCodec() {}

  @Override
  public byte[] encode(long[] value) {
    ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(value.length, Long.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asLongBuffer().put(value);
    return buffer.array();
  }

  @Override
  public long[] decode(byte[] bytes) {
    if (bytes.length % Long.BYTES != 0) {
      throw new InvalidEncodingException("a long[] message has a multiple of 8 bytes, not " + bytes.length);
    }
    long[] value = new long[bytes.length / Long.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(value);
    return value;
  }
}
