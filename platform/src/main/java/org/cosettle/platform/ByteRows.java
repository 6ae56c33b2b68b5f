package org.cosettle.platform;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.cosettle.core.Decimals;

/**
 * CSV rows built directly as UTF-8 bytes: the reconciliation writes tens of millions of them,
 * and building them as text only to encode them again cost a third of its merge phase. The
 * cells follow {@link org.cosettle.core.Csv#appendCell}: quoted (with doubled quotes) exactly when
 * they hold a comma, a quote, CR or LF.
 */
final class ByteRows {
  private byte[] bytes;
  private int length;

  ByteRows(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  int length() {
    return length;
  }

  byte[] array() {
    return bytes;
  }

  void clear() {
    length = 0;
  }

  ByteRows ascii(char c) {
    ensure(1);
    bytes[length++] = (byte) c;
    return this;
  }

  /** Appends a string's UTF-8 bytes as they are (no quoting). */
  ByteRows text(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return raw(b, 0, b.length);
  }

  ByteRows raw(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, length, len);
    length += len;
    return this;
  }

  /** Appends a cell held as UTF-8 bytes, quoted when it must be. */
  ByteRows cell(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end && b[i] != ',' && b[i] != '"' && b[i] != '\n' && b[i] != '\r') {
      i++;
    }
    if (i == end) {
      return raw(b, off, len);
    }
    ensure(2 * len + 2);
    bytes[length++] = '"';
    for (int k = off; k < end; k++) {
      if (b[k] == '"') {
        bytes[length++] = '"';
      }
      bytes[length++] = b[k];
    }
    bytes[length++] = '"';
    return this;
  }

  /** A count, in decimal. */
  ByteRows number(long v) {
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        return text(Long.toString(v));
      }
      ascii('-');
      v = -v;
    }
    ensure(20);
    int digits = 1;
    for (long p = 10; digits < 19 && v >= p; p *= 10) {
      digits++;
    }
    for (int k = length + digits - 1; k >= length; k--) {
      bytes[k] = (byte) ('0' + v % 10);
      v /= 10;
    }
    length += digits;
    return this;
  }

  /** An amount in fen as yuan with two decimals, as {@link Decimals#formatMoney}. */
  ByteRows money(long fen) {
    if (fen == Long.MIN_VALUE) {
      return text(Decimals.formatMoney(fen));
    }
    if (fen < 0) {
      ascii('-');
      fen = -fen;
    }
    number(fen / 100);
    ensure(3);
    long cents = fen % 100;
    bytes[length++] = '.';
    bytes[length++] = (byte) ('0' + cents / 10);
    bytes[length++] = (byte) ('0' + cents % 10);
    return this;
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
