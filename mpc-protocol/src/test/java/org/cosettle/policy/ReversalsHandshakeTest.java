package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.engine.TwoPartySettlement;
import org.cosettle.mpc.plan.Refusal;
import org.junit.jupiter.api.Test;

/**
 * Handshake mode refuses a batch holding a reversal at both parties before anything secret moves,
 * and settles the same batch without the reversal (the control: the refusal is the reversal's).
 */
class ReversalsHandshakeTest {
  @Test
  void aBatchWithAReversalIsRefusedAtBothParties() throws Exception {
    CompiledPolicy policy = Policies.compile(new Source("reversals.cpl", ReversalsGoldenTest.POLICY)).policy();
    InsuredFile insured = InsuredFile.of(policy.stateNames(), List.of(new InsuredRecord("P1", false, 20_000,
        new long[] {0, 0, 0, 0})));
    List<Claim> plain = List.of(ReversalsGoldenTest.claim("A1", "P1", 30_000), ReversalsGoldenTest.claim("A2", "P1",
        80_000));
    List<Claim> reversed = List.of(plain.get(0), plain.get(1), ReversalsGoldenTest.reversal("R1", "P1", -30_000, "A1"));
    TwoPartySettlement.Sides sides = TwoPartySettlement.runWith(policy, reversed, insured, new long[0], null, 0,
        java.util.function.UnaryOperator.identity());
    HandshakeSettlement.RefusedException atDataHolder =
        assertInstanceOf(HandshakeSettlement.RefusedException.class, sides.dataHolderFailure());
    HandshakeSettlement.RefusedException atInsurer =
        assertInstanceOf(HandshakeSettlement.RefusedException.class, sides.insurerFailure());
    assertEquals(List.of(Refusal.Kind.REVERSAL), atDataHolder.refusals().stream().map(Refusal::kind).toList());
    assertEquals(List.of(Refusal.Kind.REVERSAL), atInsurer.refusals().stream().map(Refusal::kind).toList());
    assertEquals(List.of(), atInsurer.refusals().get(0).claimIds());
    String outcome = HandshakePropertyTest.settleAndCompare(policy, new BatchGenerator.Batch(plain, insured,
        new long[0]), problem -> problem);
    assertEquals(false, outcome.startsWith("refused"), outcome);
  }
}
