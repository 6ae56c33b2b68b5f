package org.cosettle.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.cosettle.core.Csv;
import org.cosettle.core.Decimals;
import org.junit.jupiter.api.Test;

class ByteRowsTest {
  private static String text(ByteRows rows) {
    return new String(rows.array(), 0, rows.length(), StandardCharsets.UTF_8);
  }

  @Property
  void moneyMatchesDecimals(@ForAll long fen) {
    assertEquals(Decimals.formatMoney(fen), text(new ByteRows(4).money(fen)));
  }

  @Property
  void numbersMatchLongToString(@ForAll long v) {
    assertEquals(Long.toString(v), text(new ByteRows(4).number(v)));
  }

  @Property
  void cellsMatchCsv(@ForAll String value) {
    StringBuilder expected = new StringBuilder();
    Csv.appendCell(expected, value);
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    assertEquals(expected.toString(), text(new ByteRows(1).cell(b, 0, b.length)));
  }

  @Test
  void edgeValues() {
    ByteRows rows = new ByteRows(1);
    rows.money(0).ascii(' ').money(-1).ascii(' ').money(99).ascii(' ').money(-100).ascii(' ')
        .money(Long.MAX_VALUE).ascii(' ').money(Long.MIN_VALUE).ascii(' ').number(0);
    assertEquals("0.00 -0.01 0.99 -1.00 92233720368547758.07 -92233720368547758.08 0", text(rows));
    byte[] quoted = "a,\"b\"".getBytes(StandardCharsets.UTF_8);
    assertEquals("\"a,\"\"b\"\"\"", text(new ByteRows(1).cell(quoted, 0, quoted.length)));
  }
}
