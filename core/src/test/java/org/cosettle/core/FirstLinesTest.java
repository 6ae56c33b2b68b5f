package org.cosettle.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FirstLinesTest {
  @Test
  void remembersTheFirstLineOfEveryIdThroughGrowth() {
    FirstLines seen = new FirstLines();
    for (int i = 1; i <= 50_000; i++) {
      assertEquals(0, seen.putIfAbsent("C" + i, i));
    }
    for (int i = 1; i <= 50_000; i += 7) {
      assertEquals(i, seen.putIfAbsent("C" + i, 100_000 + i));
    }
    assertEquals(0, seen.putIfAbsent("", 3));
    assertEquals(3, seen.putIfAbsent("", 4));
  }
}
