package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.Party;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.ForwardingChannel;
import org.cosettle.crypto.channel.LinkClass;
import org.cosettle.crypto.triples.OtSource;
import org.cosettle.mpc.plan.Refusal;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.PrivateParams;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Handshake mode against the plaintext evaluator, claim by claim, on the conformance examples. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HandshakeSettlementTest {
  record Case(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, long[] params) {}

  static Case load(String name) throws Exception {
    Path dir = Path.of("..", "testdata", "conformance", name);
    Policies.Result r = Policies.compile(new Source("policy.cpl", Files.readString(dir.resolve("policy.cpl"))));
    CompiledPolicy p = r.policy();
    List<Claim> claims = ClaimsFile.read(dir.resolve("claims.jsonl"), "claims.jsonl").claims();
    InsuredFile insured = InsuredFile.read(dir.resolve("insured.csv"), "insured.csv", p.stateNames(), 100);
    Path params = dir.resolve("params.json");
    return new Case(p, claims, insured, PrivateParams.read(Files.exists(params) ? params : null, "params.json", p));
  }

  public record Both(HandshakeSettlement.DataHolderOutcome dataHolder, HandshakeSettlement.InsurerOutcome insurer) {}

  /** The refusal each party gets when handshake mode cannot settle {@code c}; also how many messages the data holder sent. */
  record Refusals(String dataHolder, String insurer, long dataHolderMessages) {}

  static Refusals refusals(Case c) throws Exception {
    TwoPartySettlement.Sides s = TwoPartySettlement.run(c.policy(), c.claims(), c.insured(), c.params(),
        java.util.function.UnaryOperator.identity());
    assertTrue(s.dataHolderFailure() instanceof HandshakeSettlement.RefusedException, String.valueOf(s.dataHolderFailure()));
    assertTrue(s.insurerFailure() instanceof HandshakeSettlement.RefusedException, String.valueOf(s.insurerFailure()));
    return new Refusals(s.dataHolderFailure().getMessage(), s.insurerFailure().getMessage(),
        s.dataHolderChannel().messagesSent());
  }

  /**
   * {@code loaded}'s claims and insured persons under another policy, with the states {@code
   * states} gives each record (as many as the policy declares).
   */
  static Case under(Case loaded, CompiledPolicy policy, java.util.function.Function<InsuredRecord, long[]> states) {
    return new Case(policy, loaded.claims(), InsuredFile.of(policy.stateNames(), loaded.insured().records().stream()
        .map(r -> new InsuredRecord(r.insuredId(), r.preexisting(), r.policyStart(), states.apply(r))).toList()),
        new long[0]);
  }

  /**
   * Example {@code name} (one with a {@code raw}, a {@code payout} and a {@code deductible_left})
   * with four more aggregates, each over both parties' values, so on shares: by hospital, by an
   * enum with a filter, by band of an insurer value for the data holder, and over the batch.
   */
  static Case withSharedAggregates(String name) throws Exception {
    Case loaded = load(name);
    String text = Files.readString(Path.of("..", "testdata", "conformance", name, "policy.cpl")) + """
        aggregate by_hospital = sum(raw) by claim.hospital_id to insurer cohort 2
        aggregate big_by_visit = count() where raw > 100000 by claim.visit_type to insurer, data_holder cohort 1
        aggregate by_band = sum(payout) where insured.preexisting by band(days_between(insured.policy_start, claim.admission_date), [30, 180]) to data_holder cohort 3
        aggregate everything = sum(deductible_left) to insurer
        """;
    CompiledPolicy policy = Policies.compile(new Source("policy.cpl", text)).policy();
    return new Case(policy, loaded.claims(), loaded.insured(), loaded.params());
  }

  /**
   * Example {@code name}'s claims under a policy that keeps {@code paid_ytd} on shares and adds
   * every claim's total to it, the first claim's person starting at {@code firstPaidYtd}.
   */
  static Case paidYtdOnShares(String name, long firstPaidYtd) throws Exception {
    Case loaded = load(name);
    CompiledPolicy policy = Policies.compile(new Source("bound.cpl", """
        policy "bound" version 1
        state deductible_used: money
        state paid_ytd: money
        output seen = claim.total to data_holder
        update paid_ytd = paid_ytd + claim.total
        """)).policy();
    String first = loaded.claims().get(0).insuredId();
    return under(loaded, policy, r -> r.insuredId().equals(first) ? new long[] {0, firstPaidYtd} : r.states());
  }

  static Both settle(Case c) throws Exception {
    return TwoPartySettlement.settle(c.policy(), c.claims(), c.insured(), c.params());
  }

  static Both settle(Case c, LinkClass link) throws Exception {
    return TwoPartySettlement.settle(c.policy(), c.claims(), c.insured(), c.params(), link);
  }

  @ParameterizedTest
  @ValueSource(strings = {"inclusive", "hospital-totals", "special-drug"})
  void everyOutputStateAndAggregateEqualsThePlaintextEvaluators(String name) throws Exception {
    assertEqualToPlaintext(load(name));
  }

  /**
   * A batch large enough that its correlations come from silent OT over a network (the example's
   * claims repeated, so one insured person has dozens of claims; the in-memory pair declares a
   * network link): equal to plaintext as the small ones are.
   */
  @org.junit.jupiter.api.Test
  void aBatchLargeEnoughForSilentOtEqualsThePlaintextEvaluators() throws Exception {
    Case large = largeEnoughForSilentOt();
    assertEqualToPlaintext(large, LinkClass.NETWORK);
  }

  /**
   * The OT source follows the link class both ends declare; ends that declare different classes
   * (one would run silent OT, the other IKNP) are refused before any OT, by both parties.
   */
  @org.junit.jupiter.api.Test
  void partiesWhoseEndsDeclareDifferentLinkClassesBothRefuseTheBatch() throws Exception {
    Case c = load("inclusive");
    for (LinkClass insurerSays : LinkClass.values()) {
      LinkClass dataHolderSays = insurerSays == LinkClass.NETWORK ? LinkClass.IN_PROCESS : LinkClass.NETWORK;
      TwoPartySettlement.Sides s = TwoPartySettlement.run(c.policy(), c.claims(), c.insured(), c.params(),
          channel -> declaring(channel, dataHolderSays), TwoPartySettlement.hooks(Disclosures.NONE, 0),
          channel -> declaring(channel, insurerSays), TwoPartySettlement.hooks(Disclosures.NONE, 0));
      for (Throwable failure : new Throwable[] {s.dataHolderFailure(), s.insurerFailure()}) {
        HandshakeSettlement.RefusedException refused =
            assertInstanceOf(HandshakeSettlement.RefusedException.class, failure);
        assertEquals(Refusal.Kind.UNEXPECTED_METADATA, refused.refusals().get(0).kind(), refused.getMessage());
        assertTrue(refused.refusals().get(0).detail().contains("declares a link of class " + dataHolderSays),
            refused.refusals().get(0).detail());
      }
      // refused at the agreement, before any OT: the data holder sent the metadata and its verdict, got the insurer's
      assertEquals(2, s.dataHolderChannel().messagesSent());
      assertEquals(1, s.dataHolderChannel().messagesReceived());
    }
    // the positive control: ends that agree settle
    TwoPartySettlement.Sides agreed = TwoPartySettlement.run(c.policy(), c.claims(), c.insured(), c.params(),
        channel -> declaring(channel, LinkClass.NETWORK), TwoPartySettlement.hooks(Disclosures.NONE, 0),
        channel -> declaring(channel, LinkClass.NETWORK), TwoPartySettlement.hooks(Disclosures.NONE, 0));
    assertNull(agreed.dataHolderFailure());
    assertNull(agreed.insurerFailure());
  }

  @org.junit.jupiter.api.Test
  void theOtSourceIsIknpInOneProcessAndBySizeOverANetwork() {
    long[] small = {0, 0, 0, 1000, 1000};
    long[] large = {0, 0, 0, PartyRun.SILENT_FROM_OTS, 0};
    assertEquals(OtSource.IKNP, PartyRun.otSource(small, LinkClass.NETWORK));
    assertEquals(OtSource.SILENT, PartyRun.otSource(large, LinkClass.NETWORK));
    assertEquals(OtSource.IKNP, PartyRun.otSource(small, LinkClass.IN_PROCESS));
    assertEquals(OtSource.IKNP, PartyRun.otSource(large, LinkClass.IN_PROCESS));
  }

  /** An end that declares {@code link}, whatever the channel under it declares. */
  private static Channel declaring(Channel channel, LinkClass link) {
    return new ForwardingChannel(channel) {
      @Override
      public LinkClass linkClass() {
        return link;
      }
    };
  }

  /** The example's claims repeated until the batch needs enough OTs for silent OT over a network. */
  private static Case largeEnoughForSilentOt() throws Exception {
    Case small = load("inclusive");
    List<Claim> claims = new java.util.ArrayList<>();
    Case large = new Case(small.policy(), claims, small.insured(), small.params());
    for (int copy = 0; copy < 10_000 && PartyRun.otSource(need(large), LinkClass.NETWORK) != OtSource.SILENT; copy++) {
      for (Claim c : small.claims()) {
        claims.add(new Claim(c.id() + "-" + copy, c.insuredId(), c.hospitalId(), c.visitType(), c.hospitalLevel(),
            c.admissionDate(), c.dischargeDate(), c.diagnosis(), c.age(), c.sex(), c.total(), c.fullSelfPay(),
            c.overLimit(), c.preSelfPay(), c.inScope(), c.fundPaid(), c.criticalPaid(), c.assistancePaid(),
            c.accountPaid(), c.cashPaid(), c.items(), c.line()));
      }
    }
    assertEquals(OtSource.SILENT, PartyRun.otSource(need(large), LinkClass.NETWORK), claims.size() + " claims");
    return large;
  }

  private static long[] need(Case c) {
    org.cosettle.mpc.plan.Plan plan = org.cosettle.mpc.plan.Planner.plan(c.policy());
    return SecureCosts.requirement(plan, c.claims().size(), 0,
        SecureCosts.maxClaimsPerPerson(c.claims().stream().map(Claim::insuredId).toList()), 0);
  }

  static void assertEqualToPlaintext(Case c) throws Exception {
    assertEqualToPlaintext(c, LinkClass.IN_PROCESS);
  }

  static void assertEqualToPlaintext(Case c, LinkClass link) throws Exception {
    BatchResult expected = Evaluator.evaluate(c.policy(), c.claims(), c.insured(), c.params());
    Both got = settle(c, link);
    // the offline phase made exactly what the online phase took
    assertEquals(0, got.dataHolder().stats().correlationsLeft(), "correlations the data holder made and did not use");
    assertEquals(0, got.insurer().stats().correlationsLeft(), "correlations the insurer made and did not use");
    List<CompiledPolicy.Output> outputs = c.policy().outputs();
    for (int o = 0; o < outputs.size(); o++) {
      long[] want = new long[c.claims().size()];
      for (int claim = 0; claim < want.length; claim++) {
        want[claim] = expected.output(claim, o);
      }
      if (outputs.get(o).isFor(Party.DATA_HOLDER)) {
        assertArrayEquals(want, got.dataHolder().outputs()[o], "data holder's " + outputs.get(o).name());
      } else {
        assertNull(got.dataHolder().outputs()[o]);
      }
      if (outputs.get(o).isFor(Party.INSURER)) {
        assertArrayEquals(want, got.insurer().outputs()[o], "insurer's " + outputs.get(o).name());
      } else {
        assertNull(got.insurer().outputs()[o]);
      }
    }
    for (int s = 0; s < c.policy().stateNames().size(); s++) {
      for (int r = 0; r < c.insured().records().size(); r++) {
        assertEquals(expected.state(r, s), got.insurer().states()[s][r], "state " + s + " of record " + r);
      }
    }
    List<BatchResult.AggregateRow> insurerRows = HandshakeSettlement.visible(expected.aggregates()).stream()
        .filter(row -> c.policy().aggregates().stream().anyMatch(
            a -> a.name().equals(row.aggregate()) && a.isFor(Party.INSURER))).toList();
    assertEquals(insurerRows, got.insurer().aggregates());
  }

  @ParameterizedTest
  @ValueSource(strings = {"inclusive"})
  void aStateOnSharesLeavingTheMoneyBoundStopsBothPartiesAsPlaintextDoes(String name) throws Exception {
    Case c = paidYtdOnShares(name, 99_999_999_999L);
    CompiledPolicy policy = c.policy();
    assertTrue(org.cosettle.mpc.plan.Planner.plan(policy).stateShared(1), "paid_ytd is kept on shares");
    assertThrows(org.cosettle.policy.EvaluationException.class,
        () -> Evaluator.evaluate(policy, c.claims(), c.insured(), c.params()));
    HandshakeSettlement.RefusedException e = assertThrows(HandshakeSettlement.RefusedException.class, () -> settle(c));
    assertTrue(e.getMessage().contains("would leave ±1,000,000,000.00"), e.getMessage());
    // with the state at 0 the same batch settles and equals plaintext
    Case fine = paidYtdOnShares(name, 0);
    BatchResult expected = Evaluator.evaluate(policy, fine.claims(), fine.insured(), fine.params());
    Both got = settle(fine);
    for (int r = 0; r < fine.insured().records().size(); r++) {
      assertEquals(expected.state(r, 1), got.insurer().states()[1][r]);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"inclusive"})
  void aFailureInOnePartysOwnPartKeepsItsDetailsThere(String name) throws Exception {
    Case loaded = load(name);
    CompiledPolicy policy = Policies.compile(new Source("local.cpl", """
        policy "local" version 1
        state deductible_used: money
        state paid_ytd: money
        output seen = claim.total to data_holder
        update deductible_used = deductible_used + 1000000.00
        """)).policy();
    Case c = under(loaded, policy, r -> new long[] {99_990_000_000L, 0});
    Refusals r = refusals(c);
    assertEquals("handshake mode cannot settle this batch: the insurer's own part of the evaluation stopped (its"
        + " details stay with the insurer)", r.dataHolder());
    assertTrue(r.insurer().contains("state 'deductible_used' would become"), r.insurer());
  }

  @ParameterizedTest
  @ValueSource(strings = {"inclusive"})
  void aggregatesOverBothPartiesValuesRunOnShares(String name) throws Exception {
    Case c = withSharedAggregates(name);
    CompiledPolicy policy = c.policy();
    org.cosettle.mpc.plan.Plan plan = org.cosettle.mpc.plan.Planner.plan(policy);
    for (org.cosettle.policy.ir.Ir.AggregateStep a : policy.aggregates()) {
      assertNull(SecureCosts.aggregateOwner(plan, a), a.name() + " needs both parties");
    }
    BatchResult expected = Evaluator.evaluate(policy, c.claims(), c.insured(), c.params());
    Both got = settle(c);
    for (Party party : Party.values()) {
      List<BatchResult.AggregateRow> want = HandshakeSettlement.visible(expected.aggregates()).stream()
          .filter(row -> policy.aggregates().stream()
              .anyMatch(a -> a.name().equals(row.aggregate()) && a.isFor(party))).toList();
      assertEquals(want, party == Party.INSURER ? got.insurer().aggregates() : got.dataHolder().aggregates(),
          party.cplName());
    }
    assertTrue(expected.aggregates().stream().anyMatch(BatchResult.AggregateRow::withheld), "some group is withheld");
    assertTrue(expected.aggregates().stream().anyMatch(r -> !r.withheld() && r.claims() > 0), "some group is shown");
  }

  @ParameterizedTest
  @ValueSource(strings = {"inclusive"})
  void aPolicyBeyondTheSecureEvaluatorIsRefusedOnBothSidesBeforeAnythingSecretMoves(String name) throws Exception {
    Case loaded = load(name);
    CompiledPolicy perItem = Policies.compile(new Source("per-item.cpl", """
        policy "per-item" version 1
        private table drug_ratio: ratio by code size 1000000 default 0%
        output payout = sum(item.amount * drug_ratio[item.code] for item in claim.items) to insurer
        """)).policy();
    Case c = under(loaded, perItem, r -> new long[0]);
    Refusals r = refusals(c);
    assertTrue(r.dataHolder().startsWith("handshake mode cannot settle this batch: 3:"), r.dataHolder());
    assertTrue(r.dataHolder().contains("handshake mode looks up at most"), r.dataHolder());
    assertEquals(r.dataHolder(), r.insurer());
    // only the metadata and the data holder's verdict left the data holder
    assertEquals(2, r.dataHolderMessages());
  }

  @ParameterizedTest
  @ValueSource(strings = {"inclusive"})
  void anInsuredIdWithoutARecordAtTheInsurerStopsBothParties(String name) throws Exception {
    Case c = load(name);
    Case missing = new Case(c.policy(), c.claims(), InsuredFile.of(c.insured().stateNames(),
        c.insured().records().subList(1, c.insured().records().size())), c.params());
    HandshakeSettlement.RefusedException e = assertThrows(HandshakeSettlement.RefusedException.class, () -> settle(missing));
    assertTrue(e.getMessage().contains("no insured record"), e.getMessage());
    Refusal refusal = e.refusals().stream().filter(r -> r.kind() == Refusal.Kind.NO_INSURED_RECORD).findFirst()
        .orElseThrow(() -> new AssertionError(e.refusals()));
    // the claims of the person without a record, by id (public metadata), for the platform to route elsewhere
    String missingPerson = c.insured().records().get(0).insuredId();
    assertEquals(c.claims().stream().filter(x -> x.insuredId().equals(missingPerson)).map(Claim::id).toList(),
        refusal.claimIds());
  }
}
