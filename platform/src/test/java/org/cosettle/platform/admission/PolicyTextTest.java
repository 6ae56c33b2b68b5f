package org.cosettle.platform.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PolicyTextTest {
  private static String canonical(String s) {
    return PolicyText.canonical(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void lineEndingsTrailingBlanksBomAndFinalBlankLinesDoNotCount() {
    String plain = "policy \"p\" version 1\nlet a = 1\n";
    assertEquals(plain, canonical(plain));
    assertEquals(plain, canonical("\uFEFFpolicy \"p\" version 1 \t\r\nlet a = 1"));
    assertEquals(plain, canonical("policy \"p\" version 1\rlet a = 1\r\n\r\n  \n"));
    assertEquals("", canonical(" \n\n"));
    assertEquals(PolicyText.sm3(plain.getBytes(StandardCharsets.UTF_8)),
        PolicyText.sm3("policy \"p\" version 1   \r\nlet a = 1\r\n".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void visibleChangesChangeTheHash() {
    String plain = "policy \"p\" version 1\nlet a = 1\n";
    for (String other : new String[] {"policy \"p\" version 2\nlet a = 1\n", "policy \"p\" version 1\n let a = 1\n",
        "policy \"p\" version 1\n\nlet a = 1\n", "policy \"p\" version 1\nlet a = 1 # note\n"}) {
      assertNotEquals(PolicyText.sm3(plain.getBytes(StandardCharsets.UTF_8)),
          PolicyText.sm3(other.getBytes(StandardCharsets.UTF_8)), other);
    }
  }

  @Test
  void invalidUtf8IsRefused() {
    assertThrows(IllegalArgumentException.class, () -> PolicyText.canonical(new byte[] {'a', (byte) 0xC3}));
  }
}
