package org.cosettle.examples;

import static org.cosettle.examples.LanguageDocTest.claimLine;
import static org.cosettle.examples.LanguageDocTest.itemJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cosettle run --mode handshake} carrying a state per item code from one batch to the next
 * in the parties' kept shares ({@code --kept-shares}, {@code --platform-kept-shares} and their
 * {@code -out} options): two batches equal one rules-come-in run over both, the payouts and, once
 * {@code cosettle handshake open-kept} opened the kept values, the states file byte for byte; kept
 * shares of two settlements refused with nothing written; and the same with each party in its own
 * process ({@code cosettle handshake platform|insurer}). A reversal in the second batch of a claim of
 * the first, through both parties' ledgers of shares ({@code --ledger}, {@code --platform-ledger}),
 * takes back the claim's codes as rules-come-in mode does. The language guide's sub-cap per policy
 * year across P1's anniversary in two batches: the insurer's states file drops the year's values
 * per code once the year moved on, and the opened kept values are rules-come-in mode's.
 * The insurer's states file names the settlement that wrote each person's kept shares, so a batch
 * whose kept shares both parties lost is refused (the platform told only that), where without the
 * name the batch settled with a wrong payout.
 */
class KeptSharesCliTest {
  @TempDir Path tmp;

  @Test
  void twoHandshakeBatchesThroughTheKeptSharesEqualOnePlaintextRun() throws Exception {
    writeSubCapPolicyAndInsured();
    String first = claim("A", "P1", "140000.00", item("XL01XC", "40000.00"), item("XL01XE", "100000.00"))
        + claim("B", "P2", "200000.00", item("XL01XC", "200000.00"));
    // XL01XC and XL01XE carried from the first batch, L04AB first claimed in the second
    String second = claim("C", "P1", "330000.00", item("XL01XC", "20000.00"), item("XL01XE", "300000.00"),
        item("L04AB", "10000.00")) + claim("D", "P2", "200000.00", item("XL01XC", "200000.00"));
    Files.writeString(tmp.resolve("first.jsonl"), first);
    Files.writeString(tmp.resolve("second.jsonl"), second);
    Files.writeString(tmp.resolve("both.jsonl"), first + second);

    // what the kept shares cost and reveal: 16 slots per person, whatever its codes
    Cli plan = Cli.run("check", "--plan", path("policy.cpl"));
    assertTrue(plan.out().contains("kept shares: each party keeps, per person, 16 slots") && plan.out().contains(
        "the insurer only the public count); per row and updated state 32 products"), plan.toString());
    Cli manifest = Cli.run("check", path("policy.cpl"));
    assertTrue(manifest.out().contains("carried to the next batch in each party's kept shares, 16 slots per person"
        + " whatever its codes"), manifest.toString());
    settleInTwoBatches();
    assertEquals(Files.readString(tmp.resolve("plain.csv")), Files.readString(tmp.resolve("one.csv"))
        + Files.readString(tmp.resolve("two.csv")).lines().skip(1).map(l -> l + "\n").reduce("", String::concat));
    assertTrue(Files.readString(tmp.resolve("plain.csv")).contains("D,140000.00\n"), "the carried sub-cap binds");
    // the insurer's states file keeps the recorded values per code; the kept shares the batches' increments
    assertTrue(Files.readString(tmp.resolve("states2.csv")).contains("P1,false,2026-01-01,XL01XC=250000.00,"),
        Files.readString(tmp.resolve("states2.csv")));
    assertFalse(Files.readString(tmp.resolve("kept2.jsonl")).contains("XL01"), "the insurer's file names no code");

    Cli opened = Cli.run("handshake", "open-kept", path("policy.cpl"), "--insured", path("states2.csv"),
        "--kept-shares", path("kept2.jsonl"), "--platform-kept-shares", path("platform-kept2.jsonl"), "--states-out",
        path("opened.csv"));
    assertEquals(0, opened.code(), opened.toString());
    assertEquals(Files.readString(tmp.resolve("plain-states.csv")), Files.readString(tmp.resolve("opened.csv")));

    // kept shares of two settlements: refused before anything moves, nothing written
    Cli mismatched = Cli.run(handshake("second.jsonl", "states1.csv", "three.csv", "--kept-shares",
        path("kept1.jsonl"), "--platform-kept-shares", path("platform-kept2.jsonl"), "--kept-shares-out",
        path("kept3.jsonl"), "--platform-kept-shares-out", path("platform-kept3.jsonl")));
    assertTrue(mismatched.code() != 0 && mismatched.err().contains("kept shares of the states per item code do not"
        + " belong together"), mismatched.toString());
    assertFalse(Files.exists(tmp.resolve("three.csv")) || Files.exists(tmp.resolve("kept3.jsonl"))
        || Files.exists(tmp.resolve("platform-kept3.jsonl")), "nothing written");
    Cli alone = Cli.run(handshake("second.jsonl", "states1.csv", "three.csv", "--kept-shares", path("kept1.jsonl")));
    assertTrue(alone.code() != 0 && alone.err().contains("go together"), alone.toString());
    Cli wrongFile = Cli.run("handshake", "open-kept", path("policy.cpl"), "--insured", path("states2.csv"),
        "--kept-shares", path("kept2.jsonl"), "--platform-kept-shares", path("platform-kept1.jsonl"), "--states-out",
        path("opened2.csv"));
    assertTrue(wrongFile.code() != 0 && wrongFile.err().contains("do not belong together"), wrongFile.toString());
    assertFalse(Files.exists(tmp.resolve("opened2.csv")), "nothing written");
  }

  @Test
  void aReversalInTheSecondBatchTakesBackTheFirstsCodesThroughBothLedgersOfShares() throws Exception {
    writeSubCapPolicyAndInsured();
    String first = claim("A", "P1", "140000.00", item("XL01XC", "40000.00"), item("XL01XE", "100000.00"))
        + claim("B", "P2", "200000.00", item("XL01XC", "200000.00"));
    // R takes A back (no item of its own: its rows are A's): XL01XC and XL01XE have their whole sub-caps again
    String second = claimLine("R", "P1", "0.00", ",\"reverses\":\"A\",\"items\":[]") + "\n"
        + claim("C", "P1", "320000.00", item("XL01XC", "20000.00"), item("XL01XE", "300000.00"));
    Files.writeString(tmp.resolve("first.jsonl"), first);
    Files.writeString(tmp.resolve("second.jsonl"), second);
    Files.writeString(tmp.resolve("both.jsonl"), first + second);
    settleInTwoBatches(List.of("--ledger-out", path("shares1.jsonl"), "--platform-ledger-out",
        path("platform-shares1.jsonl")), List.of("--ledger", path("shares1.jsonl"), "--platform-ledger",
        path("platform-shares1.jsonl")));
    String plain = Files.readString(tmp.resolve("plain.csv"));
    assertEquals(plain, Files.readString(tmp.resolve("one.csv")) + Files.readString(tmp.resolve("two.csv")).lines()
        .skip(1).map(l -> l + "\n").reduce("", String::concat));
    assertTrue(plain.contains("R,-") && !plain.contains("C,0.00"), plain);
    assertFalse(Files.readString(tmp.resolve("shares1.jsonl")).contains("XL01"), "the insurer's ledger names no code");
    assertTrue(Files.readString(tmp.resolve("platform-shares1.jsonl")).contains("\"row_codes\":[\"XL01XC\","
        + "\"XL01XE\""), Files.readString(tmp.resolve("platform-shares1.jsonl")));
    Cli opened = Cli.run("handshake", "open-kept", path("policy.cpl"), "--insured", path("states2.csv"),
        "--kept-shares", path("kept2.jsonl"), "--platform-kept-shares", path("platform-kept2.jsonl"), "--states-out",
        path("opened.csv"));
    assertEquals(0, opened.code(), opened.toString());
    assertEquals(Files.readString(tmp.resolve("plain-states.csv")), Files.readString(tmp.resolve("opened.csv")));
  }

  @Test
  void keptSharesBothPartiesLostAreRefusedByTheInsurersStatesFile() throws Exception {
    // an insured file without the kept_shares column (written before it existed) settles the first batch
    writeSubCapPolicyAndInsured();
    String first = claim("A", "P1", "140000.00", item("XL01XC", "40000.00"), item("XL01XE", "100000.00"));
    String second = claim("C", "P1", "320000.00", item("XL01XC", "20000.00"), item("XL01XE", "300000.00"))
        + claim("D", "P2", "20000.00", item("XL01XC", "20000.00"));
    Files.writeString(tmp.resolve("first.jsonl"), first);
    Files.writeString(tmp.resolve("second.jsonl"), second);
    Files.writeString(tmp.resolve("both.jsonl"), first + second);
    settleInTwoBatches();
    String plain = Files.readString(tmp.resolve("plain.csv"));
    // C: XL01XC 16,000.00; XL01XE 80% of 300,000.00 but 220,000.00 left after A's 80,000.00
    assertTrue(plain.contains("C,236000.00\n"), "XL01XE's sub-cap binds on what the first batch kept: " + plain);
    assertTrue(Files.readString(tmp.resolve("two.csv")).contains("C,236000.00\n"), "with the files: rules-come-in's");
    // the states file names the settlement that wrote the kept shares, for P1 (in them) and not P2 (not yet)
    String settlement = Files.readString(tmp.resolve("kept1.jsonl")).replaceAll("(?s).*\"batch\":\"([^\"]+)\".*", "$1");
    String states1 = Files.readString(tmp.resolve("states1.csv"));
    assertTrue(states1.startsWith("insured_id,preexisting,policy_start,drug_paid,paid_ytd,kept_shares\n")
        && states1.contains("P1,false,2026-01-01,XL01XC=250000.00,362000.00," + settlement + "\n")
        && states1.contains("P2,false,2026-01-01,,0.00,\n"), states1);

    // the second batch again, both parties' kept shares lost: the insurer refuses, nothing written
    String[] lostFiles = handshake("second.jsonl", "states1.csv", "lost.csv", "--states-out", path("lost-states.csv"),
        "--kept-shares-out", path("lost-kept.jsonl"), "--platform-kept-shares-out", path("lost-platform-kept.jsonl"));
    Cli lost = Cli.run(lostFiles);
    assertTrue(lost.code() != 0 && lost.err().contains("the insured file records the kept shares of the insured"
        + " person of claim C as written by settlement " + settlement + ", but there is no kept-shares file"),
        lost.toString());
    assertFalse(Files.exists(tmp.resolve("lost.csv")) || Files.exists(tmp.resolve("lost-states.csv"))
        || Files.exists(tmp.resolve("lost-kept.jsonl")) || Files.exists(tmp.resolve("lost-platform-kept.jsonl")),
        "nothing written");
    // rules-come-in mode does not read the file as if the kept values were in it; nor opens kept shares of another
    // settlement onto it
    Cli plainLost = Cli.run(run("second.jsonl", "states1.csv", "lost.csv"));
    assertTrue(plainLost.code() != 0 && plainLost.err().contains("records kept shares written by settlement "
        + settlement + " for the insured person of claim C") && !Files.exists(tmp.resolve("lost.csv")),
        plainLost.toString());
    Cli openedWrong = Cli.run("handshake", "open-kept", path("policy.cpl"), "--insured", path("states1.csv"),
        "--kept-shares", path("kept2.jsonl"), "--platform-kept-shares", path("platform-kept2.jsonl"), "--states-out",
        path("opened.csv"));
    assertTrue(openedWrong.code() != 0 && openedWrong.err().contains("records person P1's kept shares as written by"
        + " settlement " + settlement) && !Files.exists(tmp.resolve("opened.csv")), openedWrong.toString());
    // why: without the column the same run settles as if nothing had been kept, paying C more than the sub-cap left
    Files.writeString(tmp.resolve("states1.csv"), states1.lines().map(l -> l.substring(0, l.lastIndexOf(',')) + "\n")
        .reduce("", String::concat));
    Cli unchecked = Cli.run(lostFiles);
    assertEquals(0, unchecked.code(), unchecked.toString());
    assertTrue(Files.readString(tmp.resolve("lost.csv")).contains("C,256000.00\n"), Files.readString(
        tmp.resolve("lost.csv")));
  }

  @Test
  void eachPartyInItsOwnProcessCarriesItsKeptSharesToTheNextBatch() throws Exception {
    Path one = Files.createDirectories(tmp.resolve("one"));
    Path two = Files.createDirectories(tmp.resolve("two"));
    String policy = LanguageDocTest.blocks(Files.readString(LanguageDocTest.DOC), "cpl").stream()
        .filter(b -> b.startsWith("policy \"drug-sub-caps\"")).findFirst().orElseThrow();
    String first = claim("A", "P1", "140000.00", item("XL01XC", "40000.00"), item("XL01XE", "100000.00"));
    String second = claim("B", "P1", "320000.00", item("XL01XC", "20000.00"), item("XL01XE", "300000.00"));
    for (Path dir : List.of(one, two)) {
      Files.writeString(dir.resolve("policy.cpl"), policy);
    }
    Files.writeString(one.resolve("claims.jsonl"), first);
    Files.writeString(two.resolve("claims.jsonl"), second);
    Files.writeString(one.resolve("insured.csv"), "insured_id,preexisting,policy_start,drug_paid,paid_ytd\n"
        + "P1,false,2026-01-01,XL01XC=250000.00,250000.00\n");
    Files.writeString(tmp.resolve("policy.cpl"), policy);
    Files.writeString(tmp.resolve("both.jsonl"), first + second);
    Cli plain = Cli.run(run("both.jsonl", "one/insured.csv", "plain.csv", "--states-out", path("plain-states.csv")));
    assertEquals(0, plain.code(), plain.toString());

    TwoProcessHandshakeTest.Exits firstRun = TwoProcessHandshakeTest.run(one, true,
        TwoProcessHandshakeTest.platform(one, one, "--kept-shares-out", path("one/platform-kept.jsonl")),
        TwoProcessHandshakeTest.insurer(one, one, "--kept-shares-out", path("one/insurer-kept.jsonl")));
    assertEquals(0, firstRun.platform(), firstRun.platformErr());
    assertEquals(0, firstRun.insurer(), firstRun.insurerErr());
    Files.copy(one.resolve("insurer-states.csv"), two.resolve("insured.csv"));
    TwoProcessHandshakeTest.Exits secondRun = TwoProcessHandshakeTest.run(two, false,
        TwoProcessHandshakeTest.platform(two, two, "--kept-shares", path("one/platform-kept.jsonl"),
            "--kept-shares-out", path("two/platform-kept.jsonl")),
        TwoProcessHandshakeTest.insurer(two, two, "--kept-shares", path("one/insurer-kept.jsonl"),
            "--kept-shares-out", path("two/insurer-kept.jsonl")));
    assertEquals(0, secondRun.platform(), secondRun.platformErr());
    assertEquals(0, secondRun.insurer(), secondRun.insurerErr());
    // the second batch again with both parties' kept shares lost: the insurer's states file refuses it, and the
    // platform learns only that
    Path lost = Files.createDirectories(tmp.resolve("lost"));
    Files.writeString(lost.resolve("policy.cpl"), policy);
    Files.writeString(lost.resolve("claims.jsonl"), second);
    Files.copy(one.resolve("insurer-states.csv"), lost.resolve("insured.csv"));
    TwoProcessHandshakeTest.Exits lostRun = TwoProcessHandshakeTest.run(lost, true,
        TwoProcessHandshakeTest.platform(lost, lost, "--kept-shares-out", path("lost/platform-kept.jsonl")),
        TwoProcessHandshakeTest.insurer(lost, lost, "--kept-shares-out", path("lost/insurer-kept.jsonl")));
    assertTrue(lostRun.insurer() != 0 && lostRun.insurerErr().contains("person of claim B as written by settlement")
        && lostRun.insurerErr().contains("there is no kept-shares file"), lostRun.insurerErr());
    assertTrue(lostRun.platform() != 0 && lostRun.platformErr().contains("the insurer's kept shares of the states per"
        + " item code do not match its insured file (its details stay with the insurer)")
        && !lostRun.platformErr().contains("as written by settlement"), lostRun.platformErr());
    try (var written = Files.list(lost)) {
      assertEquals(List.of("claims.jsonl", "insured.csv", "policy.cpl"), written.map(f -> f.getFileName().toString())
          .filter(f -> !f.endsWith(".out") && !f.endsWith(".err")).sorted().toList(), "nothing written");
    }
    String payouts = Files.readString(tmp.resolve("plain.csv"));
    for (String who : List.of("platform.csv", "insurer.csv")) {
      assertEquals(payouts, Files.readString(one.resolve(who))
          + Files.readString(two.resolve(who)).lines().skip(1).map(l -> l + "\n").reduce("", String::concat), who);
    }
    Cli opened = Cli.run("handshake", "open-kept", path("policy.cpl"), "--insured", path("two/insurer-states.csv"),
        "--kept-shares", path("two/insurer-kept.jsonl"), "--platform-kept-shares", path("two/platform-kept.jsonl"),
        "--states-out", path("opened.csv"));
    assertEquals(0, opened.code(), opened.toString());
    assertEquals(Files.readString(tmp.resolve("plain-states.csv")), Files.readString(tmp.resolve("opened.csv")));
  }

  @Test
  void aSubCapPerPolicyYearRestartsAcrossTwoHandshakeBatchesAsTheLanguageGuideWorksIt() throws Exception {
    // the language guide's sub-cap per policy year: P1 started on 2025-07-01, year 1 recorded
    Files.writeString(tmp.resolve("policy.cpl"), LanguageDocTest.blocks(Files.readString(LanguageDocTest.DOC), "cpl")
        .stream().filter(b -> b.startsWith("policy \"drug-sub-caps\"")).findFirst().orElseThrow()
        .replace("state drug_paid: money by item.code", "state drug_paid: money by item.code per policy_year"));
    Files.writeString(tmp.resolve("insured.csv"), "insured_id,preexisting,policy_start,drug_paid,paid_ytd,policy_year\n"
        + "P1,false,2025-07-01,XL01XC=290000.00|XL01XE=5000.00,0.00,1\n");
    String first = dated(claim("A", "P1", "40000.00", item("XL01XC", "40000.00")), "2026-06-30");
    String second = dated(claim("B", "P1", "30000.00", item("XL01XC", "20000.00"), item("XL01XC", "10000.00")),
        "2026-07-01");
    Files.writeString(tmp.resolve("first.jsonl"), first);
    Files.writeString(tmp.resolve("second.jsonl"), second);
    Files.writeString(tmp.resolve("both.jsonl"), first + second);
    Cli plan = Cli.run("check", "--plan", path("policy.cpl"));
    assertTrue(plan.out().contains("states per item code per policy_year: each claim's restart flag"), plan.toString());
    settleInTwoBatches();
    assertEquals("claim_id,payout\nA,10000.00\nB,24000.00\n", Files.readString(tmp.resolve("plain.csv")));
    assertEquals("claim_id,payout\nB,24000.00\n", Files.readString(tmp.resolve("two.csv")));
    // year 1 still recorded after the first batch: the values per code stay; year 2 after the second: dropped
    assertTrue(Files.readString(tmp.resolve("states1.csv")).contains("P1,false,2025-07-01,XL01XC=290000.00|XL01XE"
        + "=5000.00,10000.00,1,"), Files.readString(tmp.resolve("states1.csv")));
    assertTrue(Files.readString(tmp.resolve("states2.csv")).contains("P1,false,2025-07-01,,34000.00,2,"),
        Files.readString(tmp.resolve("states2.csv")));
    Cli opened = Cli.run("handshake", "open-kept", path("policy.cpl"), "--insured", path("states2.csv"),
        "--kept-shares", path("kept2.jsonl"), "--platform-kept-shares", path("platform-kept2.jsonl"), "--states-out",
        path("opened.csv"));
    assertEquals(0, opened.code(), opened.toString());
    assertEquals(Files.readString(tmp.resolve("plain-states.csv")), Files.readString(tmp.resolve("opened.csv")));
    assertTrue(Files.readString(tmp.resolve("opened.csv")).contains("P1,false,2025-07-01,XL01XC=24000.00,34000.00,2"));
  }

  /**
   * Settles both.jsonl in rules-come-in mode (plain.csv, plain-states.csv), then first.jsonl and
   * second.jsonl in handshake mode, the second reading the first's states file and kept shares
   * (one.csv, states1.csv, kept1.jsonl; two.csv, states2.csv, kept2.jsonl), each exiting 0.
   */
  /**
   * The language guide's family plan with a sub-cap per drug ({@code family-drug-cap}): two
   * handshake batches through the kept shares pay what one rules-come-in run over both pays, and
   * the opened kept values give its states file.
   */
  @Test
  void aFamilyPlanWithASubCapPerDrugInTwoHandshakeBatches() throws Exception {
    Files.writeString(tmp.resolve("policy.cpl"), LanguageDocTest.blocks(Files.readString(LanguageDocTest.DOC), "cpl")
        .stream().filter(b -> b.startsWith("policy \"family-drug-cap\"")).findFirst().orElseThrow());
    Files.writeString(tmp.resolve("insured.csv"), "insured_id,preexisting,policy_start,family,family_deductible,"
        + "drug_paid\nP1,false,2026-01-01,F1,,\nP2,false,2026-01-01,F1,,\n");
    String first = claim("A1", "P1", "3000.00", itemJson("ZB06", "1000.00", false), item("XL01XC", "2000.00"))
        + claim("B1", "P2", "6000.00", itemJson("ZB06", "1000.00", false), item("XL01XC", "5000.00"));
    String second = claim("A2", "P1", "4000.00", item("XL01XC", "4000.00"))
        + claim("A3", "P1", "4000.00", item("XL01XC", "3000.00"), item("XL01XE", "1000.00"));
    Files.writeString(tmp.resolve("first.jsonl"), first);
    Files.writeString(tmp.resolve("second.jsonl"), second);
    Files.writeString(tmp.resolve("both.jsonl"), first + second);
    settleInTwoBatches();
    // the guide's figures: 1,400.00, 4,300.00, 2,800.00, 1,500.00
    String plain = Files.readString(tmp.resolve("plain.csv"));
    assertTrue(plain.contains("A1,1400.00\n") && plain.contains("B1,4300.00\n") && plain.contains("A2,2800.00\n")
        && plain.contains("A3,1500.00\n"), plain);
    assertEquals(plain, Files.readString(tmp.resolve("one.csv"))
        + Files.readString(tmp.resolve("two.csv")).lines().skip(1).map(l -> l + "\n").reduce("", String::concat));
    Cli opened = Cli.run("handshake", "open-kept", path("policy.cpl"), "--insured", path("states2.csv"),
        "--kept-shares", path("kept2.jsonl"), "--platform-kept-shares", path("platform-kept2.jsonl"), "--states-out",
        path("opened.csv"));
    assertEquals(0, opened.code(), opened.toString());
    assertEquals(Files.readString(tmp.resolve("plain-states.csv")), Files.readString(tmp.resolve("opened.csv")));
  }

  private void settleInTwoBatches() throws Exception {
    settleInTwoBatches(List.of(), List.of());
  }

  /** As {@link #settleInTwoBatches()}, the first and the second handshake batch given {@code first} and {@code second} too. */
  private void settleInTwoBatches(List<String> first, List<String> second) throws Exception {
    Cli plain = Cli.run(run("both.jsonl", "insured.csv", "plain.csv", "--states-out", path("plain-states.csv")));
    assertEquals(0, plain.code(), plain.toString());
    List<String> oneArgs = new ArrayList<>(List.of("--states-out", path("states1.csv"), "--kept-shares-out",
        path("kept1.jsonl"), "--platform-kept-shares-out", path("platform-kept1.jsonl")));
    oneArgs.addAll(first);
    Cli one = Cli.run(handshake("first.jsonl", "insured.csv", "one.csv", oneArgs.toArray(new String[0])));
    assertEquals(0, one.code(), one.toString());
    List<String> twoArgs = new ArrayList<>(List.of("--states-out", path("states2.csv"), "--kept-shares",
        path("kept1.jsonl"), "--platform-kept-shares", path("platform-kept1.jsonl"), "--kept-shares-out",
        path("kept2.jsonl"), "--platform-kept-shares-out", path("platform-kept2.jsonl")));
    twoArgs.addAll(second);
    Cli two = Cli.run(handshake("second.jsonl", "states1.csv", "two.csv", twoArgs.toArray(new String[0])));
    assertEquals(0, two.code(), two.toString());
  }

  /** The language guide's per-drug sub-cap (policy.cpl) and an insured file of P1 and P2 (insured.csv). */
  private void writeSubCapPolicyAndInsured() throws Exception {
    Files.writeString(tmp.resolve("policy.cpl"), LanguageDocTest.blocks(Files.readString(LanguageDocTest.DOC), "cpl")
        .stream().filter(b -> b.startsWith("policy \"drug-sub-caps\"")).findFirst().orElseThrow());
    Files.writeString(tmp.resolve("insured.csv"), "insured_id,preexisting,policy_start,drug_paid,paid_ytd\n"
        + "P1,false,2026-01-01,XL01XC=250000.00,250000.00\nP2,false,2026-01-01,,\n");
  }

  private static String dated(String claimLine, String day) {
    return claimLine.replace("2026-03-01", day).replace("2026-03-10", day);
  }

  private static String claim(String id, String insuredId, String total, String... items) {
    return claimLine(id, insuredId, total, ",\"items\":[" + String.join(",", items) + "]") + "\n";
  }

  private static String item(String code, String inScope) {
    return itemJson(code, inScope, true);
  }

  private String path(String name) {
    return tmp.resolve(name).toString();
  }

  private String[] run(String claims, String insured, String out, String... more) {
    List<String> args = new ArrayList<>(List.of("run", path("policy.cpl"), "--claims", path(claims), "--insured",
        path(insured), "--out", path(out)));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  private String[] handshake(String claims, String insured, String out, String... more) {
    List<String> args = new ArrayList<>(List.of(run(claims, insured, out, more)));
    args.addAll(List.of("--mode", "handshake"));
    return args.toArray(new String[0]);
  }
}
