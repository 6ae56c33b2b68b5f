package org.cosettle.core;

import java.util.Arrays;

/**
 * Where the lines of a buffer start and end (terminators excluded), and which are pure ASCII.
 * Lines end at {@code \n}, {@code \r} or {@code \r\n}; text after the last terminator is a line
 * too.
 */
final class LineBounds {
  private int[] bounds = new int[512];
  private boolean[] ascii = new boolean[256];
  private int count;

  private LineBounds() {}

  static LineBounds of(byte[] bytes, int length) {
    LineBounds lines = new LineBounds();
    int start = 0;
    int bits = 0;
    for (int i = 0; i < length; i++) {
      byte b = bytes[i];
      if (b == '\n' || b == '\r') {
        lines.add(start, i, bits >= 0);
        if (b == '\r' && i + 1 < length && bytes[i + 1] == '\n') {
          i++;
        }
        start = i + 1;
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
