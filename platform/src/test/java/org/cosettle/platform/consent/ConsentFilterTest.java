package org.cosettle.platform.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InsuredFile;
import org.cosettle.platform.consent.ConsentFilter.Reason;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;

class ConsentFilterTest {
  static final Instant NOW = Instant.parse("2026-06-15T08:00:00Z");
  static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant UNTIL = Instant.parse("2026-12-31T23:59:59Z");
  static final Path CONFORMANCE = Path.of("..", "testdata", "conformance");

  static ConsentRecord consent(String id, String insured, String insurer, String purpose, List<String> scope,
      Instant from, Instant until, Instant revoked) {
    return ConsentRecord.unsigned(id, insured, insurer, purpose, scope, from, until, revoked);
  }

  static ConsentRecord valid(String id, String insured) {
    return consent(id, insured, "INS-01", "claim_settlement", List.of("*"), FROM, UNTIL, null);
  }

  static Claim claim(String id, String insured) {
    return new Claim(id, insured, "", org.cosettle.core.VisitType.OUTPATIENT, 1, 0, 0, "A00", 30,
        org.cosettle.core.Sex.FEMALE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0);
  }

  @Test
  void eachRuleOfAConsentLeavesTheClaimOutWithItsReason() {
    List<ConsentRecord> consents = List.of(
        valid("ok", "P0"),
        consent("c1", "P1", "INS-02", "claim_settlement", List.of("*"), FROM, UNTIL, null),
        consent("c2", "P2", "INS-01", "marketing", List.of("*"), FROM, UNTIL, null),
        consent("c3", "P3", "INS-01", "claim_settlement", List.of("*"), Instant.parse("2026-07-01T00:00:00Z"), UNTIL, null),
        consent("c4", "P4", "INS-01", "claim_settlement", List.of("*"), FROM, Instant.parse("2026-06-15T07:59:59Z"), null),
        consent("c5", "P5", "INS-01", "claim_settlement", List.of("*"), FROM, UNTIL, Instant.parse("2026-06-15T08:00:00Z")),
        consent("c6", "P6", "INS-01", "claim_settlement", List.of("claim.*"), FROM, UNTIL, null),
        consent("c7", "P7", "INS-01", "claim_settlement", List.of("claim.*", "item.category"), FROM, UNTIL,
            Instant.parse("2026-06-15T08:00:01Z")),
        consent("c8a", "P8", "INS-02", "claim_settlement", List.of("*"), FROM, UNTIL, null),
        consent("c8b", "P8", "INS-01", "claim_settlement", List.of("*"), FROM, Instant.parse("2026-02-01T00:00:00Z"), null));
    List<Claim> claims = new ArrayList<>();
    for (int i = 0; i <= 9; i++) {
      claims.add(claim("C" + i, "P" + i));
    }
    ConsentFilter.Outcome o = new ConsentFilter(consents, "INS-01", "claim_settlement",
        List.of("claim.total", "item.category", "insured.preexisting"), NOW).apply(claims);
    assertEquals(List.of("C0", "C7"), o.consented().stream().map(Claim::id).toList());
    assertEquals(Set.of("ok", "c7"), o.consentIds());
    Map<String, Reason> reasons = new HashMap<>();
    o.unconsented().forEach(u -> reasons.put(u.claimId(), u.reason()));
    assertEquals(Map.of("C1", Reason.OTHER_INSURER, "C2", Reason.OTHER_PURPOSE, "C3", Reason.NOT_YET_VALID,
        "C4", Reason.EXPIRED, "C5", Reason.REVOKED, "C6", Reason.SCOPE, "C8", Reason.EXPIRED,
        "C9", Reason.NO_CONSENT), reasons);
    assertEquals("consent c8a: for insurer INS-02, not INS-01; consent c8b: expired at 2026-02-01T00:00:00Z",
        o.unconsented().get(6).detail());
    assertEquals("{\"claim_id\":\"C6\",\"detail\":\"consent c6: its scope does not cover item.category\","
        + "\"insured_id\":\"P6\",\"line\":0,\"reason\":\"SCOPE\"}", o.unconsentedJsonl().split("\n")[5]);
  }

  /** Evaluates the conformance example with consents for a subset of insured persons. */
  private static void checkUnconsentedClaimsLeaveNoTrace(String example, Set<String> consentedInsured) throws Exception {
    Path d = CONFORMANCE.resolve(example);
    CompiledPolicy policy = Policies.compile(new Source("policy.cpl", Files.readString(d.resolve("policy.cpl")))).policy();
    List<Claim> claims = ClaimsFile.read(d.resolve("claims.jsonl"), "claims.jsonl").claims();
    InsuredFile insured = InsuredFile.read(d.resolve("insured.csv"), "insured.csv", policy.stateNames(), 10);
    long[] params = new long[policy.privateParams().size()];
    List<ConsentRecord> consents = consentedInsured.stream().map(p -> valid("CN-" + p, p)).toList();
    ConsentFilter.Outcome o = new ConsentFilter(consents, "INS-01", "claim_settlement", policy.fieldsRead(), NOW)
        .apply(claims);
    BatchResult all = Evaluator.evaluate(policy, claims, insured, params);
    BatchResult filtered = Evaluator.evaluate(policy, o.consented(), insured, params);
    assertTrue(!o.unconsented().isEmpty() && !o.consented().isEmpty());

    // no result row for a left-out claim; the others' rows as in the full batch
    List<String> allRows = List.of(all.resultsCsv().split("\n"));
    List<String> expectedRows = new ArrayList<>(List.of(allRows.get(0)));
    for (int i = 0; i < claims.size(); i++) {
      if (consentedInsured.contains(claims.get(i).insuredId())) {
        expectedRows.add(allRows.get(i + 1));
      }
    }
    assertEquals(String.join("\n", expectedRows) + "\n", filtered.resultsCsv());

    // states: untouched for a left-out insured, as in the full batch for the others
    for (int r = 0; r < insured.records().size(); r++) {
      boolean consented = consentedInsured.contains(insured.records().get(r).insuredId());
      for (int s = 0; s < policy.stateNames().size(); s++) {
        long expected = consented ? all.state(r, s) : insured.records().get(r).state(s);
        assertEquals(expected, filtered.state(r, s), insured.records().get(r).insuredId());
      }
    }

    // aggregates: a left-out claim is neither counted nor summed
    int payout = 0;
    Map<String, long[]> owed = new HashMap<>();
    for (int i = 0; i < claims.size(); i++) {
      if (consentedInsured.contains(claims.get(i).insuredId())) {
        long[] t = owed.computeIfAbsent(claims.get(i).hospitalId(), k -> new long[2]);
        t[0] += all.output(i, payout);
        t[1]++;
      }
    }
    for (BatchResult.AggregateRow row : filtered.aggregates()) {
      if (row.aggregate().equals("owed")) {
        assertEquals(owed.get(row.group())[0], row.value(), row.group());
        assertEquals(owed.get(row.group())[1], row.claims(), row.group());
      }
    }
  }

  @Test
  void unconsentedClaimsHaveNoResultRowNoStateChangeAndNoAggregateShare() throws Exception {
    checkUnconsentedClaimsLeaveNoTrace("inclusive", Set.of("P0001", "P0003", "P0005", "P0008"));
    checkUnconsentedClaimsLeaveNoTrace("hospital-totals", Set.of("P0001", "P0002", "P0006", "P0011"));
  }
}
