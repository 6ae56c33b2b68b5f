package org.cosettle.policy;

import static org.cosettle.policy.InsuredFieldsGoldenTest.compile;
import static org.cosettle.policy.ItemCodeReversalsGoldenTest.claim;
import static org.cosettle.policy.ItemCodeReversalsGoldenTest.item;
import static org.cosettle.policy.ItemCodeStatesHandshakeTest.insured;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.cosettle.core.Claim;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.LineItem;
import org.cosettle.core.Party;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.engine.KeptShares;
import org.cosettle.mpc.engine.ShareLedger;
import org.cosettle.mpc.engine.TwoPartySettlement;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.policy.eval.ClaimBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reversal of an earlier batch's claim under states kept per item code in handshake mode: each
 * party's ledger of shares keeps its shares of every item row's increment (and the data holder
 * each row's code), so the reversal's rows carry them negated to the same codes, as rules-come-in
 * mode takes the claim back code by code from its claims ledger. Two batches through the files
 * (ledgers of shares and kept shares), worked by hand, equal to rules-come-in mode with its claims
 * ledger at both parties; per policy year across the anniversary; a record without the increments
 * per row refused naming the claim.
 */
class ItemCodeLedgerHandshakeTest {
  private static final String HEADER = "insured_id,preexisting,policy_start,drug_paid\n";

  @TempDir
  Path dir;

  @Test
  void aReversalOfAnEarlierBatchsClaimTakesBackEachCodeFromTheLedgersAsWorkedByHand() throws Exception {
    CompiledPolicy policy = compile(ItemCodeReversalsGoldenTest.POLICY); // 80% of each drug, 1,000.00 per drug
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,XL01XC=200.00\nP2,false,2026-01-01,\n");
    // A1: XL01XC 400.00 (800.00 left) and 400.00 of 560.00 (the cap reached), XL01XE 80.00; B1: 80.00
    List<Claim> first = List.of(
        claim("A1", "P1", 20_500, "", item("XL01XC", 50_000), item("XL01XC", 70_000), item("XL01XE", 10_000)),
        claim("B1", "P2", 20_500, "", item("XL01XC", 10_000)));
    // R1 (one item of its own: its rows are A1's, four of them) takes A1 back: XL01XC 200.00, XL01XE 0.00;
    // then A2 has 800.00 of XL01XC left (not 0.00) and A3 all 960.00 of XL01XE (not 920.00)
    List<Claim> second = List.of(
        claim("R1", "P1", 20_600, "A1", item("L04AB", 1_000)),
        claim("A2", "P1", 20_600, "", item("XL01XC", 150_000)),
        claim("A3", "P1", 20_600, "", item("XL01XE", 120_000)));
    Across across = acrossBatches(dir, policy, insured, first, second, UnaryOperator.identity());
    assertEquals("equal", across.outcome());
    assertEquals(List.of(-88_000L, 80_000L, 96_000L), payouts(across.plaintext()));
    assertEquals(HEADER + "P1,false,2026-01-01,XL01XC=1000.00|XL01XE=960.00\nP2,false,2026-01-01,XL01XC=80.00\n",
        across.plaintext().statesCsv());
    // R1's records: the two parties' shares of each row add up to A1's increments negated, on A1's codes
    ShareLedger.Entry mine = across.second().dataHolder().ledger().entries().get(2);
    ShareLedger.Entry theirs = across.second().insurer().ledger().entries().get(2);
    long[] rows = new long[4];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = mine.rowIncrements()[0][r] + theirs.rowIncrements()[0][r];
    }
    assertEquals(List.of(-40_000L, -40_000L, -8_000L, 0L), java.util.Arrays.stream(rows).boxed().toList());
    assertEquals(List.of("XL01XC", "XL01XC", "XL01XE"), java.util.Arrays.asList(mine.rowCodes()).subList(0, 3));
    assertNull(theirs.rowCodes());
  }

  /** The golden per-drug cap declared per policy_year, as both per-year golden cases take it. */
  static CompiledPolicy perYearPolicy() {
    return compile(ItemCodeReversalsGoldenTest.POLICY.replace("money by item.code", "money by item.code per policy_year"));
  }

  /** P1, in year 1 of a policy started on 2025-07-01, with 600.00 of drug XL01XC used. */
  static InsuredFile perYearInsured(CompiledPolicy policy) throws Exception {
    return insured(policy, "insured_id,preexisting,policy_start,drug_paid,policy_year\n"
        + "P1,false,2025-07-01,XL01XC=600.00,1\n");
  }

  @Test
  void aPerYearCodeOfAnEarlierBatchIsTakenBackOnlyWhileItsYearIsRecorded() throws Exception {
    CompiledPolicy policy = perYearPolicy();
    InsuredFile insured = perYearInsured(policy);
    List<Claim> first = List.of(
        dated("A1", "2026-06-01", "", item("XL01XC", 50_000)),    // year 1: 400.00 left, 1,000.00 used
        dated("A2", "2026-07-10", "", item("XL01XC", 25_000)));   // year 2 restarts: 200.00
    List<Claim> second = List.of(
        dated("R1", "2026-07-20", "A1", item("XL01XC", 1_000)),   // year 1 is closed: year 2 keeps 200.00
        dated("R2", "2026-07-20", "A2", item("XL01XC", 1_000)),   // year 2 is recorded: XL01XC back to 0.00
        dated("A3", "2026-08-01", "", item("XL01XC", 150_000)));  // the whole cap of year 2: 1,000.00
    Across across = acrossBatches(dir, policy, insured, first, second, UnaryOperator.identity());
    assertEquals("equal", across.outcome());
    // had R1 taken back year 1's 400.00 from year 2, A3 would be paid its whole 1,200.00
    assertEquals(List.of(-40_000L, -20_000L, 100_000L), payouts(across.plaintext()));
    assertTrue(across.plaintext().statesCsv().endsWith("P1,false,2025-07-01,XL01XC=1000.00,2\n"),
        across.plaintext().statesCsv());
  }

  @Test
  void aReversalsRowsHoldItsTargetsCodesNotItsOwnItemsInTheKeptSlots() throws Exception {
    CompiledPolicy policy = compile(ItemCodeReversalsGoldenTest.POLICY);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,\n");
    LineItem[] sixteen = new LineItem[16];
    for (int i = 0; i < sixteen.length; i++) {
      sixteen[i] = item("D" + i, 1_000 + i);
    }
    // A1 fills P1's 16 kept slots; R1's own item would be a 17th code, but its rows carry A1's codes
    List<Claim> first = List.of(claim("A1", "P1", 20_500, "", sixteen));
    List<Claim> second = List.of(claim("R1", "P1", 20_600, "A1", item("X99", 1_000)),
        claim("A2", "P1", 20_600, "", item("D3", 1_000)));
    Across across = acrossBatches(dir, policy, insured, first, second, UnaryOperator.identity());
    assertEquals("equal", across.outcome());
    assertEquals(List.of(-payouts(Evaluator.evaluate(policy, first, insured, new long[0])).get(0), 800L),
        payouts(across.plaintext()));
  }

  @Test
  void aRecordWithoutIncrementsPerRowIsRefusedNamingTheClaim() throws Exception {
    CompiledPolicy policy = compile(ItemCodeReversalsGoldenTest.POLICY);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,\n");
    List<Claim> first = List.of(claim("A0", "P1", 20_500, "", item("XL01XC", 1_000)));
    List<Claim> second = List.of(claim("R1", "P1", 20_600, "A0", item("XL01XC", 1_000)));
    // the records as a ledger written before the increments per row were kept
    Across old = acrossBatches(dir, policy, insured, first, second, ItemCodeLedgerHandshakeTest::withoutRows);
    Refusal refusal = assertInstanceOf(HandshakeSettlement.RefusedException.class, old.second().dataHolderFailure())
        .refusals().get(0);
    assertInstanceOf(HandshakeSettlement.RefusedException.class, old.second().insurerFailure());
    assertEquals(Refusal.Kind.REVERSAL, refusal.kind());
    assertEquals(List.of("R1"), refusal.claimIds());
    assertEquals("claim R1 reverses claim A0, which the data holder's ledger of shares data_holder.jsonl records"
        + " without its increments per item row (row_increments, row_codes): the policy's states kept per item"
        + " code are taken back code by code; settle this batch in rules-come-in mode", refusal.detail());
    // the control: the same files with the increments per row settle
    assertEquals("equal", acrossBatches(dir, policy, insured, first, second, UnaryOperator.identity()).outcome());
  }

  @Test
  void theInsurersLedgerRefusesItemCodesAndTheDataHoldersNeedsThem() throws Exception {
    CompiledPolicy policy = compile(ItemCodeReversalsGoldenTest.POLICY);
    InsuredFile insured = insured(policy, HEADER + "P1,false,2026-01-01,\n");
    TwoPartySettlement.Sides one = TwoPartySettlement.runWithLedgersAndKept(policy, List.of(claim("A0", "P1", 20_500,
        "", item("XL01XC", 1_000))), insured, ShareLedger.empty(policy, Party.DATA_HOLDER),
        ShareLedger.empty(policy, Party.INSURER), null, null, UnaryOperator.identity());
    String insurer = one.insurer().ledger().jsonl();
    String platform = one.dataHolder().ledger().jsonl();
    assertTrue(platform.contains("\"row_codes\":[\"XL01XC\"]"), platform);
    Path file = dir.resolve("planted.jsonl");
    Files.writeString(file, insurer.replace("}}", "},\"row_codes\":[\"XL01XC\"]}"));
    InputException planted = assertThrows(InputException.class, () -> ShareLedger.read(file, "planted.jsonl", policy,
        Party.INSURER));
    assertTrue(planted.getMessage().contains("the insurer's ledger of shares never holds item codes"),
        planted.getMessage());
    Files.writeString(file, platform.replaceAll(",\"row_codes\":\\[[^]]*]", ""));
    InputException missing = assertThrows(InputException.class, () -> ShareLedger.read(file, "lost.jsonl", policy,
        Party.DATA_HOLDER));
    assertTrue(missing.getMessage().contains("row_codes"), missing.getMessage());
  }

  /** Two batches settled in both modes through their files; {@code outcome} "equal" or what differs. */
  record Across(String outcome, TwoPartySettlement.Sides second, BatchResult plaintext) {}

  /**
   * Settles {@code first}, then {@code second} (files in {@code dir}), in rules-come-in mode through its claims ledger and in
   * handshake mode through each party's ledger of shares and kept shares, all read back from files
   * ({@code edit} rewrites both ledgers of shares' text before they are read); compares the second
   * batch's outputs at both parties and the states after both, opened, with rules-come-in mode's.
   */
  static Across acrossBatches(Path dir, CompiledPolicy policy, InsuredFile insured, List<Claim> first, List<Claim> second,
      UnaryOperator<String> edit) throws Exception {
    BatchResult plaintext;
    try {
      BatchResult before = Evaluator.evaluate(policy, first, insured, new long[0]);
      Path file = dir.resolve("claims.jsonl");
      Files.writeString(file, ClaimLedger.empty(policy).after(before).jsonl());
      ClaimLedger ledger = ClaimLedger.read(file, "claims.jsonl", policy);
      plaintext = Evaluator.evaluate(policy, ClaimBatch.of(second, insured(policy, before.statesCsv()),
          ledger.records(), ledger.name()), PrivateValues.of(new long[0]), 1);
    } catch (EvaluationException e) {
      plaintext = null;
    }
    TwoPartySettlement.Sides one = TwoPartySettlement.runWithLedgersAndKept(policy, first, insured,
        ShareLedger.empty(policy, Party.DATA_HOLDER), ShareLedger.empty(policy, Party.INSURER), null, null,
        UnaryOperator.identity());
    if (one.dataHolderFailure() != null || one.insurerFailure() != null) {
      Throwable failure = one.dataHolderFailure() != null ? one.dataHolderFailure() : one.insurerFailure();
      return new Across(plaintext == null && failure instanceof HandshakeSettlement.RefusedException
          ? "both reject a batch" : "the first batch: a party failed: " + failure, one, plaintext);
    }
    InsuredFile between = insured(policy, BatchResult.statesCsv(policy, KeptShares.recordedAfter(policy, insured,
        one.insurer().states()), one.insurer().states()));
    TwoPartySettlement.Sides two = TwoPartySettlement.runWithLedgersAndKept(policy, second, between,
        throughFile(dir, one.dataHolder().ledger().jsonl(), edit, policy, Party.DATA_HOLDER),
        throughFile(dir, one.insurer().ledger().jsonl(), edit, policy, Party.INSURER),
        throughFile(dir, one.dataHolder().kept().jsonl(), policy, Party.DATA_HOLDER),
        throughFile(dir, one.insurer().kept().jsonl(), policy, Party.INSURER), UnaryOperator.identity());
    if (two.dataHolderFailure() != null || two.insurerFailure() != null) {
      Throwable failure = two.dataHolderFailure() != null ? two.dataHolderFailure() : two.insurerFailure();
      return new Across(plaintext == null && failure instanceof HandshakeSettlement.RefusedException
          ? "both reject a batch" : "the second batch: a party failed: " + failure, two, plaintext);
    }
    if (plaintext == null) {
      return new Across("handshake mode settled batches rules-come-in mode rejects", two, null);
    }
    List<String> differences = new ArrayList<>();
    for (int o = 0; o < policy.outputs().size(); o++) {
      for (Party party : Party.values()) {
        long[] got = party == Party.INSURER ? two.insurer().outputs()[o] : two.dataHolder().outputs()[o];
        for (int c = 0; got != null && c < second.size(); c++) {
          if (got[c] != plaintext.output(c, o)) {
            differences.add(party + ": claim " + second.get(c).id() + " output " + policy.outputs().get(o).name()
                + ": expected " + plaintext.output(c, o) + " got " + got[c]);
          }
        }
      }
    }
    if (one.insurer().stats().correlationsLeft() != 0 || two.insurer().stats().correlationsLeft() != 0
        || two.dataHolder().stats().correlationsLeft() != 0) {
      differences.add("correlations left over");
    }
    InsuredFile after = KeptShares.recordedAfter(policy, between, two.insurer().states());
    String states = BatchResult.statesCsv(policy, KeptShares.opened(policy, after, two.dataHolder().kept(),
        two.insurer().kept()), two.insurer().states());
    if (!states.equals(plaintext.statesCsv())) {
      differences.add("states after both batches: expected\n" + plaintext.statesCsv() + "got\n" + states);
    }
    return new Across(differences.isEmpty() ? "equal" : String.join("\n", differences), two, plaintext);
  }

  private static ShareLedger throughFile(Path dir, String jsonl, UnaryOperator<String> edit, CompiledPolicy policy, Party party)
      throws Exception {
    Path file = dir.resolve(party == Party.INSURER ? "insurer.jsonl" : "data_holder.jsonl");
    Files.writeString(file, edit.apply(jsonl));
    return ShareLedger.read(file, file.getFileName().toString(), policy, party);
  }

  private static KeptShares throughFile(Path dir, String jsonl, CompiledPolicy policy, Party party) throws Exception {
    Path file = dir.resolve(party == Party.INSURER ? "insurer-kept.jsonl" : "data_holder-kept.jsonl");
    Files.writeString(file, jsonl);
    return KeptShares.read(file, file.getFileName().toString(), policy, party);
  }

  /** A ledger of shares as written before its records kept increments per item row. */
  static String withoutRows(String jsonl) {
    StringBuilder out = new StringBuilder();
    for (String line : jsonl.lines().toList()) {
      try {
        ObjectNode record = (ObjectNode) LedgerLines.MAPPER.readTree(line);
        record.remove(List.of("row_increments", "row_codes"));
        out.append(record).append('\n');
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return out.toString();
  }

  static List<Long> payouts(BatchResult r) {
    List<Long> out = new ArrayList<>();
    for (int c = 0; c < r.claimCount(); c++) {
      out.add(r.output(c, 0));
    }
    return out;
  }

  static Claim dated(String id, String admitted, String reverses, LineItem... items) {
    return claim(id, "P1", (int) java.time.LocalDate.parse(admitted).toEpochDay(), reverses, items);
  }
}
