package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.mpc.plan.Planner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state shared by a family that needs both parties' values (so the family runs as a chain)
 * beside a per-person state per policy year that no update changes, in handshake mode: found by
 * {@code HandshakePropertyTest}'s keyed states with int states (seed -713213381: a count of the
 * family's items where the insurer's private flag holds), where both parties stopped on a NullPointerException
 * keeping the policy year of the claims' increments. Money (the claim's total) and int (the
 * hospital's level), with and without a reversal, whole and cut in two through the ledgers of
 * shares: every figure as in plaintext mode. Two members of family F1, started on 2025-07-14, in
 * year 2 with 18 counted; the flag is set.
 */
class TypedFamilyStatesHandshakeTest {
  @TempDir Path dir;

  /** The policy: the family's state of {@code type} raised by {@code step} where the insurer's {@code counted} holds. */
  static String policy(String type, String step) {
    return "policy \"family-count\" version 1\n"
        + "private param counted: bool\n"
        + "insured field family: id\n"
        + "state family_claims: " + type + " by insured.family\n"
        + "state used: money per policy_year\n"
        + "output pays = claim.total to insurer\n"
        + "update family_claims = family_claims + (if counted then " + step + " else 0)\n";
  }

  private InsuredFile insured(CompiledPolicy policy, String count) throws Exception {
    Path file = Files.writeString(dir.resolve("insured.csv"), "insured_id,preexisting,policy_start,family,"
        + "family_claims,used,policy_year\nP1,false,2025-07-14,F1," + count + ",0.00,2\nP2,false,2025-07-14,F1," + count
        + ",0.00,2\n");
    return InsuredFile.read(file, "insured.csv", policy.insuredFields(), policy.stateColumns(), 100);
  }

  private static Claim visit(String id, String insuredId, String admitted, String reverses) {
    return FamilyYearsGoldenTest.visit(id, insuredId, 100_000, admitted, reverses);
  }

  @ParameterizedTest
  @ValueSource(strings = {"int", "money"})
  void aFamilyStateOfBothPartiesBesideAPerYearStateSettlesAsInPlaintextMode(String type) throws Exception {
    boolean count = type.equals("int");
    CompiledPolicy policy = InsuredFieldsGoldenTest.compile(policy(type, count ? "claim.hospital_level" : "claim.total"));
    assertEquals(List.of(), Planner.plan(policy).refusals());
    InsuredFile before = insured(policy, count ? "18" : "18.00");
    List<Claim> claims = List.of(visit("A1", "P1", "2026-09-05", ""), visit("B1", "P2", "2026-07-20", ""),
        visit("A2", "P1", "2026-08-01", ""));
    BatchResult plaintext = Evaluator.evaluate(policy, claims, before, new long[] {1});
    // three claims at hospital level 2 on top of 18: 24, or 18.00 + 3 × 1,000.00
    assertEquals(count ? 24 : 300_000 + 1_800, plaintext.state(0, 0));
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(policy, new BatchGenerator.Batch(claims, before,
        new long[] {1}), problem -> problem));

    List<Claim> reversed = List.of(visit("A1", "P1", "2026-09-05", ""), visit("B1", "P2", "2026-07-20", ""),
        visit("R1", "P2", "2026-07-20", "B1"), visit("A2", "P1", "2026-08-01", ""));
    BatchGenerator.Batch batch = new BatchGenerator.Batch(reversed, before, new long[] {1});
    assertEquals(count ? 22 : 200_000 + 1_800, Evaluator.evaluate(policy, reversed, before, new long[] {1}).state(0, 0),
        "R1 takes B1 off the family's state");
    assertEquals("equal", HandshakePropertyTest.settleAndCompare(policy, batch, problem -> problem));
    // cut after B1: R1 takes back a claim of the earlier batch through both parties' ledgers of shares
    assertEquals("equal, reversing the first batch (per-year states)",
        HandshakeReversalsPropertyTest.acrossTwo("family-count " + type, policy, batch, new FixedCut(2), 0));
  }

  /** A {@link Random} whose every draw below a bound is {@code at} (clamped): the cut at a chosen place. */
  private static final class FixedCut extends Random {
    private static final long serialVersionUID = 1L;
    private final int at;

    FixedCut(int at) {
      this.at = at;
    }

    @Override
    public int nextInt(int bound) {
      return Math.min(at, bound - 1);
    }
  }
}
