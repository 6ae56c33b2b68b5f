package org.cosettle.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TextCacheTest {
  @Test
  void equalTextsShareOneStringWhateverElseIsSeen() {
    TextCache<String> cache = TextCache.ofStrings(4);
    char[] buffer = "xxZB11yyZB11".toCharArray();
    String first = cache.get(buffer, 2, 4);
    assertEquals("ZB11", first);
    assertSame(first, cache.get(buffer, 8, 4));
    for (int i = 0; i < 100; i++) {
      assertEquals("C" + i, cache.get(("C" + i).toCharArray(), 0, ("C" + i).length()));
    }
    assertEquals("ZB11", cache.get(buffer, 8, 4));
    assertEquals("", cache.get(buffer, 3, 0));
  }

  @Test
  void meaningsIncludingNoneAreRemembered() {
    TextCache<FeeCategory> cache = new TextCache<>(64, FeeCategory::parse);
    assertEquals(FeeCategory.SURGERY, cache.get("06".toCharArray(), 0, 2));
    assertEquals(FeeCategory.SURGERY, cache.get("SURGERY".toCharArray(), 0, 7));
    assertNull(cache.get("surgery".toCharArray(), 0, 7));
    assertNull(cache.get("surgery".toCharArray(), 0, 7));
  }
}
