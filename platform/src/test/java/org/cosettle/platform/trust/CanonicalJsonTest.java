package org.cosettle.platform.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  @Test
  void membersAreSortedWithoutWhitespaceAndOnlyControlCharactersEscaped() {
    ObjectNode o = CanonicalJson.object();
    o.put("b", "引号\"反斜杠\\\n\u0001é");
    o.put("a", -12);
    o.putArray("c").add(true).addNull();
    o.putObject("B").put("z", 1).put("y", 2);
    assertEquals("{\"B\":{\"y\":2,\"z\":1},\"a\":-12,\"b\":\"引号\\\"反斜杠\\\\\\n\\u0001é\",\"c\":[true,null]}",
        CanonicalJson.write(o));
  }

  @Test
  void canonicalTextRoundTripsAndAnyOtherSpellingIsRefused() {
    String canonical = "{\"a\":1,\"b\":[\"x\",{\"c\":false}]}";
    assertEquals(canonical, CanonicalJson.write(CanonicalJson.parseCanonical(canonical)));
    for (String other : new String[] {"{\"b\":[\"x\",{\"c\":false}],\"a\":1}", "{\"a\": 1,\"b\":[\"x\",{\"c\":false}]}",
        "{\"a\":1.0,\"b\":[\"x\",{\"c\":false}]}", "{\"a\":1,\"b\":[\"\\u0078\",{\"c\":false}]}",
        "{\"a\":-0,\"b\":[]}", "{\"a\":1,\"a\":1}", "{\"a\":1} ", "[1]", "{\"a\":1e0}"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CanonicalJson.parseCanonical(other),
          other);
      assertTrue(e.getMessage().contains("JSON"), e.getMessage());
    }
  }

  @Test
  void fractionsHaveNoCanonicalForm() {
    ObjectNode o = CanonicalJson.object().put("x", 0.5);
    assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(o));
  }

  @Test
  void loneSurrogatesHaveNoCanonicalFormButPairsDo() {
    assertEquals("{\"x\":\"\ud83d\ude00\"}", CanonicalJson.write(CanonicalJson.object().put("x", "\ud83d\ude00")));
    assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(CanonicalJson.object().put("x", "a\ud83d")));
    assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(CanonicalJson.object().put("x", "\ude00b")));
    assertThrows(IllegalArgumentException.class, () -> CanonicalJson.parseCanonical("{\"x\":\"\\ud800\"}"));
  }

  @Test
  void withoutRemovesANestedMemberFromACopyOnly() {
    ObjectNode o = CanonicalJson.parseCanonical("{\"a\":{\"s\":\"1\",\"t\":2},\"s\":3}");
    assertEquals("{\"a\":{\"t\":2},\"s\":3}", CanonicalJson.write(CanonicalJson.without(o, "a", "s")));
    assertEquals("{\"a\":{\"s\":\"1\",\"t\":2}}", CanonicalJson.write(CanonicalJson.without(o, "s")));
    assertEquals("{\"a\":{\"s\":\"1\",\"t\":2},\"s\":3}", CanonicalJson.write(o));
  }
}
