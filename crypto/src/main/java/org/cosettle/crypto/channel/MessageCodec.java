package org.cosettle.crypto.channel;

/**
 * Turns a typed message into bytes and back. {@link #decode} must reject bytes that are not an
 * encoding (wrong length, trailing data) with a {@link org.cosettle.crypto.InvalidEncodingException}.
 */
public interface MessageCodec<T> {
  byte[] encode(T value);

  T decode(byte[] bytes);
}
