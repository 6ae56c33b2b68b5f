package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.mpc.engine.TwoPartySettlement;
import org.junit.jupiter.api.Test;

/**
 * The cumulative form of {@code tiered} in handshake mode on the hand-worked batch of
 * {@code EvaluatorGoldenTest}: a band crossed inside one claim and across two claims, with the
 * running total a state on shares (a private band rate keeps the bands joint).
 */
class CumulativeBandsHandshakeTest {
  private static final String POLICY = """
      policy "cumulative bands" version 1
      private param upper_rate: ratio
      state in_scope_ytd: money
      let x = claim.in_scope
      output payout = tiered(x, [0: 60%, 500.00: upper_rate], from in_scope_ytd) to insurer, data_holder
      update in_scope_ytd = in_scope_ytd + x
      """;

  @Test
  void handshakeSettlesTheHandWorkedBatchExactly() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("cumulative.cpl", POLICY)).policy();
    List<Claim> claims = List.of(EvaluatorGoldenTest.claim("A1", "P1", 30_000),
        EvaluatorGoldenTest.claim("B1", "P2", 40_000), EvaluatorGoldenTest.claim("A2", "P1", 30_000),
        EvaluatorGoldenTest.claim("A3", "P1", 10_001), EvaluatorGoldenTest.claim("B2", "P2", 33_333));
    InsuredFile insured = InsuredFile.of(policy.stateNames(), List.of(
        new InsuredRecord("P1", false, 20_000, new long[] {0}),
        new InsuredRecord("P2", false, 20_000, new long[] {45_000})));
    long[] params = {8_000};
    TwoPartySettlement.Sides sides = TwoPartySettlement.runWith(policy, claims, insured, params, null, 0,
        java.util.function.UnaryOperator.identity());
    long[] expected = {18_000, 31_000, 20_000, 8_001, 26_666};
    for (int c = 0; c < expected.length; c++) {
      assertEquals(expected[c], sides.insurer().outputs()[0][c], "claim " + c + " at the insurer");
      assertEquals(expected[c], sides.dataHolder().outputs()[0][c], "claim " + c + " at the data holder");
    }
    assertEquals(70_001, sides.insurer().states()[0][0]);
    assertEquals(118_333, sides.insurer().states()[0][1]);
    String outcome = HandshakePropertyTest.settleAndCompare(policy,
        new BatchGenerator.Batch(claims, insured, params), problem -> problem);
    assertEquals(false, outcome.startsWith("refused"), outcome);
  }
}
