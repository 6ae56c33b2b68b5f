package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.cosettle.core.Claim;
import org.cosettle.core.InputException;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.Party;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.engine.ShareLedger;
import org.cosettle.mpc.engine.TwoPartySettlement;
import org.cosettle.mpc.plan.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reversals under a state declared {@code per policy_year} in handshake mode: the hand-worked batch
 * of {@link ReversalsGoldenTest} across an anniversary (a reversal within the year its increment
 * went into takes it back, one after that year closed pays back only), whole and cut in two
 * through both parties' ledgers of shares written to files; a ledger record without its policy
 * year (as written before handshake mode kept it) is refused naming the claim.
 */
public class YearlyReversalsHandshakeTest {
  private static final String POLICY = """
      policy "yearly" version 1
      param cap: money = 1000.00
      state paid: money per policy_year
      output payout = min(claim.total, max(0, cap - paid)) to insurer
      update paid = paid + payout
      """;

  @TempDir Path tmp;

  /** A cap of 1,000.00 per policy year. */
  public static CompiledPolicy policy() {
    return InsuredFieldsGoldenTest.compile(POLICY);
  }

  /** P1 started on 2025-07-01 with 600.00 of year 1's cap used. */
  public static InsuredFile insured(CompiledPolicy policy) {
    return InsuredFile.of(policy.insuredFields(), policy.stateColumns(), List.of(new InsuredRecord("P1", false,
        ReversalsGoldenTest.day("2025-07-01"), new long[] {60_000, 1})));
  }

  /** Claims before and after P1's anniversary, and reversals within and after the year. */
  public static List<Claim> batch() {
    return List.of(
        ReversalsGoldenTest.visit("A1", "P1", 30_000, "2026-06-01", ""),    // year 1: 300.00
        ReversalsGoldenTest.visit("A2", "P1", 50_000, "2026-07-10", ""),    // year 2 restarts: 500.00
        ReversalsGoldenTest.visit("R2", "P1", 50_000, "2026-07-10", "A2"),  // year 2 recorded: back to 0.00
        ReversalsGoldenTest.visit("R1", "P1", 30_000, "2026-06-01", "A1"),  // year 1 closed: 0.00 stays
        ReversalsGoldenTest.visit("A3", "P1", 120_000, "2026-08-01", "")); // year 2's whole cap
  }

  @Test
  void aPerYearStateIsTakenBackOnlyWithinItsYearInOneBatch() throws Exception {
    CompiledPolicy policy = policy();
    TwoPartySettlement.Sides sides = TwoPartySettlement.runWith(policy, batch(), insured(policy), new long[0], null, 0,
        UnaryOperator.identity());
    assertNull(sides.dataHolderFailure());
    assertNull(sides.insurerFailure());
    assertArrayEquals(new long[] {30_000, 50_000, -50_000, -30_000, 100_000}, sides.insurer().outputs()[0]);
    // the years' equalities and selections were made offline exactly as the online phase took them
    assertEquals(0, sides.dataHolder().stats().correlationsLeft());
    assertEquals(0, sides.insurer().stats().correlationsLeft());
    assertArrayEquals(new long[] {100_000}, sides.insurer().states()[0]);
    assertArrayEquals(new long[] {2}, sides.insurer().states()[1]);
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(policy, new BatchGenerator.Batch(batch(),
        insured(policy), new long[0]), problem -> problem));
  }

  @Test
  void aPerYearStateIsTakenBackOnlyWithinItsYearThroughTheLedgersOfShares() throws Exception {
    CompiledPolicy policy = policy();
    InsuredFile before = insured(policy);
    TwoPartySettlement.Sides first = firstBatch(policy, before);
    ShareLedger platform = throughFile(first.dataHolder().ledger(), policy, Party.DATA_HOLDER);
    ShareLedger insurer = throughFile(first.insurer().ledger(), policy, Party.INSURER);
    // the years A1's and A2's increments went into, and A2's increment counted from the restart
    assertEquals(List.of(1L, 2L), List.of(platform.entries().get(0).policyYear() + insurer.entries().get(0).policyYear(),
        platform.entries().get(1).policyYear() + insurer.entries().get(1).policyYear()));
    assertEquals(50_000L, platform.entries().get(1).increments()[0] + insurer.entries().get(1).increments()[0]);
    InsuredFile after = ReversalsHandshakeTest.between(policy, before, first.insurer().states());
    TwoPartySettlement.Sides second = TwoPartySettlement.runWithLedgers(policy, batch().subList(2, 5), after,
        PrivateValues.of(new long[0]), 0, platform, insurer);
    assertNull(second.dataHolderFailure());
    assertNull(second.insurerFailure());
    assertArrayEquals(new long[] {-50_000, -30_000, 100_000}, second.insurer().outputs()[0]);
    assertEquals(0, second.dataHolder().stats().correlationsLeft());
    assertEquals(0, second.insurer().stats().correlationsLeft());
    assertArrayEquals(new long[] {100_000}, second.insurer().states()[0]);
    assertArrayEquals(new long[] {2}, second.insurer().states()[1]);
    // a reversal's record keeps the year recorded when it was settled, and takes nothing from a closed year
    ShareLedger.Entry r1Platform = second.dataHolder().ledger().entries().get(3);
    ShareLedger.Entry r1Insurer = second.insurer().ledger().entries().get(3);
    assertEquals("A1", r1Insurer.reverses());
    assertEquals(2L, r1Platform.policyYear() + r1Insurer.policyYear());
    assertEquals(0L, r1Platform.increments()[0] + r1Insurer.increments()[0]);
  }

  @Test
  void aLedgerRecordWithoutItsPolicyYearIsRefusedNamingTheClaim() throws Exception {
    CompiledPolicy policy = policy();
    InsuredFile before = insured(policy);
    TwoPartySettlement.Sides first = firstBatch(policy, before);
    ShareLedger platform = withoutYears(first.dataHolder().ledger(), policy, Party.DATA_HOLDER);
    ShareLedger insurer = withoutYears(first.insurer().ledger(), policy, Party.INSURER);
    assertNull(platform.entries().get(0).policyYear());
    InsuredFile after = ReversalsHandshakeTest.between(policy, before, first.insurer().states());
    TwoPartySettlement.Sides second = TwoPartySettlement.runWithLedgers(policy, batch().subList(2, 3), after,
        PrivateValues.of(new long[0]), 0, platform, insurer);
    HandshakeSettlement.RefusedException atDataHolder =
        assertInstanceOf(HandshakeSettlement.RefusedException.class, second.dataHolderFailure());
    assertInstanceOf(HandshakeSettlement.RefusedException.class, second.insurerFailure());
    Refusal refusal = atDataHolder.refusals().get(0);
    assertEquals(Refusal.Kind.REVERSAL, refusal.kind());
    assertEquals(List.of("R2"), refusal.claimIds());
    assertEquals("claim R2 reverses claim A2, which the data holder's ledger of shares DATA_HOLDER.jsonl records"
        + " without its policy_year: the policy's per-year states are taken back only within the year a claim's"
        + " increments went into; settle this batch in rules-come-in mode", refusal.detail());
    // the control: the same records with their years settle the reversal
    TwoPartySettlement.Sides matched = TwoPartySettlement.runWithLedgers(policy, batch().subList(2, 3), after,
        PrivateValues.of(new long[0]), 0, first.dataHolder().ledger(), first.insurer().ledger());
    assertNull(matched.dataHolderFailure());
    assertArrayEquals(new long[] {-50_000}, matched.insurer().outputs()[0]);
  }

  @Test
  void aPolicyYearShareIsReadOnlyForAPolicyWithPerYearStates() throws Exception {
    CompiledPolicy plain = InsuredFieldsGoldenTest.compile(POLICY.replace(" per policy_year", ""));
    Path file = tmp.resolve("plain.jsonl");
    Files.writeString(file, "{\"claim_id\":\"A1\",\"insured_id\":\"P1\",\"reverses\":\"\",\"party\":\"insurer\","
        + "\"batch\":\"x\",\"outputs\":{\"payout\":\"0000000000000001\"},\"increments\":{\"paid\":\"0000000000000001\"},"
        + "\"policy_year\":\"0000000000000001\"}\n");
    InputException e = assertThrows(InputException.class, () -> ShareLedger.read(file, "plain.jsonl", plain,
        Party.INSURER));
    assertEquals(true, e.getMessage().contains("policy_year: the policy has no state per policy_year"), e.getMessage());
    Files.writeString(file, Files.readString(file).replace("\"0000000000000001\"}\n", "\"1\"}\n"));
    e = assertThrows(InputException.class, () -> ShareLedger.read(file, "plain.jsonl", policy(), Party.INSURER));
    assertEquals(true, e.getMessage().contains("policy_year: expected a share as 16 hex digits"), e.getMessage());
  }

  /** A1 and A2 settled with empty ledgers of shares at both parties. */
  private static TwoPartySettlement.Sides firstBatch(CompiledPolicy policy, InsuredFile before) throws Exception {
    TwoPartySettlement.Sides first = TwoPartySettlement.runWithLedgers(policy, batch().subList(0, 2), before,
        PrivateValues.of(new long[0]), 0, ShareLedger.empty(policy, Party.DATA_HOLDER),
        ShareLedger.empty(policy, Party.INSURER));
    assertNull(first.dataHolderFailure());
    return first;
  }

  private ShareLedger throughFile(ShareLedger ledger, CompiledPolicy policy, Party party) throws Exception {
    Path file = tmp.resolve(party + ".jsonl");
    Files.writeString(file, ledger.jsonl());
    ShareLedger read = ShareLedger.read(file, party + ".jsonl", policy, party);
    assertNotNull(read.entries().get(0).policyYear());
    return read;
  }

  /** {@code ledger} through a file with its records' {@code policy_year} removed, as an older ledger wrote them. */
  private ShareLedger withoutYears(ShareLedger ledger, CompiledPolicy policy, Party party) throws Exception {
    Path file = tmp.resolve(party + ".jsonl");
    Files.writeString(file, ledger.jsonl().replaceAll("},\"policy_year\":\"[0-9a-f]{16}\"}", "}}"));
    return ShareLedger.read(file, party + ".jsonl", policy, party);
  }
}
