package org.cosettle.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.function.UnaryOperator;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.mpc.engine.HandshakeSettlement;
import org.cosettle.mpc.engine.TwoPartySettlement;
import org.cosettle.mpc.plan.Refusal;
import org.junit.jupiter.api.Test;

/**
 * Reversals in handshake mode: the hand-worked batch of the plaintext golden test (two reversals
 * between other claims of their person, a bool output, int and money states on shares) settles to
 * the same figures at both parties, and so does the language guide's example; a reversal the batch
 * cannot settle is refused at both parties with plaintext mode's reason at the data holder.
 */
class ReversalsHandshakeTest {
  private static CompiledPolicy policy() throws Exception {
    return Policies.compile(new Source("reversals.cpl", ReversalsGoldenTest.POLICY)).policy();
  }

  private static InsuredFile insured(CompiledPolicy policy) {
    return InsuredFile.of(policy.stateNames(), List.of(new InsuredRecord("P1", false, 20_000, new long[] {0, 0, 0, 0}),
        new InsuredRecord("P2", false, 20_000, new long[] {50_000, 0, 0, 0})));
  }

  @Test
  void reversalsInTheBatchSettleAsInPlaintextMode() throws Exception {
    CompiledPolicy policy = policy();
    List<Claim> claims = List.of(ReversalsGoldenTest.claim("A1", "P1", 30_000),
        ReversalsGoldenTest.claim("A2", "P1", 40_000), ReversalsGoldenTest.reversal("R1", "P1", -30_000, "A1"),
        ReversalsGoldenTest.claim("B1", "P2", 20_000), ReversalsGoldenTest.claim("A3", "P1", 10_000),
        ReversalsGoldenTest.reversal("R2", "P1", -40_000, "A2"));
    TwoPartySettlement.Sides sides = TwoPartySettlement.runWith(policy, claims, insured(policy), new long[0], null, 0,
        UnaryOperator.identity());
    assertNull(sides.dataHolderFailure());
    assertNull(sides.insurerFailure());
    HandshakeSettlement.InsurerOutcome theirs = sides.insurer();
    // the figures of ReversalsGoldenTest: R1 pays back A1's 0.00, R2 A2's 160.00
    assertArrayEquals(new long[] {0, 16_000, 0, 16_000, 0, -16_000}, theirs.outputs()[0]);
    assertArrayEquals(new long[] {0, 1, 0, 1, 0, 1}, theirs.outputs()[1]);
    assertArrayEquals(new long[] {10_000, 50_000}, theirs.states()[0]);
    assertArrayEquals(new long[] {0, 16_000}, theirs.states()[1]);
    assertArrayEquals(new long[] {1, 1}, theirs.states()[2]);
    assertArrayEquals(new long[] {1, 1}, theirs.states()[3]);
    String outcome = HandshakePropertyTest.settleAndCompare(policy, new BatchGenerator.Batch(claims, insured(policy),
        new long[0]), problem -> problem);
    assertEquals("settled", outcome.startsWith("refused") ? outcome : "settled");
  }

  @Test
  void aReversalTheBatchCannotSettleIsRefusedAtBothParties() throws Exception {
    CompiledPolicy policy = policy();
    List<Claim> claims = List.of(ReversalsGoldenTest.claim("A1", "P1", 30_000),
        ReversalsGoldenTest.claim("B1", "P2", 20_000), ReversalsGoldenTest.reversal("R1", "P1", -20_000, "B1"));
    TwoPartySettlement.Sides sides = TwoPartySettlement.runWith(policy, claims, insured(policy), new long[0], null, 0,
        UnaryOperator.identity());
    HandshakeSettlement.RefusedException atDataHolder =
        assertInstanceOf(HandshakeSettlement.RefusedException.class, sides.dataHolderFailure());
    HandshakeSettlement.RefusedException atInsurer =
        assertInstanceOf(HandshakeSettlement.RefusedException.class, sides.insurerFailure());
    assertEquals(List.of(Refusal.Kind.REVERSAL), atDataHolder.refusals().stream().map(Refusal::kind).toList());
    assertEquals(List.of(Refusal.Kind.REVERSAL), atInsurer.refusals().stream().map(Refusal::kind).toList());
    assertEquals("claim R1 (line " + claims.get(2).line() + "): reverses: claim B1 is for insured P2, this reversal for P1; a reversal takes back"
        + " a claim of its own insured person (handshake mode reverses claims of the same batch)",
        atDataHolder.refusals().get(0).detail());
  }
}
