package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.cosettle.core.Claim;
import org.cosettle.crypto.bfv.CountingBackend;
import org.cosettle.crypto.channel.Channel;
import org.cosettle.crypto.channel.ForwardingChannel;
import org.cosettle.crypto.channel.InMemoryChannel;
import org.cosettle.crypto.he.lookup.HeLookupParameters;
import org.cosettle.crypto.random.Prg;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.PrivateValues;
import org.cosettle.policy.Source;
import org.cosettle.policy.eval.CodeTable;
import org.cosettle.policy.ir.CodeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Claim-level private lookups in handshake mode: hand-worked cases of the special-drug policy's
 * claim-level part, what each party sees of the other's data during the lookup (with a planted
 * unmasked reply as the positive control), and a peer that stops in the middle of it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PrivateLookupSettlementTest {
  /** special-drug-table.cpl reduced to its claim-level lookups: a cap per diagnosis and excluded diagnoses. */
  private static final String POLICY = """
      policy "special-drug-claim-level" version 1
      private table diagnosis_cap: money by code size 5000 default 500.00
      private param excluded: set<code>
      let payable = if claim.diagnosis in excluded then 0 else min(claim.in_scope, diagnosis_cap[claim.diagnosis])
      output payout = payable to insurer, data_holder
      """;

  private static CompiledPolicy policy() {
    return Policies.compile(new Source("lookups.cpl", POLICY)).policy();
  }

  /** The insurer's values, in the policy's table order. */
  private static PrivateValues values(Map<String, Long> caps, List<String> excluded) {
    List<CodeTable> tables = new ArrayList<>();
    for (CompiledPolicy.PrivateTable t : policy().privateTables()) {
      tables.add(t.codeSet() ? CodeTable.of(new CodeSet(excluded)) : CodeTable.of(caps, 50_000));
    }
    return new PrivateValues(new long[policy().privateParams().size()], tables);
  }

  /** The lookup of the cap table in {@code plan}. */
  private static org.cosettle.mpc.plan.PrivateLookup cap(Plan plan) {
    return plan.lookups().stream().filter(l -> !l.codeSet()).findFirst().orElseThrow();
  }

  /** The inclusive conformance case's insured persons, without states. */
  static org.cosettle.core.InsuredFile insured() throws Exception {
    return org.cosettle.core.InsuredFile.of(List.of(), HandshakeSettlementTest.load("inclusive").insured().records()
        .stream().map(r -> new org.cosettle.core.InsuredRecord(r.insuredId(), r.preexisting(), r.policyStart(),
            new long[0])).toList());
  }

  /** The inclusive conformance case's claims with these diagnoses, in turn. */
  private static List<Claim> claims(List<String> diagnoses, int copies) throws Exception {
    List<Claim> claims = new ArrayList<>();
    int k = 0;
    for (int copy = 0; copy < copies; copy++) {
      for (Claim claim : HandshakeSettlementTest.load("inclusive").claims()) {
        String diagnosis = diagnoses.get(k++ % diagnoses.size());
        claims.add(new Claim(claim.id() + "-" + copy, claim.insuredId(), claim.hospitalId(), claim.visitType(),
            claim.hospitalLevel(), claim.admissionDate(), claim.dischargeDate(), diagnosis, claim.age(),
            claim.sex(), claim.total(), claim.fullSelfPay(), claim.overLimit(), claim.preSelfPay(), claim.inScope(),
            claim.fundPaid(), claim.criticalPaid(), claim.assistancePaid(), claim.accountPaid(), claim.cashPaid(),
            claim.items(), claim.line()));
      }
    }
    return claims;
  }

  @Test
  void theClaimLevelPartOfTheSpecialDrugPolicyMatchesTheHandWorkedPayouts() throws Exception {
    CompiledPolicy policy = policy();
    // C34.9 capped at 800.00, C50.9 at 0.01; Z51.1 excluded exactly, D0x by the prefix D0*, every
    // code by "*" in the second set; "C3" is neither "C34.9" nor a prefix element
    Map<String, Long> caps = new LinkedHashMap<>();
    caps.put("C34.9", 80_000L);
    caps.put("C50.9", 1L);
    PrivateValues values = values(caps, List.of("Z51.1", "D0*", "D01.2", "C34.9x"));
    List<String> codes = List.of("C34.9", "C50.9", "Z51.1", "D01.2", "D0", "C3", "", "C34.9x", "中医1", "z51.1");
    List<Claim> claims = claims(codes, 1).subList(0, codes.size());
    TwoPartySettlement.Sides s = TwoPartySettlement.run(policy, claims, insured(), values, UnaryOperator.identity(),
        TwoPartySettlement.hooks(Disclosures.NONE, 0), UnaryOperator.identity(), TwoPartySettlement.hooks(Disclosures.NONE, 0));
    assertNull(s.dataHolderFailure(), String.valueOf(s.dataHolderFailure()));
    assertNull(s.insurerFailure(), String.valueOf(s.insurerFailure()));
    long[] want = new long[codes.size()];
    for (int i = 0; i < codes.size(); i++) {
      long inScope = claims.get(i).inScope();
      String d = codes.get(i);
      boolean excluded = d.equals("Z51.1") || d.startsWith("D0") || d.equals("C34.9x");
      long cap = d.equals("C34.9") ? 80_000 : d.equals("C50.9") ? 1 : 50_000;
      want[i] = excluded ? 0 : Math.min(inScope, cap);
    }
    assertArrayEquals(want, s.dataHolder().outputs()[0]);
    assertArrayEquals(want, s.insurer().outputs()[0]);
    BatchResult plain = Evaluator.evaluate(policy, claims, insured(), values);
    for (int i = 0; i < codes.size(); i++) {
      assertEquals(plain.output(i, 0), want[i], "the plaintext evaluator agrees with the hand-worked payout of " + codes.get(i));
    }
    assertEquals(0, s.dataHolder().stats().correlationsLeft());
    assertEquals(0, s.insurer().stats().correlationsLeft());
    // empty table and empty set: the defaults everywhere; the insurer's HE on a backend of its own
    // (the Java tables behind the batch interface), the data holder's on java
    PrivateValues empty = values(Map.of(), List.of());
    CountingBackend insurerBackend = new CountingBackend("counting", false);
    TwoPartySettlement.Sides e = TwoPartySettlement.run(policy, claims, insured(), empty, UnaryOperator.identity(),
        TwoPartySettlement.hooks(Disclosures.NONE, 0), UnaryOperator.identity(),
        TwoPartySettlement.hooks(Disclosures.NONE, 0).withHeBackend(insurerBackend));
    for (int i = 0; i < codes.size(); i++) {
      assertEquals(Math.min(claims.get(i).inScope(), 50_000), e.insurer().outputs()[0][i]);
      assertEquals(Math.min(claims.get(i).inScope(), 50_000), e.dataHolder().outputs()[0][i]);
    }
    // the lookup owner's keys and table were made on it (its context's own check is two calls)
    assertTrue(insurerBackend.calls() > 2, "calls: " + insurerBackend.calls());
  }

  @Test
  void aCodeSetThatDoesNotFitHandshakeModeStopsTheInsurerWithItsReason() {
    Plan plan = Planner.plan(policy());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> PrivateLookups.check(plan, values(Map.of(), List.of("Z51.1234567*"))));
    assertTrue(e.getMessage().contains("prefix element of 11 characters"), e.getMessage());
    // an element another covers is left out: C34* under C*, C34.9 under C*
    assertEquals(List.of("*C", "=D1"), PrivateLookups.insurerKeys(plan.lookups().stream().filter(org.cosettle.mpc.plan.PrivateLookup::codeSet).findFirst().orElseThrow(),
        values(Map.of(), List.of("C34*", "C*", "C34.9", "D1"))));
  }

  /** One side of a lookup run on its own: what it received, in order, and its shares. */
  record Seen(List<byte[]> received, PrivateLookups lookups) {}

  /** Runs the lookups of {@code policy} alone between the two parties; returns the insurer's and the data holder's view. */
  private static Seen[] lookUp(Plan plan, List<String> codes, PrivateValues values) throws Exception {
    int perCopy = HandshakeSettlementTest.load("inclusive").claims().size();
    return lookUp(plan, claims(codes, (codes.size() + perCopy - 1) / perCopy).subList(0, codes.size()), 1, values);
  }

  /** As {@link #lookUp(Plan, List, PrivateValues)} for these claims (their diagnoses and items) and item bound. */
  static Seen[] lookUp(Plan plan, List<Claim> claims, int itemBound, PrivateValues values) throws Exception {
    return lookUp(plan, claims, itemBound, values, Prg.create());
  }

  /** As {@link #lookUp(Plan, List, int, PrivateValues)} with the insurer's randomness (its hash keys) from {@code insurerPrg}. */
  static Seen[] lookUp(Plan plan, List<Claim> claims, int itemBound, PrivateValues values, Prg insurerPrg)
      throws Exception {
    InMemoryChannel.Pair pair = InMemoryChannel.pair(Duration.ofSeconds(170));
    Recording insurerEnd = new Recording(pair.second());
    Recording holderEnd = new Recording(pair.first());
    CompletableFuture<PrivateLookups> insurer = CompletableFuture.supplyAsync(
        () -> PrivateLookups.insurer(plan, insurerEnd, values, claims.size(), itemBound, insurerPrg,
            HeLookupParameters.standard(), SessionHeKeys.NONE));
    PrivateLookups holder = PrivateLookups.dataHolder(plan, holderEnd, claims, itemBound, Prg.create(),
        HeLookupParameters.standard(), SessionHeKeys.NONE);
    return new Seen[] {new Seen(insurerEnd.received, insurer.get(170, TimeUnit.SECONDS)),
        new Seen(holderEnd.received, holder)};
  }

  /** Keeps every message received. */
  static final class Recording extends ForwardingChannel {
    final List<byte[]> received = new ArrayList<>();

    Recording(Channel inner) {
      super(inner);
    }

    @Override
    public byte[] receive() {
      byte[] m = delegate().receive();
      received.add(m);
      return m;
    }

    @Override
    public byte[] receive(Duration timeout) {
      byte[] m = delegate().receive(timeout);
      received.add(m);
      return m;
    }
  }

  static List<Integer> sizes(List<byte[]> messages) {
    return messages.stream().map(m -> m.length).toList();
  }

  /**
   * The insurer's shares of every decoded value of the table, against the values it put in its own
   * store: a share equal to one of them, or share bytes far from uniform, shows a reply the data
   * holder did not mask.
   */
  static void assertInsurerSharesLookRandom(Plan plan, Seen insurer, int claims, PrivateValues values) {
    Set<Long> own = new HashSet<>();
    for (Map.Entry<String, Long> e : values.tables().get(cap(plan).table()).entries().entrySet()) {
      own.add(e.getValue());
    }
    own.add(50_000L);
    int[] all = new int[claims];
    for (int c = 0; c < claims; c++) {
      all[c] = c;
    }
    // once each: rows of one slot (a lookup per item) have the same share
    long[] valueShares = java.util.Arrays.stream(insurer.lookups().values(cap(plan), all)).distinct().toArray();
    long[] histogram = new long[256];
    int hits = 0;
    for (long v : valueShares) {
      hits += own.contains(v) ? 1 : 0;
      for (int b = 0; b < 8; b++) {
        histogram[(int) (v >>> (8 * b)) & 0xff]++;
      }
    }
    double expected = valueShares.length * 8 / 256.0;
    double chi = 0;
    for (long h : histogram) {
      chi += (h - expected) * (h - expected) / expected;
    }
    // 255 degrees of freedom: above 400 has probability below 10^−8 for uniform bytes
    assertTrue(hits == 0 && chi < 400, "the insurer's shares show its table: " + hits + " of " + valueShares.length
        + " equal an entry, χ² = " + chi);
  }

  @Test
  void theInsurersViewOfTheLookupIsTheSameWhateverTheCodes() throws Exception {
    // the cap table alone: a code set's 30 probes per claim would only make the test slower
    Plan plan = Planner.plan(Policies.compile(new Source("cap.cpl", """
        policy "cap" version 1
        private table diagnosis_cap: money by code size 5000 default 500.00
        output payout = min(claim.in_scope, diagnosis_cap[claim.diagnosis]) to insurer
        """)).policy());
    Map<String, Long> caps = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      caps.put("C" + i, 1000L + i);
    }
    PrivateValues values = new PrivateValues(new long[0], List.of(CodeTable.of(caps, 50_000)));
    int n = 60;
    List<String> present = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      present.add("C" + (i % 300));
      absent.add("Q-" + i + "-absent-and-long");
    }
    Seen[] a = lookUp(plan, present, values);
    Seen[] b = lookUp(plan, absent, values);
    assertEquals(sizes(a[0].received()), sizes(b[0].received()), "the same messages, of the same sizes");
    assertInsurerSharesLookRandom(plan, a[0], n, values);
    assertInsurerSharesLookRandom(plan, b[0], n, values);
    // the data holder's view: the same sizes whatever the insurer's table (here empty)
    Seen[] c = lookUp(plan, present, new PrivateValues(new long[0], List.of(CodeTable.of(Map.of(), 50_000))));
    assertEquals(sizes(a[1].received()), sizes(c[1].received()), "the data holder sees the declared sizes only");
    // positive control: a reply the data holder leaves unmasked gives the insurer its entries
    PrivateLookups.plantUnmaskedReply(true);
    try {
      Seen[] leaky = lookUp(plan, present, values);
      AssertionError caught = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
          () -> assertInsurerSharesLookRandom(plan, leaky[0], n, values));
      assertTrue(caught.getMessage().contains("the insurer's shares show its table"), caught.getMessage());
    } finally {
      PrivateLookups.plantUnmaskedReply(false);
    }
  }

  @Test
  void anInsurerThatStopsInTheMiddleOfTheLookupEndsBothWithoutAnOutcome() throws Exception {
    CompiledPolicy policy = policy();
    List<Claim> claims = claims(List.of("C34.9", "Z51.1"), 1);
    // the insurer's end goes away once it sent its lookup setup (the one message above a megabyte)
    UnaryOperator<Channel> stopAfterSetup = inner -> new ForwardingChannel(inner) {
      @Override
      public void send(byte[] message) {
        delegate().send(message);
        if (message.length > (1 << 20)) {
          delegate().close();
          throw new IllegalStateException("the insurer's process ended");
        }
      }
    };
    TwoPartySettlement.Sides s = TwoPartySettlement.run(policy, claims, insured(),
        values(Map.of("C34.9", 80_000L), List.of("Z51.1")), UnaryOperator.identity(),
        TwoPartySettlement.hooks(Disclosures.NONE, 0), stopAfterSetup, TwoPartySettlement.hooks(Disclosures.NONE, 0));
    assertNull(s.dataHolder(), "no outcome at the data holder");
    assertNull(s.insurer(), "no outcome at the insurer");
    assertNotNull(s.dataHolderFailure());
    assertNotNull(s.insurerFailure());
  }
}
