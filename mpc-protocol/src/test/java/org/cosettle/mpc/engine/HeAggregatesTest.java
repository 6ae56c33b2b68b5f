package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.cosettle.core.Claim;
import org.cosettle.core.Party;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.ChannelException;
import org.cosettle.crypto.channel.ForwardingChannel;
import org.cosettle.crypto.he.lookup.HeLookupParameters;
import org.cosettle.mpc.plan.AggregateCosts;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Aggregates by a key one party owns, summed by either construction (Beaver triples or
 * homomorphic inner products, forced): every aggregate row at both parties equals the plaintext
 * evaluator's, with hospital, enum, bool and band keys of either party, filters on shares, few and
 * many groups, empty groups, cohort rules and several slices; an abort in the middle of a grouped
 * sum fails both parties cleanly.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HeAggregatesTest {
  /**
   * examples/policies/hospital-aggregate.cpl (its payout on shares: a private ratio) with more
   * aggregates keyed by the data holder's and the insurer's plaintext, on the claims of conformance
   * example {@code name} repeated three times, spread over {@code hospitals} hospital ids (0: their own).
   */
  static HandshakeSettlementTest.Case withOwnedKeys(String name, int hospitals) throws Exception {
    HandshakeSettlementTest.Case loaded = HandshakeSettlementTest.load(name);
    java.nio.file.Path example = java.nio.file.Path.of("..", "examples", "policies");
    String text = java.nio.file.Files.readString(example.resolve("hospital-aggregate.cpl")) + """
        aggregate he_paid = count() where pay > 0 by claim.visit_type to insurer, data_holder cohort 1
        aggregate he_by_age = sum(pay) where pay > 1000 by band(patient.age, [18, 45, 65, 80]) to insurer cohort 3
        aggregate he_by_preexisting = sum(pay) by insured.preexisting to data_holder, insurer cohort 1
        aggregate he_big = count() where claim.total > 5000 by insured.preexisting to data_holder cohort 1
        """;
    CompiledPolicy policy = Policies.compile(new Source("policy.cpl", text)).policy();
    long[] params = org.cosettle.policy.PrivateParams.read(example.resolve("hospital-aggregate.params.json"),
        "hospital-aggregate.params.json", policy);
    List<Claim> claims = new ArrayList<>();
    int i = 0;
    for (int copy = 0; copy < 3; copy++) {
      for (Claim c : loaded.claims()) {
        claims.add(new Claim(c.id() + "-" + copy, c.insuredId(), hospitals == 0 ? c.hospitalId()
            : String.format("H%04d", i++ % hospitals), c.visitType(), c.hospitalLevel(), c.admissionDate(),
            c.dischargeDate(), c.diagnosis(), c.age(), c.sex(), c.total(), c.fullSelfPay(), c.overLimit(),
            c.preSelfPay(), c.inScope(), c.fundPaid(), c.criticalPaid(), c.assistancePaid(), c.accountPaid(),
            c.cashPaid(), c.items(), c.line()));
      }
    }
    HandshakeSettlementTest.Case moved = HandshakeSettlementTest.under(loaded, policy, r -> new long[0]);
    return new HandshakeSettlementTest.Case(policy, claims, moved.insured(), params);
  }

  private static TwoPartySettlement.Sides settle(HandshakeSettlementTest.Case c, AggregateCosts.Construction how,
      long sliceBudget, UnaryOperator<Channel> wrap) throws InterruptedException {
    return TwoPartySettlement.runWith(c.policy(), c.claims(), c.insured(), c.params(), how, sliceBudget, wrap);
  }

  /** Both parties settled, with no correlation left over, every aggregate row and payout as the plaintext evaluator's. */
  static void assertEqualToPlaintext(HandshakeSettlementTest.Case c, TwoPartySettlement.Sides got)
      throws Exception {
    assertNull(got.dataHolderFailure());
    assertNull(got.insurerFailure());
    BatchResult expected = Evaluator.evaluate(c.policy(), c.claims(), c.insured(), c.params());
    assertEquals(0, got.dataHolder().stats().correlationsLeft(), "correlations the data holder made and did not use");
    assertEquals(0, got.insurer().stats().correlationsLeft(), "correlations the insurer made and did not use");
    for (Party party : Party.values()) {
      List<BatchResult.AggregateRow> want = HandshakeSettlement.visible(expected.aggregates()).stream()
          .filter(row -> c.policy().aggregates().stream().anyMatch(a -> a.name().equals(row.aggregate())
              && a.isFor(party))).toList();
      assertEquals(want, party == Party.INSURER ? got.insurer().aggregates() : got.dataHolder().aggregates(),
          "aggregates at the " + party);
    }
    for (int c2 = 0; c2 < c.claims().size(); c2++) {
      assertEquals(expected.output(c2, 0), got.dataHolder().outputs()[0][c2], "payout of claim " + c2);
    }
  }

  @ParameterizedTest
  @EnumSource(AggregateCosts.Construction.class)
  void ownedKeysEqualThePlaintextEvaluatorsUnderEitherConstruction(AggregateCosts.Construction how) throws Exception {
    HandshakeSettlementTest.Case c = withOwnedKeys("hospital-totals", 0);
    Plan plan = Planner.plan(c.policy()).forBatch(c.claims().size(), 7, AggregateCosts.LinkKind.WAN, how);
    for (int a = 0; a < c.policy().aggregates().size(); a++) {
      assertEquals(how, plan.construction(a), c.policy().aggregates().get(a).name());
    }
    assertEqualToPlaintext(c, settle(c, how, 0, UnaryOperator.identity()));
  }

  @Test
  void manyHospitalsSomeEmptyInSeveralSlicesEqualThePlaintextEvaluators() throws Exception {
    // 180 claims over 150 hospital ids: many groups of one claim, withheld by the cohort rule
    HandshakeSettlementTest.Case c = withOwnedKeys("hospital-totals", 150);
    long[] bytes = new long[2];
    for (AggregateCosts.Construction how : AggregateCosts.Construction.values()) {
      TwoPartySettlement.Sides got = settle(c, how, how == AggregateCosts.Construction.BEAVER ? 20_000 : 400,
          UnaryOperator.identity());
      assertEqualToPlaintext(c, got);
      assertTrue(got.dataHolder().stats().slices() > 1, "several slices");
      bytes[how.ordinal()] = got.dataHolderChannel().bytesSent() + got.dataHolderChannel().bytesReceived();
    }
    assertTrue(bytes[1] < bytes[0], "HE inner products move fewer bytes at 150 groups: " + bytes[1] + " vs " + bytes[0]);
  }

  @Test
  void anAbortInTheMiddleOfAGroupedSumFailsBothPartiesWithoutAResult() throws Exception {
    HandshakeSettlementTest.Case c = withOwnedKeys("hospital-totals", 0);
    // the data holder's channel breaks as it is about to send its first packed reply
    UnaryOperator<Channel> breakAtReply = channel -> new ForwardingChannel(channel) {
      private boolean setupSeen;

      @Override
      public void send(byte[] message) {
        if (setupSeen && message.length > 80_000 && message.length < 200_000) {
          delegate().close();
          throw new ChannelException("link lost");
        }
        super.send(message);
      }

      @Override
      public byte[] receive(long maxBytes) {
        byte[] message = super.receive(maxBytes);
        setupSeen |= message.length > 1_000_000;
        return message;
      }
    };
    TwoPartySettlement.Sides got = settle(c, AggregateCosts.Construction.HE_INNER_PRODUCTS, 0, breakAtReply);
    assertNotNull(got.dataHolderFailure(), "the data holder fails");
    assertNotNull(got.insurerFailure(), "the insurer fails");
    assertNull(got.dataHolder());
    assertNull(got.insurer());
    assertTrue(HeLookupParameters.sums().replyBytes(7) > 80_000, "a reply is what the channel broke at");
  }
}
