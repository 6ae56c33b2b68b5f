package org.cosettle.core;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Remembers what recently seen short texts mean, so that reading the same text again costs a
 * hash and a comparison: as Strings, a million line items share a few hundred code strings
 * instead of holding a copy each; as enums, a category needs no String at all. Direct-mapped
 * with a fixed number of slots: a text whose slot is taken by another is simply worked out anew,
 * so memory stays bounded whatever the input. Not thread-safe; one per reading thread.
 */
final class TextCache<V> {
  private final char[][] texts;
  private final Object[] values;
  private final Function<String, V> meaning;
  private final int mask;

  /** {@code size} must be a power of two; {@code meaning} may answer null. */
  TextCache(int size, Function<String, V> meaning) {
    if (Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("size must be a power of two: " + size);
    }
    this.texts = new char[size][];
    this.values = new Object[size];
    this.meaning = meaning;
    this.mask = size - 1;
  }

  /** A cache of Strings: equal texts come back as the same String. */
  static TextCache<String> ofStrings(int size) {
    return new TextCache<>(size, Function.identity());
  }

  /** What {@code text[offset, offset+length)} means. */
  @SuppressWarnings("unchecked")
  V get(char[] text, int offset, int length) {
    int hash = 0;
    for (int i = offset; i < offset + length; i++) {
      hash = 31 * hash + text[i];
    }
    int slot = (hash ^ (hash >>> 16)) & mask;
    char[] cached = texts[slot];
    if (cached != null && Arrays.equals(cached, 0, cached.length, text, offset, offset + length)) {
      return (V) values[slot];
    }
    V value = meaning.apply(new String(text, offset, length));
    texts[slot] = Arrays.copyOfRange(text, offset, offset + length);
    values[slot] = value;
    return value;
  }
}
