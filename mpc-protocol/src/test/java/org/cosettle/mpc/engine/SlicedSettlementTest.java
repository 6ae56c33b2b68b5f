package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.cosettle.core.Claim;
import org.cosettle.core.Party;
import org.cosettle.crypto.channel.ChannelException;
import org.cosettle.crypto.channel.ForwardingChannel;
import org.cosettle.crypto.ot.ProtocolAbortException;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.EvaluationException;
import org.cosettle.policy.Evaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A batch settled in slices of whole insured persons ({@link BatchSlices}), with the slices forced
 * small: every result equals the one-piece run's and the plaintext evaluator's; a person beyond
 * one slice's budget runs alone, one beyond the limit is refused; a state-bound violation in the
 * last slice stops both parties before any result; a fault between slices ends both.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlicedSettlementTest {
  /** The examples with a state on shares run as prefixes, in layers, with aggregates on shares, and with none. */
  private static HandshakeSettlementTest.Case example(String name) throws Exception {
    return name.equals("shared-aggregates") ? HandshakeSettlementTest.withSharedAggregates("inclusive")
        : HandshakeSettlementTest.load(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"inclusive", "special-drug", "shared-aggregates", "hospital-totals"})
  void everyResultOfASlicedRunEqualsTheOnePieceRunsAndThePlaintextEvaluators(String name) throws Exception {
    HandshakeSettlementTest.Case c = example(name);
    BatchResult expected = Evaluator.evaluate(c.policy(), c.claims(), c.insured(), c.params());
    HandshakeSettlementTest.Both whole = settle(c, 0);
    assertEquals(1, whole.dataHolder().stats().slices(), "the default budget holds the example in one slice");
    long[] need = SecureCosts.requirement(Planner.plan(c.policy()), c.claims().size(), 0, 1, 0);
    long perThird = Math.max(1, Arrays.stream(need).sum() / 3);
    // 1: a slice per insured person; a third of the batch's needs: a few persons a slice
    for (long budget : new long[] {1, perThird}) {
      HandshakeSettlementTest.Both sliced = settle(c, budget);
      int slices = sliced.dataHolder().stats().slices();
      assertEquals(slices, sliced.insurer().stats().slices());
      if (name.equals("hospital-totals")) {
        assertEquals(1, slices, "a policy without a secure part is not cut");
      } else {
        assertTrue(slices > 1, name + " with a budget of " + budget + " ran in " + slices + " slice(s)");
      }
      assertSameResults(c, expected, whole, sliced);
    }
  }

  /** The inclusive example, its plan, its claims' insured ids and the most claims one person has (9). */
  private record Inclusive(HandshakeSettlementTest.Case c, Plan plan, List<String> insuredIds, int busiest) {
    static Inclusive load() throws Exception {
      HandshakeSettlementTest.Case c = HandshakeSettlementTest.load("inclusive");
      List<String> insuredIds = c.claims().stream().map(Claim::insuredId).toList();
      return new Inclusive(c, Planner.plan(c.policy()), insuredIds, SecureCosts.maxClaimsPerPerson(insuredIds));
    }
  }

  @Test
  void aPersonWithMoreClaimsThanASliceHoldsHasASliceAlone() throws Exception {
    Inclusive example = Inclusive.load();
    HandshakeSettlementTest.Case c = example.c();
    Plan plan = example.plan();
    List<String> insuredIds = example.insuredIds();
    int busiest = example.busiest();
    long perClaim = Arrays.stream(SecureCosts.sliceRequirement(plan, 1, 0, busiest, 0)).sum();
    long budget = 2 * perClaim; // two claims a slice
    assertEquals(2, BatchSlices.claimsPerSlice(plan, 0, busiest, 0, budget));
    BatchSlices slices = BatchSlices.cut(plan, insuredIds, 0, 0, SettlementLimits.DEFAULTS, budget);
    assertPartition(slices, insuredIds);
    boolean alone = false;
    for (int s = 0; s < slices.count(); s++) {
      BatchSlices.Slice slice = slices.slice(s);
      if (slice.maxClaimsPerPerson() == busiest) {
        assertEquals(1, slice.endPerson() - slice.firstPerson(), "the busiest person's slice holds it alone");
        assertEquals(busiest, slice.claims().length);
        alone = true;
      } else if (slice.endPerson() - slice.firstPerson() > 1) {
        assertTrue(slice.claims().length <= 2, "a slice of several persons keeps to its size");
      }
    }
    assertTrue(alone);
    BatchResult expected = Evaluator.evaluate(c.policy(), c.claims(), c.insured(), c.params());
    HandshakeSettlementTest.Both sliced = settle(c, budget);
    assertEquals(slices.count(), sliced.dataHolder().stats().slices());
    assertSameResults(c, expected, null, sliced);
  }

  @Test
  void aPersonWhoseClaimsNeedMoreThanOneSlicesLimitIsRefusedAtBothBeforeAnythingSecretMoves() throws Exception {
    Inclusive example = Inclusive.load();
    HandshakeSettlementTest.Case c = example.c();
    int busiest = example.busiest();
    // the limit just below what the busiest person's claims need alone (without the batch's end)
    long busiestNeeds = Arrays.stream(SecureCosts.sliceRequirement(example.plan(), busiest, 0, busiest, 0)).sum();
    SettlementLimits limits = new SettlementLimits(1_000_000, busiestNeeds - 1);
    String busiestPerson = example.insuredIds().stream()
        .filter(id -> example.insuredIds().stream().filter(id::equals).count() == busiest).findFirst().orElseThrow();
    String firstClaim = c.claims().stream().filter(x -> x.insuredId().equals(busiestPerson)).findFirst().orElseThrow()
        .id();
    HandshakeSettlement.Hooks hooks = new HandshakeSettlement.Hooks(HandshakeSettlement.BatchCheck.NONE, limits,
        Disclosures.NONE, state -> { });
    TwoPartySettlement.Sides s = TwoPartySettlement.run(c.policy(), c.claims(), c.insured(), c.params(),
        UnaryOperator.identity(), hooks, UnaryOperator.identity(), hooks);
    for (Throwable failure : List.of(s.dataHolderFailure(), s.insurerFailure())) {
      HandshakeSettlement.RefusedException e = (HandshakeSettlement.RefusedException) failure;
      assertEquals(List.of(Refusal.Kind.BATCH_TOO_LARGE), e.refusals().stream().map(Refusal::kind).toList());
      assertTrue(e.getMessage().contains("the " + busiest + " claims of one insured person (the first: " + firstClaim
          + ") need "), e.getMessage());
      assertTrue(e.getMessage().contains(" correlated values, more than the " + (busiestNeeds - 1)
          + " the parties make for one slice; settle some of them in a later batch"), e.getMessage());
    }
    assertEquals(2, s.dataHolderChannel().messagesSent(), "only the metadata and the verdict left the data holder");
    // with the limit at what the busiest person needs with the batch's end, the same batch settles, in several slices
    long withEnd = Arrays.stream(SecureCosts.requirement(example.plan(), busiest, 0, busiest, 0)).sum();
    HandshakeSettlement.Hooks enough = new HandshakeSettlement.Hooks(HandshakeSettlement.BatchCheck.NONE,
        new SettlementLimits(1_000_000, withEnd), Disclosures.NONE, state -> { });
    TwoPartySettlement.Sides fine = TwoPartySettlement.run(c.policy(), c.claims(), c.insured(), c.params(),
        UnaryOperator.identity(), enough, UnaryOperator.identity(), enough);
    assertNull(fine.dataHolderFailure());
    assertTrue(fine.dataHolder().stats().slices() > 1, "slices of a quarter of the limit");
  }

  @Test
  void aStateBoundViolationInTheLastSliceStopsBothPartiesBeforeAnyResult() throws Exception {
    HandshakeSettlementTest.Case fine = HandshakeSettlementTest.paidYtdOnShares("inclusive", 0);
    List<String> insuredIds = fine.claims().stream().map(Claim::insuredId).toList();
    String last = insuredIds.stream().distinct().reduce((a, b) -> b).orElseThrow();
    // paid_ytd of the person whose first claim comes last starts just below the money bound
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.under(fine, fine.policy(),
        r -> r.insuredId().equals(last) ? new long[] {0, 99_999_999_999L} : new long[] {0, 0});
    assertThrows(EvaluationException.class, () -> Evaluator.evaluate(c.policy(), c.claims(), c.insured(), c.params()));
    BatchSlices slices = BatchSlices.cut(Planner.plan(c.policy()), insuredIds, 0, 0, SettlementLimits.DEFAULTS, 1);
    BatchSlices.Slice lastSlice = slices.slice(slices.count() - 1);
    assertTrue(slices.count() > 1);
    assertEquals(last, insuredIds.get(lastSlice.claims()[0]), "the violating person is in the last slice");
    DisclosureLog[] logs = new DisclosureLog[2];
    DisclosureCheck.Report report = DisclosureCheck.run(c.policy(), c.claims(), c.insured(), c.params(),
        party -> logs[party.ordinal()] = new DisclosureLog(party), 1);
    assertEquals("refused: STATE_OUT_OF_BOUNDS", report.outcome());
    assertEquals(List.of(), report.findings());
    for (DisclosureLog log : logs) {
      assertEquals(List.of(Disclosure.opened(Disclosure.Kind.BOUND_VIOLATIONS, "", EnumSet.allOf(Party.class))),
          log.disclosures(), "at the " + log.party + ": the violation bit, and nothing after it");
    }
    // positive control: without the violation the same slices settle and every result is disclosed
    DisclosureCheck.Report settled = DisclosureCheck.run(fine.policy(), fine.claims(), fine.insured(), fine.params(),
        party -> logs[party.ordinal()] = new DisclosureLog(party), 1);
    assertEquals("settled", settled.outcome());
    assertEquals(List.of(), settled.findings());
    assertTrue(logs[Party.INSURER.ordinal()].disclosures().size() > 1);
  }

  @Test
  void whatEachPartyLearnsInSlicesIsWhatTheManifestAllows() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.withSharedAggregates("inclusive");
    DisclosureCheck.Report report = DisclosureCheck.run(c.policy(), c.claims(), c.insured(), c.params(),
        DisclosureLog::new, 1);
    assertEquals("settled", report.outcome());
    assertEquals(List.of(), report.findings());
    assertTrue(report.ways().containsAll(Set.of("aggregate opened", "output opened", "state opened")), report.ways()
        .toString());
  }

  @Test
  void aMessageCutShortBetweenSlicesAbortsBothPartiesWithNothingDisclosed() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.withSharedAggregates("inclusive");
    long clean = cleanRunMessages(c);
    // half way through the messages of a run in a slice per person: inside the slices, after the first
    DisclosureLog[] logs = {new DisclosureLog(Party.DATA_HOLDER), new DisclosureLog(Party.INSURER)};
    AtomicLong sent = new AtomicLong();
    TwoPartySettlement.Sides s = TwoPartySettlement.run(c.policy(), c.claims(), c.insured(), c.params(),
        end -> new ForwardingChannel(logs[0].wire(end)) {
          @Override
          public void send(byte[] message) {
            boolean fault = sent.incrementAndGet() == clean / 2;
            delegate().send(fault ? Arrays.copyOf(message, Math.max(0, message.length - 1)) : message);
          }
        }, TwoPartySettlement.hooks(logs[0], 1), logs[1]::wire, TwoPartySettlement.hooks(logs[1], 1));
    assertTrue(s.insurerFailure() instanceof ProtocolAbortException, String.valueOf(s.insurerFailure()));
    assertTrue(s.dataHolderFailure() instanceof ChannelException
        || s.dataHolderFailure() instanceof ProtocolAbortException, String.valueOf(s.dataHolderFailure()));
    assertNull(s.dataHolder());
    assertNull(s.insurer());
    for (DisclosureLog log : logs) {
      assertEquals(List.of(), log.disclosures(), "at the " + log.party);
    }
  }

  @Test
  void aPeerThatGoesAwayBetweenSlicesEndsTheOther() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.load("special-drug");
    long clean = cleanRunMessages(c);
    AtomicLong received = new AtomicLong();
    TwoPartySettlement.Sides s = TwoPartySettlement.run(c.policy(), c.claims(), c.insured(), c.params(),
        UnaryOperator.identity(), TwoPartySettlement.hooks(Disclosures.NONE, 1), end -> new ForwardingChannel(end) {
          @Override
          public byte[] receive() {
            if (received.incrementAndGet() == clean / 2) {
              delegate().close(); // the insurer's process ends
            }
            return delegate().receive();
          }
        }, TwoPartySettlement.hooks(Disclosures.NONE, 1));
    assertTrue(s.dataHolderFailure() instanceof ChannelException
        || s.dataHolderFailure() instanceof ProtocolAbortException, String.valueOf(s.dataHolderFailure()));
    assertTrue(s.insurerFailure() instanceof ChannelException || s.insurerFailure() instanceof ProtocolAbortException,
        String.valueOf(s.insurerFailure()));
    assertNull(s.dataHolder());
    assertNull(s.insurer());
  }

  /** The messages the data holder sends in a clean run of {@code c} in a slice per person (at least four slices). */
  private static long cleanRunMessages(HandshakeSettlementTest.Case c) throws Exception {
    TwoPartySettlement.Sides s = TwoPartySettlement.runInSlices(c.policy(), c.claims(), c.insured(), c.params(), 1);
    assertNull(s.dataHolderFailure());
    assertTrue(s.dataHolder().stats().slices() >= 4, "slices: " + s.dataHolder().stats().slices());
    return s.dataHolderChannel().messagesSent();
  }

  static HandshakeSettlementTest.Both settle(HandshakeSettlementTest.Case c, long sliceBudget) throws Exception {
    TwoPartySettlement.Sides s = TwoPartySettlement.runInSlices(c.policy(), c.claims(), c.insured(), c.params(),
        sliceBudget);
    if (s.dataHolderFailure() != null) {
      throw s.dataHolderFailure();
    }
    if (s.insurerFailure() != null) {
      throw new IllegalStateException("the insurer failed", s.insurerFailure());
    }
    return new HandshakeSettlementTest.Both(s.dataHolder(), s.insurer());
  }

  /** Every claim in one slice, in file order; a person's claims all in its slice; the persons in order. */
  private static void assertPartition(BatchSlices slices, List<String> insuredIds) {
    Set<Integer> seen = new HashSet<>();
    int nextPerson = 0;
    for (int s = 0; s < slices.count(); s++) {
      BatchSlices.Slice slice = slices.slice(s);
      assertEquals(nextPerson, slice.firstPerson());
      nextPerson = slice.endPerson();
      int previous = -1;
      for (int claim : slice.claims()) {
        assertTrue(claim > previous && seen.add(claim));
        previous = claim;
        int person = slices.person()[claim];
        assertTrue(person >= slice.firstPerson() && person < slice.endPerson());
      }
    }
    assertEquals(insuredIds.size(), seen.size());
    assertEquals(slices.persons(), nextPerson);
  }

  /** Outputs at each recipient, the insurer's states, both parties' aggregates: as plaintext's and {@code whole}'s. */
  private static void assertSameResults(HandshakeSettlementTest.Case c, BatchResult expected,
      HandshakeSettlementTest.Both whole, HandshakeSettlementTest.Both sliced) {
    List<CompiledPolicy.Output> outputs = c.policy().outputs();
    for (int o = 0; o < outputs.size(); o++) {
      long[] want = new long[c.claims().size()];
      for (int claim = 0; claim < want.length; claim++) {
        want[claim] = expected.output(claim, o);
      }
      for (Party party : Party.values()) {
        long[] got = party == Party.DATA_HOLDER ? sliced.dataHolder().outputs()[o] : sliced.insurer().outputs()[o];
        if (outputs.get(o).isFor(party)) {
          assertArrayEquals(want, got, party + "'s " + outputs.get(o).name());
        } else {
          assertNull(got);
        }
      }
      if (whole != null) {
        assertArrayEquals(whole.dataHolder().outputs()[o], sliced.dataHolder().outputs()[o]);
        assertArrayEquals(whole.insurer().outputs()[o], sliced.insurer().outputs()[o]);
      }
    }
    for (int s = 0; s < c.policy().stateNames().size(); s++) {
      for (int r = 0; r < c.insured().records().size(); r++) {
        assertEquals(expected.state(r, s), sliced.insurer().states()[s][r], "state " + s + " of record " + r);
      }
      if (whole != null) {
        assertArrayEquals(whole.insurer().states()[s], sliced.insurer().states()[s]);
      }
    }
    for (Party party : Party.values()) {
      List<BatchResult.AggregateRow> want = new ArrayList<>(HandshakeSettlement.visible(expected.aggregates()).stream()
          .filter(row -> c.policy().aggregates().stream()
              .anyMatch(a -> a.name().equals(row.aggregate()) && a.isFor(party))).toList());
      List<BatchResult.AggregateRow> got = party == Party.INSURER ? sliced.insurer().aggregates()
          : sliced.dataHolder().aggregates();
      assertEquals(want, got, party + "'s aggregates");
      if (whole != null) {
        assertEquals(party == Party.INSURER ? whole.insurer().aggregates() : whole.dataHolder().aggregates(), got);
      }
    }
  }
}
