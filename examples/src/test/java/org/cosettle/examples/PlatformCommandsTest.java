package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cosettle.platform.SettlementFile;
import org.cosettle.platform.SettlementRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformCommandsTest {
  @TempDir Path tmp;
  static final Path INCLUSIVE = Path.of("..", "testdata", "conformance", "inclusive");

  /** Exit status, standard output and standard error of one command. */
  record Outcome(int code, String out, String err) {}

  private static Outcome cosettle(String... args) {
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
  }

  private Outcome runWithSettlements(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("run", INCLUSIVE.resolve("policy.cpl").toString(),
        "--claims", INCLUSIVE.resolve("claims.jsonl").toString(), "--insured", INCLUSIVE.resolve("insured.csv").toString(),
        "--out", tmp.resolve("r.csv").toString(), "--settlements-out", tmp.resolve("s.jsonl").toString()));
    args.addAll(List.of(extra));
    return cosettle(args.toArray(String[]::new));
  }

  @Test
  void runWritesASettlementRecordPerClaimWithThePolicysPayout() throws Exception {
    Outcome o = runWithSettlements("--insurer-id", "INS01", "--settlement-date", "2026-10-01");
    assertEquals(0, o.code(), o.err());
    List<String> results = Files.readAllLines(tmp.resolve("r.csv"));
    List<SettlementRecord> records = SettlementFile.read(tmp.resolve("s.jsonl"), "s.jsonl");
    assertEquals(results.size() - 1, records.size());
    for (int i = 0; i < records.size(); i++) {
      String[] row = results.get(i + 1).split(",");
      SettlementRecord r = records.get(i);
      assertEquals(row[0], r.claimId());
      assertEquals("INS01-" + row[0], r.settlementId());
      assertEquals("2026-10-01", r.settlementDate().toString());
      assertEquals(row[1], org.cosettle.core.Decimals.formatMoney(r.commercialPayout() + r.payoutExcess()));
    }
  }

  @Test
  void anUnknownPayoutOutputIsAUsageErrorAndNothingIsWritten() {
    Outcome o = runWithSettlements("--payout-output", "paid");
    assertEquals(2, o.code());
    assertTrue(o.err().contains("--payout-output: policy city-inclusive-2026 has no output 'paid' (its outputs: payout)"),
        o.err());
    assertFalse(Files.exists(tmp.resolve("r.csv")));
    assertFalse(Files.exists(tmp.resolve("s.jsonl")));
  }

  @Test
  void receiptPrintsTheClaimsStatementOrExitsOne() throws Exception {
    assertEquals(0, runWithSettlements("--insurer-id", "INS01", "--settlement-date", "2026-10-01").code());
    Outcome o = cosettle("receipt", "--settlements", tmp.resolve("s.jsonl").toString(), "--claim", "C00000");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().startsWith("结算单 Settlement statement\n结算号 Settlement id                        INS01-C00000\n"), o.out());
    assertTrue(o.out().contains("商业保险 Commercial insurance                      1053.50 元\n"), o.out());
    Outcome missing = cosettle("receipt", "--settlements", tmp.resolve("s.jsonl").toString(), "--claim", "C99");
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("no settlement record of claim \"C99\""), missing.err());
  }

  private Outcome gen(String platform, String insurer) {
    return cosettle("gen-settlements", "--count", "5000", "--seed", "5", "--from", "2026-03-01", "--days", "31",
        "--rates", "20,20,20,20,40", "--platform-out", tmp.resolve(platform).toString(),
        "--insurer-out", tmp.resolve(insurer).toString());
  }

  private Outcome reconcile(String detail, String summary, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("reconcile", "--platform", tmp.resolve("p.jsonl").toString(),
        "--counterparty", tmp.resolve("i.jsonl").toString(), "--from", "2026-03-01", "--to", "2026-03-31",
        "--out", tmp.resolve(detail).toString(), "--summary", tmp.resolve(summary).toString()));
    args.addAll(List.of(extra));
    return cosettle(args.toArray(String[]::new));
  }

  @Test
  void reconcileFindsWhatTheGeneratorInjectedAndRepeatsItselfByteForByte() throws Exception {
    Outcome g = gen("p.jsonl", "i.jsonl");
    assertEquals(0, g.code(), g.err());
    assertEquals(0, reconcile("d1.csv", "s1.csv").code());
    assertEquals(0, reconcile("d2.csv", "s2.csv", "--memory-mb", "1", "--temp-dir", tmp.toString()).code());
    assertEquals(Files.readString(tmp.resolve("d1.csv")), Files.readString(tmp.resolve("d2.csv")));
    assertEquals(Files.readString(tmp.resolve("s1.csv")), Files.readString(tmp.resolve("s2.csv")));
    // the generator's expected counts are the summary's settlement counts
    List<String> expected = g.out().lines().skip(1).toList();
    List<String> summary = Files.readAllLines(tmp.resolve("s1.csv")).subList(1, 6);
    for (int i = 0; i < expected.size(); i++) {
      String[] e = expected.get(i).split(",");
      String[] s = summary.get(i).split(",");
      assertEquals(e[0] + "," + e[1], s[0] + "," + s[1]);
    }
    Outcome clear = cosettle("clear", "--records", tmp.resolve("p.jsonl").toString(), "--month", "2026-03",
        "--reconciliation", tmp.resolve("d1.csv").toString(), "--out", tmp.resolve("c.csv").toString());
    assertEquals(0, clear.code(), clear.err());
    List<String> clearing = Files.readAllLines(tmp.resolve("c.csv"));
    assertEquals("kind,insurer_id,hospital_id,settlement_id,class,settlements,reversals,amount_due,counterparty_amount",
        clearing.get(0));
    assertTrue(clearing.stream().anyMatch(l -> l.startsWith("DIFFERENCE,INS01,H")));
  }

  @Test
  void badRecordsGiveExitOneLocatedErrorsAndNoOutputAtAll() throws Exception {
    assertEquals(0, gen("p.jsonl", "i.jsonl").code());
    List<String> lines = Files.readAllLines(tmp.resolve("p.jsonl"));
    lines.add(lines.get(5));
    Files.write(tmp.resolve("p.jsonl"), lines);
    Files.writeString(tmp.resolve("old.csv"), "previous run\n");
    Outcome o = reconcile("old.csv", "s.csv");
    assertEquals(1, o.code());
    String id = SettlementFile.parseLine(lines.get(5), "p", 6).settlementId();
    assertTrue(o.err().contains("p.jsonl:" + lines.size() + ": settlement_id: duplicate settlement id \"" + id
        + "\" (first on line 6)"), o.err());
    assertTrue(o.err().endsWith("nothing written\n"), o.err());
    assertEquals("previous run\n", Files.readString(tmp.resolve("old.csv")));
    assertFalse(Files.exists(tmp.resolve("s.csv")));
    Outcome clear = cosettle("clear", "--records", tmp.resolve("p.jsonl").toString(), "--month", "2026-03",
        "--out", tmp.resolve("c.csv").toString());
    assertEquals(1, clear.code());
    assertFalse(Files.exists(tmp.resolve("c.csv")));
    try (var left = Files.list(tmp)) {
      assertEquals(List.of("i.jsonl", "old.csv", "p.jsonl"), left.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void badDatesAndMonthsOnTheCommandLineAreUsageErrors() {
    assertEquals(2, cosettle("clear", "--records", "x", "--month", "2026-13", "--out", "y").code());
    assertEquals(2, cosettle("reconcile", "--platform", "p", "--counterparty", "i", "--from", "2026-03-31",
        "--to", "2026-03-01", "--out", "d").code());
    assertEquals(2, cosettle("reconcile", "--platform", "p", "--counterparty", "i", "--from", "2026-02-30",
        "--to", "2026-03-01", "--out", "d").code());
  }
}
