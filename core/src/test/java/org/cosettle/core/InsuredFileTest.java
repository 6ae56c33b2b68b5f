package org.cosettle.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class InsuredFileTest {
  private static InsuredFile parse(String text, List<String> states) throws Exception {
    return InsuredFile.parse(Csv.read(new StringReader(text), "insured.csv"), "insured.csv", states, 100);
  }

  @Test
  void columnsInAnyOrderAndEmptyStateMeansZero() throws Exception {
    InsuredFile f = parse("insured_id,drug_paid,preexisting,policy_start,paid\r\nP1,,true,2026-01-02,12.50\r\n",
        List.of("paid", "drug_paid"));
    InsuredRecord r = f.records().get(0);
    assertEquals(1250, r.state(0));
    assertEquals(0, r.state(1));
    assertEquals(true, r.preexisting());
    assertEquals(0, f.indexOf("P1"));
  }

  @Test
  void missingUnknownAndDuplicateAreErrors() {
    InputException e = assertThrows(InputException.class,
        () -> parse("insured_id,preexisting,policy_start,extra\n", List.of("paid")));
    assertEquals(List.of("insured.csv:1: extra: unknown column (expected insured_id, preexisting, policy_start, paid)",
        "insured.csv:1: paid: missing column"), e.errors().stream().map(InputError::toString).toList());
    InputException d = assertThrows(InputException.class,
        () -> parse("insured_id,preexisting,policy_start\nP1,false,2026-01-01\nP1,false,2026-01-01\n", List.of()));
    assertEquals("insured.csv:3: insured_id: insured id \"P1\" appears twice (first on line 2)", d.errors().get(0).toString());
  }

  @Test
  void quotedCellsFollowRfc4180() throws Exception {
    List<Csv.Row> rows = Csv.read(new StringReader("a,\"b,\"\"c\"\"\"\n\"x\ny\",z"), "f");
    assertEquals(List.of("a", "b,\"c\""), rows.get(0).cells());
    assertEquals(List.of("x\ny", "z"), rows.get(1).cells());
    StringBuilder sb = new StringBuilder();
    Csv.appendRow(sb, rows.get(0).cells());
    assertEquals("a,\"b,\"\"c\"\"\"\n", sb.toString());
  }

  @Test
  void decimalsAreExact() {
    assertEquals(-5L, Decimals.parseFixed("-0.05", 2, 2));
    assertEquals("-0.05", Decimals.formatMoney(-5));
    assertEquals("0.00", Decimals.formatMoney(0));
    assertEquals("-1234567.89", Decimals.formatMoney(-123456789));
    assertEquals("-0.0001", Decimals.formatRatio(-1));
    assertEquals("-92233720368547758.08", Decimals.formatMoney(Long.MIN_VALUE));
    assertEquals("92233720368547758.07", Decimals.formatMoney(Long.MAX_VALUE));
    assertEquals("0.8000", Decimals.formatRatio(8000));
    assertEquals(null, Decimals.parseFixed("1.", 2, 2));
    assertEquals(null, Decimals.parseFixed("1e3", 2, 2));
  }
}
