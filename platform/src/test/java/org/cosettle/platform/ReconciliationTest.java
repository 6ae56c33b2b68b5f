package org.cosettle.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconciliationTest {
  @TempDir Path tmp;

  private Reconciliation.Options march(long budget) {
    return new Reconciliation.Options(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), budget, tmp);
  }

  private String detail(Path platform, Path insurer, Reconciliation.Options o) throws Exception {
    StringWriter w = new StringWriter();
    Reconciliation.reconcile(platform, "p.jsonl", insurer, "i.jsonl", o, w);
    return w.toString();
  }

  @Test
  void everySettlementGetsItsClass() throws Exception {
    SettlementRecord s1 = Records.settled("S1", "2026-03-01", 100_00);
    SettlementRecord s3 = Records.settled("S3", "2026-03-03", 300_00);
    SettlementRecord s6 = Records.settled("S6", "2026-03-06", 60_00);
    Path p = Records.write(tmp.resolve("p.jsonl"),
        s1, Records.settled("S2", "2026-03-02", 200_00), s3, s3.reversal("S3-R", s3.settlementDate()),
        Records.settled("S4", "2026-03-04", 400_00), s6, s6.reversal("S6-R", LocalDate.of(2026, 3, 7)),
        Records.settled("S7", "2026-03-07", "H1", 70_00));
    Path i = Records.write(tmp.resolve("i.jsonl"),
        Records.settled("S7", "2026-03-07", "H2", 70_00), s6.reversal("S6-X", LocalDate.of(2026, 3, 8)), s6,
        Records.settled("S5", "2026-03-05", 50_00), s3, Records.settled("S2", "2026-03-02", 201_00), s1);
    StringWriter w = new StringWriter();
    Reconciliation.Summary s = Reconciliation.reconcile(p, "p.jsonl", i, "i.jsonl", march(1 << 20), w);
    assertEquals(Reconciliation.DETAIL_HEADER
        + "S1,MATCHED,2026-03-01,H1,INS01,SETTLED,SETTLED,1,1,100.00,100.00,\n"
        + "S2,AMOUNT_DIFF,2026-03-02,H1,INS01,SETTLED,SETTLED,1,1,200.00,201.00,commercial_payout patient_cash\n"
        + "S3,STATUS_DIFF,2026-03-03,H1,INS01,REVERSED,SETTLED,2,1,0.00,300.00,\n"
        + "S4,ONLY_PLATFORM,2026-03-04,H1,INS01,SETTLED,,1,,400.00,,\n"
        + "S5,ONLY_INSURER,2026-03-05,H1,INS01,,SETTLED,,1,,50.00,\n"
        + "S6,MATCHED,2026-03-06,H1,INS01,REVERSED,REVERSED,2,2,0.00,0.00,\n"
        + "S7,AMOUNT_DIFF,2026-03-07,H1,INS01,SETTLED,SETTLED,1,1,70.00,70.00,hospital_id\n", w.toString());
    assertEquals(2, s.count(MatchClass.MATCHED));
    assertEquals(2, s.count(MatchClass.AMOUNT_DIFF));
    assertEquals(1, s.count(MatchClass.STATUS_DIFF));
    assertEquals(1, s.count(MatchClass.ONLY_PLATFORM));
    assertEquals(1, s.count(MatchClass.ONLY_INSURER));
    assertEquals(8, s.platformRecords());
    assertEquals(7, s.counterpartyRecords());
    assertEquals("class,settlements,platform_records,counterparty_records,platform_payout,counterparty_payout,payout_difference\n"
        + "MATCHED,2,3,3,100.00,100.00,0.00\n"
        + "AMOUNT_DIFF,2,2,2,270.00,271.00,1.00\n"
        + "STATUS_DIFF,1,2,1,0.00,300.00,300.00\n"
        + "ONLY_PLATFORM,1,1,0,400.00,0.00,-400.00\n"
        + "ONLY_INSURER,1,0,1,0.00,50.00,50.00\n"
        + "TOTAL,7,8,7,770.00,721.00,-49.00\n", s.csv());
  }

  @Test
  void aPartialReversalNetsIntoItsOriginalBeforeComparing() throws Exception {
    SettlementRecord s = Records.settled("S1", "2026-03-10", 300_00);
    SettlementRecord partial = new SettlementRecord("S1-R", LocalDate.of(2026, 3, 11), SettlementStatus.REVERSED, "S1",
        "H1", "INS01", "P1", "C-S1", -100_00, -60_00, 0, -30_00, -10_00, 0, SplitFlag.NONE);
    SettlementRecord net = new SettlementRecord("S1", LocalDate.of(2026, 3, 10), SettlementStatus.SETTLED, "",
        "H1", "INS01", "P1", "C-S1", 900_00, 540_00, 0, 270_00, 90_00, 0, SplitFlag.NONE);
    SettlementRecord netReversedInOne = new SettlementRecord("S1-Q", LocalDate.of(2026, 3, 11), SettlementStatus.REVERSED,
        "S1", "H1", "INS01", "P1", "C-S1", 0, 0, 0, 0, 0, 0, SplitFlag.NONE);
    Path p = Records.write(tmp.resolve("p.jsonl"), s, partial);
    // the insurer booked the net amount on the original and a zero reversal: same net figures
    Path i = Records.write(tmp.resolve("i.jsonl"), net, netReversedInOne);
    assertTrue(detail(p, i, march(1 << 20)).contains("S1,MATCHED,2026-03-10,H1,INS01,REVERSED,REVERSED,2,2,270.00,270.00,\n"));
    // without its reversal, the other side is a status difference
    Path settledOnly = Records.write(tmp.resolve("i2.jsonl"), s);
    assertTrue(detail(p, settledOnly, march(1 << 20)).contains("S1,STATUS_DIFF,"));
  }

  @Test
  void onlyRecordsDatedInTheWindowCount() throws Exception {
    SettlementRecord feb = Records.settled("S1", "2026-02-27", 100_00);
    SettlementRecord aprilOnly = Records.settled("S9", "2026-04-01", 100_00);
    Path p = Records.write(tmp.resolve("p.jsonl"), feb, feb.reversal("S1-R", LocalDate.of(2026, 3, 2)), aprilOnly);
    Path i = Records.write(tmp.resolve("i.jsonl"), feb, feb.reversal("S1-R", LocalDate.of(2026, 3, 2)));
    // in March only the reversal of a February settlement is seen, on both sides
    assertEquals(Reconciliation.DETAIL_HEADER
        + "S1,MATCHED,2026-03-02,H1,INS01,REVERSED,REVERSED,1,1,-100.00,-100.00,\n", detail(p, i, march(1 << 20)));
  }

  @Test
  void idsThatNeedQuotingAndNonAsciiTextComeOutAsCsv() throws Exception {
    SettlementRecord a = Records.settled("S,1", "2026-03-01", "医院 \"东\"", 100_00);
    SettlementRecord b = Records.settled("S\u00e92", "2026-03-02", "H,2", 200_00);
    Path p = Records.write(tmp.resolve("p.jsonl"), a, b);
    Path i = Records.write(tmp.resolve("i.jsonl"), b, a);
    String expected = Reconciliation.DETAIL_HEADER
        + "\"S,1\",MATCHED,2026-03-01,\"医院 \"\"东\"\"\",INS01,SETTLED,SETTLED,1,1,100.00,100.00,\n"
        + "S\u00e92,MATCHED,2026-03-02,\"H,2\",INS01,SETTLED,SETTLED,1,1,200.00,200.00,\n";
    assertEquals(expected, detail(p, i, march(1 << 20)));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Reconciliation.reconcile(p, "p.jsonl", i, "i.jsonl", march(1 << 20), bytes);
    assertEquals(expected, bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void generatedPairsGiveTheInjectedClassesWhetherOrNotTheySpill() throws Exception {
    SettlementGenerator.Config c = SettlementGenerator.Config.defaults(3000, 11);
    c = new SettlementGenerator.Config(c.seed(), c.count(), LocalDate.of(2026, 3, 1), 31, 7, "INS01", 40, 30, 50, 20, 60);
    Path p = tmp.resolve("p.jsonl");
    Path i = tmp.resolve("i.jsonl");
    SettlementGenerator.Expected e;
    try (Writer pw = Files.newBufferedWriter(p); Writer iw = Files.newBufferedWriter(i)) {
      e = new SettlementGenerator(c).write(pw, iw);
    }
    StringWriter inMemory = new StringWriter();
    Reconciliation.Summary s = Reconciliation.reconcile(p, "p.jsonl", i, "i.jsonl", march(64L << 20), inMemory);
    for (MatchClass m : MatchClass.values()) {
      assertEquals(e.count(m), s.count(m), m.name());
      assertTrue(e.count(m) > 0, m.name());
    }
    assertEquals(e.platformRecords(), s.platformRecords());
    assertEquals(e.insurerRecords(), s.counterpartyRecords());
    StringWriter spilled = new StringWriter();
    Reconciliation.Summary t = Reconciliation.reconcile(p, "p.jsonl", i, "i.jsonl", march(20_000), spilled);
    assertEquals(inMemory.toString(), spilled.toString());
    assertEquals(s.csv(), t.csv());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Reconciliation.reconcile(p, "p.jsonl", i, "i.jsonl", march(20_000), bytes);
    assertEquals(inMemory.toString(), bytes.toString(StandardCharsets.UTF_8), "bytes and text agree");
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of("i.jsonl", "p.jsonl"), left.map(x -> x.getFileName().toString()).sorted().toList(),
          "spill files are removed");
    }
  }

  @Test
  void aTinyBudgetReallySpillsAndStillGroupsInOrder() throws Exception {
    SettlementGenerator.Config c = SettlementGenerator.Config.defaults(500, 3);
    Path p = tmp.resolve("p.jsonl");
    try (Writer pw = Files.newBufferedWriter(p)) {
      new SettlementGenerator(c).write(pw, new StringWriter());
    }
    try (SortedSettlements s = SortedSettlements.sort(p, "p.jsonl", 5_000, tmp)) {
      assertTrue(s.runCount() > 10, "runs: " + s.runCount());
      String previous = "";
      long records = 0;
      for (SettlementGroup g = s.next(); g != null; g = s.next()) {
        assertTrue(g.settlementId().compareTo(previous) > 0, g.settlementId() + " after " + previous);
        previous = g.settlementId();
        records += g.size();
      }
      assertEquals(s.recordCount(), records);
      assertTrue(s.errors().isEmpty());
    }
  }

  private List<String> errors(long budget, Path p, Path i) {
    InputException e = assertThrows(InputException.class, () -> detail(p, i, march(budget)));
    return e.errors().stream().map(InputError::toString).toList();
  }

  @Test
  void duplicateIdsAndBadReversalTargetsAreLocatedInEitherFileWhetherOrNotTheySpill() throws Exception {
    SettlementRecord a = Records.settled("A", "2026-03-01", 10_00);
    SettlementRecord b = Records.settled("B", "2026-03-01", 10_00);
    SettlementRecord c = Records.settled("C", "2026-03-01", 10_00);
    Path p = Records.write(tmp.resolve("p.jsonl"),
        a, b, a.reversal("B", a.settlementDate()), Records.settled("A", "2026-03-09", 10_00),
        Records.settled("Z", "2026-03-01", 10_00).reversal("Z-R", a.settlementDate()));
    Path i = Records.write(tmp.resolve("i.jsonl"),
        c, c.reversal("C-R", c.settlementDate()),
        new SettlementRecord("C-RR", c.settlementDate(), SettlementStatus.REVERSED, "C-R", "H1", "INS01", "P1", "C-C",
            1000_00, 600_00, 0, 10_00, 390_00, 0, SplitFlag.NONE));
    List<String> expected = List.of(
        "p.jsonl:3: settlement_id: duplicate settlement id \"B\" (first on line 2)",
        "p.jsonl:4: settlement_id: duplicate settlement id \"A\" (first on line 1)",
        "p.jsonl:5: reverses: unknown reversal target \"Z\": no settlement with that id in the file",
        "i.jsonl:3: reverses: \"C-R\" is itself a reversal (line 2); reverse the original settlement");
    assertEquals(expected, errors(1 << 20, p, i));
    assertEquals(expected, errors(600, p, i));
  }

  @Test
  void badLinesInBothFilesAreAllReported() throws Exception {
    Path p = Records.writeLines(tmp.resolve("p.jsonl"), "{", Records.settled("A", "2026-03-01", 0).canonicalJson());
    Path i = Records.writeLines(tmp.resolve("i.jsonl"),
        Records.settled("A", "2026-03-01", 0).canonicalJson().replace("2026-03-01", "2026-3-1"));
    assertEquals(List.of("p.jsonl:1: unexpected end of line",
        "i.jsonl:1: settlement_date: \"2026-3-1\" is not a date YYYY-MM-DD"), errors(1 << 20, p, i));
  }

  @Test
  void aWindowThatEndsBeforeItStartsIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        new Reconciliation.Options(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 1), 1, tmp));
    assertEquals("the window ends (2026-03-01) before it starts (2026-03-02)", e.getMessage());
  }

  @Test
  void theDetailIsPlainUtf8CsvWithQuotedIds() throws Exception {
    SettlementRecord odd = Records.settled("S,\"1\"", "2026-03-01", "医院一", 100_00);
    Path p = Records.write(tmp.resolve("p.jsonl"), odd);
    Path i = Records.write(tmp.resolve("i.jsonl"));
    String d = detail(p, i, march(1 << 20));
    assertEquals(Reconciliation.DETAIL_HEADER + "\"S,\"\"1\"\"\",ONLY_PLATFORM,2026-03-01,医院一,INS01,SETTLED,,1,,100.00,,\n", d);
    assertEquals(d, new String(d.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
  }

  @Test
  void groupsComeInIdOrderWhenIdsShareLongPrefixesOrArePrefixesOfEachOther() throws Exception {
    java.util.SplittableRandom random = new java.util.SplittableRandom(42);
    java.util.TreeSet<String> ids = new java.util.TreeSet<>();
    while (ids.size() < 3000) {
      StringBuilder id = new StringBuilder("SETTLEMENT-2026-");
      for (int k = random.nextInt(1, 12); k > 0; k--) {
        id.append("ab9".charAt(random.nextInt(3)));
      }
      ids.add(id.toString());
    }
    List<String> shuffled = new java.util.ArrayList<>(ids);
    java.util.Collections.shuffle(shuffled, new java.util.Random(7));
    List<SettlementRecord> records = new java.util.ArrayList<>();
    for (String id : shuffled) {
      records.add(Records.settled(id, "2026-03-01", 0));
    }
    // one settlement with many partial reversals: a long run of equal keys
    SettlementRecord many = records.get(0);
    for (int r = 0; r < 40; r++) {
      records.add(new SettlementRecord(many.settlementId() + "-R" + r, many.settlementDate(), SettlementStatus.REVERSED,
          many.settlementId(), "H1", "INS01", "P1", many.claimId(), -1_00, -1_00, 0, 0, 0, 0, SplitFlag.NONE));
    }
    Path p = tmp.resolve("p.jsonl");
    SettlementFile.write(p, records);
    for (long budget : new long[] {1 << 24, 30_000}) {
      List<String> seen = new java.util.ArrayList<>();
      try (SortedSettlements s = SortedSettlements.sort(p, "p.jsonl", budget, tmp)) {
        for (SettlementGroup g = s.next(); g != null; g = s.next()) {
          seen.add(g.settlementId());
          assertEquals(g.settlementId().equals(many.settlementId()) ? 41 : 1, g.size());
          for (int i = 1; i < g.size(); i++) {
            assertTrue(g.line(i - 1) < g.line(i), "records of a group in file order");
          }
        }
        assertTrue(s.errors().isEmpty(), s.errors().toString());
      }
      assertEquals(List.copyOf(ids), seen, "budget " + budget);
    }
  }
}
