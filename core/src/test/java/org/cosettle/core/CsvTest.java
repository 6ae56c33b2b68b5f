package org.cosettle.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected rows were produced by the character-at-a-time reader this one replaced. */
class CsvTest {
  private static String rows(String text) throws Exception {
    return Csv.read(new StringReader(text), "f.csv").toString();
  }

  private static String error(String text) {
    return assertThrows(InputException.class, () -> Csv.read(new StringReader(text), "f.csv")).getMessage();
  }

  @Test
  void quotingLineEndsAndLineNumbersAreAsBefore() throws Exception {
    assertEquals("[Row[line=1, cells=[a, b]], Row[line=2, cells=[c, d]]]", rows("\uFEFFa,b\r\nc,d"));
    assertEquals("[Row[line=1, cells=[a, b\"c, d]]]", rows("a,\"b\"\"c\",d\n"));
    assertEquals("[Row[line=1, cells=[x]]]", rows("\"x\""));
    assertEquals("[Row[line=1, cells=[x]], Row[line=4, cells=[y, ]]]", rows("\"x\"\n\n\ny,"));
    assertEquals("[Row[line=1, cells=[a, mul\nti\r\nline, z]], Row[line=4, cells=[q]]]",
        rows("a,\"mul\nti\r\nline\",z\r\nq"));
    assertEquals("[Row[line=1, cells=[a\"b, c]]]", rows("a\"b,c\n"));
    assertEquals("[Row[line=1, cells=[, ]], Row[line=2, cells=[, , ]], Row[line=4, cells=[]]]", rows(",\n,,\r\r\n\"\"\n"));
    assertEquals("[Row[line=1, cells=[a]], Row[line=2, cells=[b]], Row[line=4, cells=[c]]]", rows("a\rb\r\n\rc"));
    assertEquals("[Row[line=1, cells=[q\"]]]", rows("\"q\"\"\""));
    assertEquals("[Row[line=1, cells=[x, \", ]]]", rows("x,\"\"\"\",\"\"\n"));
  }

  @Test
  void badQuotingIsLocated() {
    assertEquals("f.csv:1: text after a closing quote", error("\"a\"b,c\n"));
    assertEquals("f.csv:2: unterminated quoted field", error("a,b\n\"unterminated\n,x"));
  }

  @Test
  void inputLongerThanOneReadBlockIsReadWhole() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      sb.append("P").append(i).append(",\"a,b\"\r\n");
    }
    List<Csv.Row> rows = Csv.read(new StringReader(sb.toString()), "f.csv");
    assertEquals(20_000, rows.size());
    assertEquals(new Csv.Row(20_000, List.of("P19999", "a,b")), rows.get(19_999));
  }
}
