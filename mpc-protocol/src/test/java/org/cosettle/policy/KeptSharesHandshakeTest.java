package org.cosettle.policy;

import static org.cosettle.policy.InsuredFieldsGoldenTest.compile;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.claim;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.insured;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.item;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.money;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import org.cosettle.core.Claim;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.LineItem;
import org.cosettle.core.Party;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.engine.KeptShares;
import org.cosettle.mpc.engine.TwoPartySettlement;
import org.cosettle.mpc.plan.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * States kept per item code carried between handshake batches on the parties' kept shares
 * ({@link KeptShares}): two batches, the second reading the first's kept shares (through their
 * files) and the insurer's states file, equal one plaintext run over both to the fen, outputs,
 * states and (by the joint opening) the values per code; the kept shares of two parties that do
 * not belong together, or of one party alone, refused before anything moves.
 */
class KeptSharesHandshakeTest {
  private static final String HEADER = "insured_id,preexisting,policy_start,drug_paid,paid_ytd\n";
  private static final String[] CODES = {"XL01XC", "XL01XE", "L04AB", "ZB06"};

  @TempDir
  Path dir;

  @Test
  void twoBatchesThroughTheKeptSharesEqualOnePlaintextRunOverBoth() throws Exception {
    CompiledPolicy policy = compile(ItemCodeStatesGoldenTest.POLICY);
    InsuredFile insured = insured(policy, HEADER
        + "P1,false,2026-01-01,XL01XC=250000.00,250000.00\nP2,false,2026-01-01,,\nP3,false,2026-01-01,,\n");
    List<Claim> first = List.of(
        claim("A", "P1", item("XL01XC", 4_000_000, true), item("XL01XE", 10_000_000, true)),
        claim("B", "P2", item("XL01XC", 20_000_000, true), item("ZB06", 500_000, false)));
    // XL01XC and XL01XE carried from the first batch; L04AB claimed first here; P3 new to the kept shares
    List<Claim> second = List.of(
        claim("C", "P1", item("XL01XC", 2_000_000, true), item("XL01XE", 30_000_000, true),
            item("L04AB", 1_000_000, true)),
        claim("D", "P2", item("XL01XC", 20_000_000, true)),
        claim("E", "P3", item("XL01XC", 1_000_000, true)));
    List<Claim> both = new ArrayList<>(first);
    both.addAll(second);
    BatchResult plaintext = Evaluator.evaluate(policy, both, insured, new long[0]);
    // P2's XL01XC: 160,000.00 in the first batch, so the second's 160,000.00 meets the 300,000.00 sub-cap at 140,000.00
    assertEquals(14_000_000L, plaintext.output(3, 0));
    TwoPartySettlement.Sides one = settled(TwoPartySettlement.runWithKept(policy, first, insured, 0, null, null));
    Path platformFile = write("platform-kept.jsonl", one.dataHolder().kept().jsonl());
    Path insurerFile = write("insurer-kept.jsonl", one.insurer().kept().jsonl());
    InsuredFile afterFirst = insured(policy, BatchResult.statesCsv(policy, insured, one.insurer().states()));
    KeptShares platformKept = KeptShares.read(platformFile, "platform-kept.jsonl", policy, Party.DATA_HOLDER);
    KeptShares insurerKept = KeptShares.read(insurerFile, "insurer-kept.jsonl", policy, Party.INSURER);
    assertEquals(one.insurer().kept().jsonl(), insurerKept.jsonl(), "the file reads back as written");
    TwoPartySettlement.Sides two = settled(TwoPartySettlement.runWithKept(policy, second, afterFirst, 0,
        platformKept, insurerKept));

    for (int c = 0; c < both.size(); c++) {
      TwoPartySettlement.Sides sides = c < first.size() ? one : two;
      int at = c < first.size() ? c : c - first.size();
      assertEquals(plaintext.output(c, 0), sides.insurer().outputs()[0][at], "claim " + both.get(c).id());
      assertEquals(plaintext.output(c, 0), sides.dataHolder().outputs()[0][at], "claim " + both.get(c).id());
    }
    for (int r = 0; r < insured.records().size(); r++) {
      assertEquals(plaintext.state(r, 1), two.insurer().states()[1][r], "paid_ytd of record " + r);
    }
    // the joint opening: the recorded values plus the kept ones are the plaintext run's values per code
    InsuredFile expected = insured(policy, plaintext.statesCsv());
    Map<String, List<Map<String, Long>>> opened = KeptShares.open(two.dataHolder().kept(), two.insurer().kept());
    for (int r = 0; r < insured.records().size(); r++) {
      String id = insured.records().get(r).insuredId();
      Map<String, Long> values = new LinkedHashMap<>(insured.records().get(r).valuesByCode(0));
      opened.get(id).get(0).forEach((code, v) -> values.merge(code, v, Long::sum));
      values.values().removeIf(v -> v == 0);
      assertEquals(expected.records().get(r).valuesByCode(0), values, "drug_paid of " + id);
    }
    assertEquals(Map.of("XL01XC", 4_800_000L, "XL01XE", 30_000_000L, "L04AB", 800_000L),
        opened.get("P1").get(0), "P1's kept values: 32,000.00 + 16,000.00, 80,000.00 + 220,000.00, 8,000.00");
  }

  @Test
  void keptSharesOfAnotherSettlementOrOfOnePartyAloneAreRefusedNamingBoth() throws Exception {
    CompiledPolicy policy = compile(ItemCodeStatesGoldenTest.POLICY);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,,\n");
    List<Claim> batch = List.of(claim("A", "P1", item("XL01XC", 1_000_000, true)));
    TwoPartySettlement.Sides one = settled(TwoPartySettlement.runWithKept(policy, batch, insured, 0, null, null));
    TwoPartySettlement.Sides other = settled(TwoPartySettlement.runWithKept(policy, batch, insured, 0, null, null));
    String mine = one.insurer().kept().batch();
    String theirs = other.dataHolder().kept().batch();
    assertNotEquals(mine, theirs, "each settlement names itself (the data holder's nonce)");

    Refusal mismatched = refusal(TwoPartySettlement.runWithKept(policy, batch, insured, 0, other.dataHolder().kept(),
        one.insurer().kept()));
    assertTrue(mismatched.detail().contains("the insurer's were written by settlement " + mine + ", the data holder's"
        + " by " + theirs), mismatched.detail());
    Refusal platformMissing = refusal(TwoPartySettlement.runWithKept(policy, batch, insured, 0, null,
        one.insurer().kept()));
    assertTrue(platformMissing.detail().contains("the data holder's by (none: no file)"), platformMissing.detail());
    Refusal insurerMissing = refusal(TwoPartySettlement.runWithKept(policy, batch, insured, 0, one.dataHolder().kept(),
        null));
    assertTrue(insurerMissing.detail().contains("the insurer's were written by settlement (none: no file)"),
        insurerMissing.detail());
    assertThrows(IllegalArgumentException.class, () -> KeptShares.open(other.dataHolder().kept(), one.insurer().kept()));
  }

  @Test
  void aPersonWithMoreKeptCodesThanTheSlotsIsRefusedNamingTheClaim() throws Exception {
    CompiledPolicy policy = compile(ItemCodeStatesGoldenTest.POLICY);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,,\nP2,false,2026-01-01,,\n");
    List<LineItem> items = new ArrayList<>();
    for (int c = 0; c < KeptShares.SLOTS; c++) {
      items.add(item("D" + c, 100, true));
    }
    TwoPartySettlement.Sides one = settled(TwoPartySettlement.runWithKept(policy, List.of(claim("A", "P1",
        item("D0", 100, true)), claim("B", "P2", items.toArray(new LineItem[0]))), insured, 0, null, null));
    Refusal r = refusal(TwoPartySettlement.runWithKept(policy, List.of(claim("C", "P1", item("D1", 100, true)),
        claim("D", "P2", item("D16", 100, true))), insured, 0, one.dataHolder().kept(), one.insurer().kept()));
    assertEquals(Refusal.Kind.STATE_BY_ITEM_CODE, r.kind());
    assertEquals(List.of("D"), r.claimIds());
    assertTrue(r.detail().contains("has items of more than 16 codes kept on shares"), r.detail());
  }

  @Test
  void aKeptSharesFileOfTheOtherPartyOrMissingASlotIsRefusedLocated() throws Exception {
    CompiledPolicy policy = compile(ItemCodeStatesGoldenTest.POLICY);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,,\n");
    TwoPartySettlement.Sides one = settled(TwoPartySettlement.runWithKept(policy, List.of(claim("A", "P1",
        item("XL01XC", 1_000_000, true))), insured, 0, null, null));
    Path platform = write("platform.jsonl", one.dataHolder().kept().jsonl());
    InputException wrongParty = assertThrows(InputException.class,
        () -> KeptShares.read(platform, "platform.jsonl", policy, Party.INSURER));
    assertTrue(wrongParty.errors().get(0).toString().contains("these are the data_holder's kept shares"),
        wrongParty.errors().toString());
    String lines = one.insurer().kept().jsonl();
    Path cut = write("cut.jsonl", lines.substring(lines.indexOf('\n') + 1));
    InputException missing = assertThrows(InputException.class,
        () -> KeptShares.read(cut, "cut.jsonl", policy, Party.INSURER));
    assertTrue(missing.errors().get(0).toString().contains("person P1 has 15 of the 16 slots"), missing.errors().toString());
  }

  @Property(tries = 8, shrinking = ShrinkingMode.OFF)
  void randomPerCodeBatchesCutInTwoEqualPlaintext(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    long drugCap = 100 * random.nextInt(50_000);
    String drugPay = random.nextBoolean() ? "min(item.in_scope, max(0, drug_cap - drug_paid[item.code]))"
        : "item.in_scope";
    String where = random.nextBoolean() ? "" : " where item.special_drug";
    String text = "policy \"generated\" version 1\n"
        + "param drug_cap: money = " + money(drugCap) + "\n"
        + "state drug_paid: money by item.code\n"
        + "state paid_ytd: money\n"
        + "let drugs = sum(" + drugPay + " for item in claim.items" + where + ")\n"
        + "output payout = drugs to insurer\n"
        + "update paid_ytd = paid_ytd + drugs\n"
        + "update drug_paid[item.code] = drug_paid[item.code] + " + drugPay + " for item in claim.items" + where + "\n";
    CompiledPolicy policy = compile(text);
    int people = 1 + random.nextInt(4);
    StringBuilder csv = new StringBuilder(HEADER);
    for (int p = 0; p < people; p++) {
      List<String> cells = new ArrayList<>();
      for (String code : CODES) {
        if (random.nextInt(3) == 0) {
          cells.add(code + "=" + money(100L * random.nextInt(30_000)));
        }
      }
      csv.append("P").append(p).append(",false,2026-01-01,").append(String.join("|", cells)).append(",0.00\n");
    }
    InsuredFile insured = insured(policy, csv.toString());
    List<Claim> claims = new ArrayList<>();
    for (int c = 2 + random.nextInt(7); c > 0; c--) {
      List<LineItem> items = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        items.add(item(CODES[random.nextInt(CODES.length)], 100L * random.nextInt(100_000), random.nextBoolean()));
      }
      claims.add(claim("C" + claims.size(), "P" + random.nextInt(people), items.toArray(new LineItem[0])));
    }
    int cut = 1 + random.nextInt(claims.size() - 1);
    String context = "seed " + seed + ", cut at " + cut + "\n" + text + csv + claims;
    BatchResult plaintext = Evaluator.evaluate(policy, claims, insured, new long[0]);
    long sliceBudget = random.nextBoolean() ? 0 : 2_000 + random.nextInt(20_000);
    TwoPartySettlement.Sides one = settled(TwoPartySettlement.runWithKept(policy, claims.subList(0, cut), insured,
        sliceBudget, null, null));
    InsuredFile afterFirst = insured(policy, BatchResult.statesCsv(policy, insured, one.insurer().states()));
    TwoPartySettlement.Sides two = settled(TwoPartySettlement.runWithKept(policy, claims.subList(cut, claims.size()),
        afterFirst, sliceBudget, one.dataHolder().kept(), one.insurer().kept()));
    for (int c = 0; c < claims.size(); c++) {
      long got = c < cut ? one.insurer().outputs()[0][c] : two.insurer().outputs()[0][c - cut];
      assertEquals(plaintext.output(c, 0), got, context + "\nclaim " + c);
    }
    for (int r = 0; r < people; r++) {
      assertEquals(plaintext.state(r, 1), two.insurer().states()[1][r], context + "\npaid_ytd of record " + r);
    }
    // the values per code too, by the joint opening of the kept shares into the insurer's states file
    InsuredFile afterSecond = insured(policy, BatchResult.statesCsv(policy, afterFirst, two.insurer().states()));
    assertEquals(plaintext.statesCsv(), statesCsv(policy, KeptShares.opened(policy, afterSecond,
        two.dataHolder().kept(), two.insurer().kept())), context);
    assertEquals(0, two.insurer().stats().correlationsLeft(), context);
    assertEquals(0, two.dataHolder().stats().correlationsLeft(), context);
  }

  /** The states file of {@code insured} as it stands. */
  static String statesCsv(CompiledPolicy policy, InsuredFile insured) {
    long[][] states = new long[policy.stateNames().size()][insured.records().size()];
    for (int s = 0; s < states.length; s++) {
      for (int r = 0; r < states[s].length; r++) {
        states[s][r] = insured.records().get(r).state(s);
      }
    }
    return BatchResult.statesCsv(policy, insured, states);
  }

  static TwoPartySettlement.Sides settled(TwoPartySettlement.Sides sides) {
    assertNull(sides.dataHolderFailure());
    assertNull(sides.insurerFailure());
    return sides;
  }

  static Refusal refusal(TwoPartySettlement.Sides sides) {
    HandshakeSettlement.RefusedException refused = assertInstanceOf(HandshakeSettlement.RefusedException.class,
        sides.dataHolderFailure());
    assertInstanceOf(HandshakeSettlement.RefusedException.class, sides.insurerFailure());
    return refused.refusals().get(0);
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }
}
