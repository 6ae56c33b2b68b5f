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
  void keptSharesColumnIsOptionalAndOnlyBesideStatesPerItemCode() throws Exception {
    List<InsuredColumn> byCode = List.of(InsuredColumn.byCode("drug_paid", true));
    InsuredFile f = InsuredFile.parse(Csv.read(new StringReader("insured_id,preexisting,policy_start,drug_paid,kept_shares\n"
        + "P1,false,2026-01-01,XL01XC=1.00,3f9c-8e41\nP2,false,2026-01-01,,\n"), "insured.csv"), "insured.csv",
        List.of(), byCode, 100);
    assertEquals(List.of("3f9c-8e41", ""), f.records().stream().map(InsuredRecord::keptShares).toList());
    InsuredFile old = InsuredFile.parse(Csv.read(new StringReader("insured_id,preexisting,policy_start,drug_paid\n"
        + "P1,false,2026-01-01,XL01XC=1.00\n"), "insured.csv"), "insured.csv", List.of(), byCode, 100);
    assertEquals("", old.records().get(0).keptShares());
    InputException spaced = assertThrows(InputException.class, () -> InsuredFile.parse(Csv.read(new StringReader(
        "insured_id,preexisting,policy_start,drug_paid,kept_shares\nP1,false,2026-01-01,,a b\n"), "insured.csv"),
        "insured.csv", List.of(), byCode, 100));
    assertEquals("insured.csv:2: kept_shares: expected the name of the settlement that wrote the person's kept shares"
        + " (printable ASCII, no spaces), or an empty cell for none", spaced.errors().get(0).toString());
    InputException unknown = assertThrows(InputException.class,
        () -> parse("insured_id,preexisting,policy_start,paid,kept_shares\n", List.of("paid")));
    assertEquals("insured.csv:1: kept_shares: unknown column (expected insured_id, preexisting, policy_start, paid)",
        unknown.errors().get(0).toString());
  }

  private static final List<InsuredColumn> FIELDS = List.of(InsuredColumn.of("sum_assured", InsuredColumn.Kind.MONEY),
      InsuredColumn.of("copay", InsuredColumn.Kind.RATIO), InsuredColumn.of("max_visits", InsuredColumn.Kind.INT),
      InsuredColumn.of("vip", InsuredColumn.Kind.BOOL), InsuredColumn.of("since", InsuredColumn.Kind.DATE),
      InsuredColumn.ofEnum("plan", List.of("BASIC", "CARE")), InsuredColumn.ofCodes("exclusions", 3));
  private static final List<InsuredColumn> TYPED_STATES = List.of(InsuredColumn.of("visits", InsuredColumn.Kind.INT),
      InsuredColumn.of("used", InsuredColumn.Kind.BOOL), InsuredColumn.of("paid", InsuredColumn.Kind.MONEY));
  private static final String HEADER =
      "insured_id,preexisting,policy_start,sum_assured,copay,max_visits,vip,since,plan,exclusions,visits,used,paid\n";

  private static InsuredFile parseDeclared(String rows) throws Exception {
    return InsuredFile.parse(Csv.read(new StringReader(HEADER + rows), "insured.csv"), "insured.csv", FIELDS,
        TYPED_STATES, 100);
  }

  @Test
  void declaredFieldsAndTypedStatesAreReadInTheirUnits() throws Exception {
    InsuredFile f = parseDeclared("P1,false,2026-01-01,3000000.00,85%,12,true,2025-12-01,CARE,F*|C34.9,3,true,10.05\n"
        + "P2,false,2026-01-01,0,0.7,0,false,2026-01-01,BASIC,,,,\n");
    InsuredRecord a = f.records().get(0);
    assertEquals(List.of(300_000_000L, 8_500L, 12L, 1L, java.time.LocalDate.parse("2025-12-01").toEpochDay(), 1L),
        List.of(a.field(0), a.field(1), a.field(2), a.field(3), a.field(4), a.field(5)));
    assertEquals(List.of("F*", "C34.9"), a.codes(6));
    assertEquals(List.of(3L, 1L, 1005L), List.of(a.state(0), a.state(1), a.state(2)));
    InsuredRecord b = f.records().get(1);
    assertEquals(7_000L, b.field(1));
    assertEquals(List.of(), b.codes(6));
    assertEquals(List.of(0L, 0L, 0L), List.of(b.state(0), b.state(1), b.state(2)));
  }

  @Test
  void badCellsNameTheLineAndTheColumn() {
    InputException e = assertThrows(InputException.class, () -> parseDeclared(
        "P1,false,2026-01-01,1.234,2000%,1.5,yes,2026-02-30,GOLD,F*|F*,1.5,maybe,x\n"
        + "P2,false,2026-01-01,,0.5,1,true,2026-01-01,CARE,A|B|C|D,0,false,0\n"
        + "P3,false,2026-01-01,1,0.5,1,true,2026-01-01,CARE,ABCDEFGHI*,0,false,0\n"
        + "P4,false,2026-01-01,1,0.5,1,true,2026-01-01,CARE,A||B,0,false,0\n"
        + "P5,false,2026-01-01,1,0.5,1,true,2026-01-01,CARE,A*B,0,false,0\n"));
    assertEquals(List.of(
        "insured.csv:2: visits: \"1.5\" is not a whole number",
        "insured.csv:2: used: expected true or false, found \"maybe\"",
        "insured.csv:2: paid: \"x\" is not a money amount with at most 2 decimals",
        "insured.csv:2: sum_assured: \"1.234\" is not a money amount with at most 2 decimals",
        "insured.csv:2: copay: value 2000% out of bounds ±10.0000",
        "insured.csv:2: max_visits: \"1.5\" is not a whole number",
        "insured.csv:2: vip: expected true or false, found \"yes\"",
        "insured.csv:2: since: \"2026-02-30\" is not a date YYYY-MM-DD",
        "insured.csv:2: plan: \"GOLD\" is not one of BASIC, CARE",
        "insured.csv:2: exclusions: the code \"F*\" appears twice",
        "insured.csv:3: sum_assured: empty cell: the policy reads insured.sum_assured",
        "insured.csv:3: exclusions: 4 codes, the policy declares at most 3",
        "insured.csv:4: exclusions: the prefix \"ABCDEFGHI*\" is longer than 8 characters before its *",
        "insured.csv:5: exclusions: an empty code in \"A||B\" (codes are separated by a single |)",
        "insured.csv:6: exclusions: the code \"A*B\" has a * that is not its last character"),
        e.errors().stream().map(InputError::toString).toList());
  }

  @Test
  void aMissingDeclaredFieldIsNamed() {
    InputException e = assertThrows(InputException.class, () -> InsuredFile.parse(
        Csv.read(new StringReader("insured_id,preexisting,policy_start\n"), "insured.csv"), "insured.csv",
        List.of(InsuredColumn.ofEnum("plan", List.of("BASIC"))), List.of(), 100));
    assertEquals(List.of("insured.csv:1: plan: missing column: the policy declares insured field plan"),
        e.errors().stream().map(InputError::toString).toList());
  }

  @Test
  void cellsFormatAsTheyParse() {
    for (InsuredColumn c : FIELDS.subList(0, 6)) {
      for (String cell : List.of("1", "0", "2026-03-01", "true", "BASIC", "CARE", "12.34")) {
        long v;
        try {
          v = c.parse(cell);
        } catch (IllegalArgumentException e) {
          continue;
        }
        assertEquals(v, c.parse(c.format(v)), c + " " + cell);
      }
    }
    assertEquals("F*|C34.9", InsuredColumn.formatCodes(List.of("F*", "C34.9")));
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
