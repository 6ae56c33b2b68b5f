package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.engine.ShareLedger;
import org.cosettle.mpc.engine.TwoPartySettlement;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Planner;

/**
 * Batches with reversals in handshake mode against the plaintext evaluator, on random policies
 * ({@link HandshakePropertyTest#generate}) and random batches with reversals put in ({@link
 * BatchGenerator#withReversals}): every output, state and aggregate row equal to the unit, a batch
 * the plaintext evaluator rejects refused. Every other batch is cut into small slices, so that
 * slices with and without reversals (layers and prefix runs) meet in one batch. Policies with
 * states declared per policy_year or shared by a family take part (their batches cross
 * anniversaries), per-year states whose update one party computes alone among them (the planner
 * keeps them on shares); family policies with reversals: {@link FamilyChainPropertyTest}.
 */
class HandshakeReversalsPropertyTest {
  @Property(tries = 80, shrinking = ShrinkingMode.OFF)
  void batchesWithReversalsSettleAsInPlaintextMode(@ForAll long seed) throws Exception {
    String outcome = "failed";
    try {
      HandshakePropertyTest.Generated generated = HandshakePropertyTest.generate(seed);
      if (generated.compiled() == null) {
        outcome = "rejected by check";
        return;
      }
      BatchGenerator.Batch batch = BatchGenerator.withReversals(new Random(seed * 31), generated.batch());
      long budget = (seed & 1) == 0 ? 0 : 20_000;
      outcome = HandshakePropertyTest.settleAndCompare(generated.compiled(), batch, problem -> ReferencePropertyTest
          .report("seed " + seed + " with reversals", generated.policy(), batch, problem), budget).outcome();
      if (outcome.equals("refused: REVERSAL") && !refusesReversals(generated.compiled())) {
        throw new AssertionError(ReferencePropertyTest.report("seed " + seed + " with reversals", generated.policy(),
            batch, "a reversal refused under a policy whose states handshake mode takes back"));
      }
      if (batch.claims().stream().anyMatch(Claim::isReversal)) {
        outcome += yearly(generated.compiled()) ? " (with reversals, per-year states)" : " (with reversals)";
      }
    } finally {
      Statistics.label("outcome").collect(outcome);
    }
  }

  /**
   * The same batches cut in two, the second settled in handshake mode with both parties' ledgers of
   * shares the first wrote: every output of the second and every state after it equal to the
   * plaintext evaluator's over the whole batch (a reversal of an earlier batch's claim is the
   * reversal of the same claim in one batch).
   */
  @Property(tries = 40, shrinking = ShrinkingMode.OFF)
  void reversalsAcrossTwoBatchesSettleAsInOne(@ForAll long seed) throws Exception {
    String outcome = "failed";
    try {
      outcome = acrossTwo(seed);
    } finally {
      Statistics.label("outcome").collect(outcome);
    }
  }

  /**
   * Where to cut {@code claims} in two: where some reversal of the second part takes back a claim
   * of the first, when there is such a place (picked at random among them), else anywhere.
   */
  static int cut(List<Claim> claims, Random rnd) {
    java.util.Map<String, Integer> at = new java.util.HashMap<>();
    List<Integer> across = new java.util.ArrayList<>();
    for (int c = 0; c < claims.size(); c++) {
      at.put(claims.get(c).id(), c);
      Integer target = claims.get(c).isReversal() ? at.get(claims.get(c).reverses()) : null;
      for (int k = target == null ? c + 1 : target + 1; k <= c; k++) {
        across.add(k);
      }
    }
    return across.isEmpty() ? rnd.nextInt(claims.size() + 1) : across.get(rnd.nextInt(across.size()));
  }

  static String acrossTwo(long seed) throws Exception {
    HandshakePropertyTest.Generated generated = HandshakePropertyTest.generate(seed);
    if (generated.compiled() == null) {
      return "rejected by check";
    }
    CompiledPolicy policy = generated.compiled();
    BatchGenerator.Batch batch = BatchGenerator.withReversals(new Random(seed * 31), generated.batch());
    if (batch.claims().stream().anyMatch(Claim::isReversal) && refusesReversals(policy)) {
      // ReversalsHandshakeTest shows the refusal
      return "reversals of per-year states off shares: refused in handshake mode";
    }
    return acrossTwo("seed " + seed, policy, batch, new Random(seed), seed);
  }

  /**
   * {@code batch} under {@code policy} cut in two (at random by {@code rnd}, where a reversal of the
   * second part takes back a claim of the first when it can), the second settled with both parties'
   * ledgers of shares the first wrote: every output of the second and every state after it equal to
   * the plaintext evaluator's over the whole batch; {@code name} names the case in a failure.
   */
  static String acrossTwo(String name, CompiledPolicy policy, BatchGenerator.Batch batch, Random rnd, long seed)
      throws Exception {
    BatchResult whole;
    try {
      whole = Evaluator.evaluate(policy, batch.claims(), batch.insured(), batch.values());
    } catch (EvaluationException e) {
      return "rejected whole";
    }
    int cut = cut(batch.claims(), rnd);
    List<Claim> first = batch.claims().subList(0, cut);
    List<Claim> second = batch.claims().subList(cut, batch.claims().size());
    TwoPartySettlement.Sides one = TwoPartySettlement.runWithLedgers(policy, first, batch.insured(), batch.values(), 0,
        ShareLedger.empty(policy, Party.DATA_HOLDER), ShareLedger.empty(policy, Party.INSURER));
    if (one.dataHolderFailure() instanceof HandshakeSettlement.RefusedException) {
      return "refused: " + ((HandshakeSettlement.RefusedException) one.dataHolderFailure()).refusals().get(0).kind();
    }
    String where = name + " cut at " + cut;
    assertNull(one.dataHolderFailure(), where);
    assertLedgersOpenTo(() -> where, policy, whole, first, one.dataHolder().ledger(), one.insurer().ledger());
    InsuredFile between = ReversalsHandshakeTest.between(policy, batch.insured(), one.insurer().states());
    TwoPartySettlement.Sides two = TwoPartySettlement.runWithLedgers(policy, second, between, batch.values(),
        (seed & 1) == 0 ? 0 : 20_000, one.dataHolder().ledger(), one.insurer().ledger());
    assertNull(two.dataHolderFailure(), where);
    assertNull(two.insurerFailure(), where);
    for (int o = 0; o < policy.outputs().size(); o++) {
      CompiledPolicy.Output out = policy.outputs().get(o);
      for (int c = 0; c < second.size(); c++) {
        long want = whole.output(cut + c, o);
        if (out.isFor(Party.INSURER)) {
          assertEquals(want, two.insurer().outputs()[o][c], where + " claim " + second.get(c).id() + " " + out.name());
        }
        if (out.isFor(Party.DATA_HOLDER)) {
          assertEquals(want, two.dataHolder().outputs()[o][c], where + " claim " + second.get(c).id() + " " + out.name());
        }
      }
    }
    for (int r = 0; r < batch.insured().records().size(); r++) {
      for (int s = 0; s < policy.stateNames().size(); s++) {
        assertEquals(whole.state(r, s), two.insurer().states()[s][r], where + " record " + r + " state " + s);
      }
    }
    return (second.stream().anyMatch(c -> c.isReversal() && first.stream().anyMatch(f -> f.id().equals(c.reverses())))
        ? "equal, reversing the first batch" : "equal") + (yearly(policy) ? " (per-year states)" : "");
  }

  /**
   * The two parties' ledgers of shares of the {@code first} claims of a batch (settled before the
   * rest) open, record by record, to the plaintext evaluator's increments over the {@code whole}
   * batch: every money or int state not kept per item code (a bool state's part is 0), the states
   * holding a policy year the year the claim's increments went into, and {@code policy_year}, when
   * recorded, that year too.
   */
  static void assertLedgersOpenTo(java.util.function.Supplier<String> where, CompiledPolicy policy, BatchResult whole,
      List<Claim> first, ShareLedger dataHolder, ShareLedger insurer) {
    List<org.cosettle.policy.ir.Ir.StateUpdate> updates = policy.program().updates();
    for (int c = 0; c < first.size(); c++) {
      ShareLedger.Entry mine = dataHolder.entries().get(c);
      ShareLedger.Entry theirs = insurer.entries().get(c);
      String id = first.get(c).id();
      assertEquals(id, mine.claimId(), where);
      assertEquals(id, theirs.claimId(), where);
      for (org.cosettle.policy.ir.Ir.StateUpdate u : updates) {
        int s = u.stateIndex();
        if (u.byItemCode() || u.op() >= 0 && policy.program().ops().get(u.op()).type() == Type.BOOL) {
          continue;
        }
        assertEquals(whole.increment(c, s), mine.increments()[s] + theirs.increments()[s],
            () -> where.get() + ": ledger record of claim " + id + ", increment of state " + u.name());
      }
      if (mine.policyYear() != null) {
        assertEquals(whole.increment(c, updates.size() - 1), mine.policyYear() + theirs.policyYear(),
            () -> where.get() + ": ledger record of claim " + id + ", policy year");
      }
    }
  }

  /**
   * Whether handshake mode refuses a reversal under {@code policy}: it updates a money or int state
   * per policy_year that is not on shares (one party could not tell a restart; the planner keeps
   * every such state on shares, so none should be).
   */
  private static boolean refusesReversals(CompiledPolicy policy) {
    Plan plan = Planner.plan(policy);
    return policy.program().updates().stream().anyMatch(u -> u.op() >= 0 && !u.byItemCode()
        && u.perPolicyYear() && !plan.stateShared(u.stateIndex()) && policy.program().ops().get(u.op()).type()
        != Type.BOOL);
  }

  /** Whether {@code policy} updates a state declared per policy_year. */
  private static boolean yearly(CompiledPolicy policy) {
    return policy.program().updates().stream().anyMatch(u -> u.op() >= 0 && u.perPolicyYear());
  }
}
