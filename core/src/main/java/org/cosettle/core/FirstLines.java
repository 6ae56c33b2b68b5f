package org.cosettle.core;

import java.util.Arrays;

/**
 * The line each claim id was first seen on, for the duplicate-id check over a whole file. Open
 * addressing over two arrays rather than a {@code HashMap<String, Integer>}: a million ids
 * would otherwise be two million small objects that live as long as the read, for the garbage
 * collector to copy.
 */
final class FirstLines {
  private String[] ids = new String[1 << 12];
  private int[] lines = new int[1 << 12];
  private int size;

  /** Records {@code line} for {@code id} unless it was seen before; returns the earlier line, or 0. */
  int putIfAbsent(String id, int line) {
    if (2 * (size + 1) > ids.length) {
      grow();
    }
    int mask = ids.length - 1;
    for (int slot = spread(id.hashCode()) & mask; ; slot = (slot + 1) & mask) {
      String here = ids[slot];
      if (here == null) {
        ids[slot] = id;
        lines[slot] = line;
        size++;
        return 0;
      }
      if (here.equals(id)) {
        return lines[slot];
      }
    }
  }

  private void grow() {
    String[] oldIds = ids;
    int[] oldLines = lines;
    ids = new String[2 * oldIds.length];
    lines = new int[2 * oldIds.length];
    size = 0;
    for (int i = 0; i < oldIds.length; i++) {
      if (oldIds[i] != null) {
        putIfAbsent(oldIds[i], oldLines[i]);
      }
    }
    Arrays.fill(oldIds, null);
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }
}
