package org.cosettle.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Where the lines of a buffer start and end (terminators excluded), and which are pure ASCII.
 * Lines end at {@code \n}, {@code \r} or {@code \r\n}; text after the last terminator is a line
 * too.
 */
final class LineBounds {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private int[] bounds = new int[512];
  private boolean[] ascii = new boolean[256];
  private int count;

  private LineBounds() {}

  static LineBounds of(byte[] bytes, int length) {
    LineBounds lines = new LineBounds();
    int start = 0;
    int bits = 0;
    int i = 0;
    while (i < length) {
      // eight bytes at a time while none of them ends a line or is outside ASCII
      if (i + 8 <= length) {
        long word = (long) LONGS.get(bytes, i);
        if (((word | zeroByteBits(word ^ ('\n' * ONES)) | zeroByteBits(word ^ ('\r' * ONES))) & HIGH_BITS) == 0) {
          i += 8;
          continue;
        }
      }
      byte b = bytes[i++];
      if (b == '\n' || b == '\r') {
        lines.add(start, i - 1, bits >= 0);
        if (b == '\r' && i < length && bytes[i] == '\n') {
          i++;
        }
        start = i;
        bits = 0;
      } else {
        bits |= b;
      }
    }
    if (start < length) {
      lines.add(start, length, bits >= 0);
    }
    return lines;
  }

  /**
   * The high bit of each zero byte of {@code word} set (and possibly of bytes above one, which
   * only costs a closer look).
   */
  private static long zeroByteBits(long word) {
    return (word - ONES) & ~word & HIGH_BITS;
  }

  private void add(int start, int end, boolean isAscii) {
    if (count == ascii.length) {
      bounds = Arrays.copyOf(bounds, 4 * count);
      ascii = Arrays.copyOf(ascii, 2 * count);
    }
    bounds[2 * count] = start;
    bounds[2 * count + 1] = end;
    ascii[count] = isAscii;
    count++;
  }

  int count() {
    return count;
  }

  int start(int line) {
    return bounds[2 * line];
  }

  int end(int line) {
    return bounds[2 * line + 1];
  }

  boolean ascii(int line) {
    return ascii[line];
  }
}
