package org.cosettle.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldNamesTest {
  private final FieldNames names = new FieldNames(List.of("a", "b", "alias_b", "c"), new int[] {0, 1, 1, 2});

  private List<Integer> fields(String json) throws IOException {
    List<Integer> out = new ArrayList<>();
    try (JsonParser p = ClaimStreamParser.FACTORY.createParser(json)) {
      assertEquals(JsonToken.START_OBJECT, p.nextToken());
      names.start();
      for (int f; (f = names.next(p)) != FieldNames.END; ) {
        out.add(f);
        p.nextToken();
        if (f == FieldNames.UNKNOWN) {
          p.skipChildren();
        }
      }
      assertEquals(JsonToken.END_OBJECT, p.currentToken());
    }
    return out;
  }

  @Test
  void namesAreFoundInAnyOrderAndAgainWhenTheOrderChanges() throws IOException {
    assertEquals(List.of(0, 1, 2), fields("{\"a\":1,\"b\":2,\"c\":3}"));
    assertEquals(List.of(0, 1, 2), fields("{\"a\":1,\"b\":2,\"c\":3}"));
    assertEquals(List.of(2, 1, 0), fields("{\"c\":1,\"alias_b\":2,\"a\":3}"));
    assertEquals(List.of(0, 1, 2), fields("{ \"a\" : 1 , \"b\":2,\"c\":3 }"));
    assertEquals(List.of(0, FieldNames.UNKNOWN, 1), fields("{\"a\":1,\"ab\":{\"a\":1},\"b\":2}"));
    assertEquals(List.of(0, 0), fields("{\"a\":1,\"a\":2}"));
    assertEquals(List.of(), fields("{}"));
  }
}
