package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.cosettle.mpc.plan.AggregateCosts;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.policy.ir.Ir;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hospital-aggregate policy's payout, max(0, burden − deductible) · insurer_ratio rounded to
 * the fen, takes its sign from the insurer's ratio ({@link SecureEvaluator#signFactor}) and equals
 * the plaintext evaluator's for ratios of either sign, halves (ties at odd fen) and the
 * declared range's ends, with every correlation made used.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class OwnSignRoundingTest {
  @ParameterizedTest(name = "insurer_ratio = {0} / 10000")
  @ValueSource(longs = {-6500, 5000, -5000, -100_000, 100_000})
  void payoutsEqualThePlaintextEvaluatorsForEverySignOfTheRatio(long ratio) throws Exception {
    HandshakeSettlementTest.Case loaded = HeAggregatesTest.withOwnedKeys("hospital-totals", 0);
    HandshakeSettlementTest.Case c = new HandshakeSettlementTest.Case(loaded.policy(), loaded.claims(),
        loaded.insured(), new long[] {ratio});
    Plan plan = Planner.plan(c.policy()).forBatch(c.claims().size(), 7, AggregateCosts.LinkKind.WAN,
        AggregateCosts.Construction.HE_INNER_PRODUCTS);
    long rounded = plan.program().ops().stream()
        .filter(op -> op.code() == Ir.Opcode.ROUND4 && SecureEvaluator.signFactor(plan, op) >= 0).count();
    assertEquals(1, rounded, "the payout's rounding takes the ratio's sign");
    HeAggregatesTest.assertEqualToPlaintext(c, TwoPartySettlement.runWith(c.policy(), c.claims(), c.insured(),
        c.params(), AggregateCosts.Construction.HE_INNER_PRODUCTS, 0, UnaryOperator.identity()));
  }
}
