package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cosettle.core.Claim;
import org.cosettle.core.ClaimsFile;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worked examples of the settlement fields (how the basic scheme settled a claim, whether
 * its threshold applied, what another insurer paid), computed by hand here, in plaintext and in
 * handshake mode: the payouts a policy got wrong without them, and the right ones with them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SettlementFieldsGoldenTest {
  private static final String HEAD = "{\"id\":\"%s\",\"insured_id\":\"P%s\",\"visit_type\":\"%s\",\"hospital_level\":2,"
      + "\"admission_date\":\"2026-05-02\",\"discharge_date\":\"2026-05-09\",\"diagnosis\":\"K80.1\","
      + "\"patient\":{\"age\":47,\"sex\":\"F\"},";
  /**
   * A stay below the threshold (起付线): 7,000.00 = 5,800.00 out of catalogue + 1,200.00 in
   * scope, under a threshold of 1,500.00, so the fund paid nothing and the patient all of it.
   */
  private static final String BELOW_THRESHOLD = HEAD.formatted("BELOW", "1", "INPATIENT")
      + "\"total\":\"7000.00\",\"full_self_pay\":\"5800.00\",\"over_limit\":\"0.00\",\"pre_self_pay\":\"0.00\","
      + "\"in_scope\":\"1200.00\",\"fund_paid\":\"0.00\",\"critical_paid\":\"0.00\",\"assistance_paid\":\"0.00\","
      + "\"account_paid\":\"0.00\",\"cash_paid\":\"7000.00\",\"threshold_applied\":true}";
  /** A stay of 20,000.00: the fund paid 11,200.00, the patient 8,800.00, another insurer 3,000.00 of that. */
  private static final String OTHER_INSURER = HEAD.formatted("OTHER", "2", "INPATIENT")
      + "\"total\":\"20000.00\",\"full_self_pay\":\"4000.00\",\"over_limit\":\"0.00\",\"pre_self_pay\":\"1000.00\","
      + "\"in_scope\":\"16000.00\",\"fund_paid\":\"11200.00\",\"critical_paid\":\"0.00\",\"assistance_paid\":\"0.00\","
      + "\"account_paid\":\"0.00\",\"cash_paid\":\"8800.00\",\"threshold_applied\":true,\"other_insurer_paid\":\"3000.00\"}";
  /** An outpatient visit of 5,000.00 the basic scheme did not settle (the patient paid it all). */
  private static final String NOT_SETTLED = HEAD.formatted("NOTSET", "3", "OUTPATIENT")
      + "\"total\":\"5000.00\",\"full_self_pay\":\"0.00\",\"over_limit\":\"0.00\",\"pre_self_pay\":\"0.00\","
      + "\"in_scope\":\"5000.00\",\"fund_paid\":\"0.00\",\"critical_paid\":\"0.00\",\"assistance_paid\":\"0.00\","
      + "\"account_paid\":\"0.00\",\"cash_paid\":\"5000.00\",\"settlement_route\":\"NOT_SETTLED\"}";
  /** {@link #OTHER_INSURER}'s stay settled across areas, nobody else paying. */
  private static final String OUT_OF_AREA = OTHER_INSURER.replace("OTHER", "AREA").replace("\"P2\"", "\"P4\"")
      .replace("\"other_insurer_paid\":\"3000.00\"", "\"settlement_route\":\"OUT_OF_AREA\"");

  private static HandshakeSettlementTest.Case batch(String policyText, String... lines) throws Exception {
    Policies.Result r = Policies.compile(new Source("policy.cpl", policyText));
    assertEquals(List.of(), r.diagnostics());
    CompiledPolicy policy = r.policy();
    List<Claim> claims = new ArrayList<>();
    List<InsuredRecord> people = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      Claim c = ClaimsFile.parseLine(lines[i], "claims.jsonl", i + 1);
      claims.add(c);
      people.add(new InsuredRecord(c.insuredId(), false, 20454, new long[policy.stateNames().size()]));
    }
    return new HandshakeSettlementTest.Case(policy, claims, InsuredFile.of(policy.stateNames(), people), new long[0]);
  }

  /** The first output of every claim in plaintext, after checking that handshake mode gives the same. */
  private static long[] payouts(String policyText, String... lines) throws Exception {
    HandshakeSettlementTest.Case c = batch(policyText, lines);
    HandshakeSettlementTest.assertEqualToPlaintext(c);
    BatchResult plain = Evaluator.evaluate(c.policy(), c.claims(), c.insured(), c.params());
    long[] got = new long[lines.length];
    for (int i = 0; i < got.length; i++) {
      got[i] = plain.output(i, 0);
    }
    return got;
  }

  @Test
  void theExamplePolicyPaysTheHandCalculatedAmounts() throws Exception {
    String policy = Files.readString(Path.of("..", "examples", "policies", "top-up-settlement.cpl"));
    // below the threshold, settled locally: (7,000.00 - 800.00) x 100% = 6,200.00
    // another insurer paid 3,000.00: (8,800.00 - 3,000.00 - 800.00) x 100% = 5,000.00
    // not settled: (5,000.00 - 800.00) x 60% = 2,520.00
    // settled across areas: (8,800.00 - 800.00) x 90% = 7,200.00
    assertArrayEquals(new long[] {6_200_00, 5_000_00, 2_520_00, 7_200_00},
        payouts(policy, BELOW_THRESHOLD, OTHER_INSURER, NOT_SETTLED, OUT_OF_AREA));
  }

  @Test
  void withoutTheFieldsAPolicyPaidTheWrongAmounts() throws Exception {
    // "the fund paid nothing" taken for "not settled": the stay below the threshold at 60%,
    // (7,000.00 - 800.00) x 60% = 3,720.00 instead of 6,200.00
    String fundPaidNothing = """
        policy "fund-paid-nothing" version 1
        let ratio = if claim.fund_paid == 0 then 60% else 100%
        output payout = max(0, claim.cash_paid - 800.00) * ratio to insurer, data_holder
        """;
    assertArrayEquals(new long[] {3_720_00}, payouts(fundPaidNothing, BELOW_THRESHOLD));
    // the other insurer's payment ignored: (8,800.00 - 800.00) x 100% = 8,000.00 instead of 5,000.00
    String ignoresOthers = """
        policy "ignores-others" version 1
        output payout = max(0, claim.cash_paid - 800.00) to insurer, data_holder
        """;
    assertArrayEquals(new long[] {8_000_00}, payouts(ignoresOthers, OTHER_INSURER));
  }

  @Test
  void anotherInsurersPaymentAbsoluteAndRelative() throws Exception {
    // absolute: the payment comes off the loss, then the deductible of 2,000.00 applies in full:
    // (8,800.00 - 3,000.00 - 2,000.00) x 80% = 3,040.00
    String absolute = """
        policy "absolute" version 1
        let loss = max(0, claim.cash_paid - claim.other_insurer_paid)
        output payout = max(0, loss - 2000.00) * 80% to insurer, data_holder
        """;
    // relative: the payment counts toward the deductible, so only what it leaves of it applies:
    // 8,800.00 - max(2,000.00, 3,000.00) = 5,800.00, x 80% = 4,640.00; the plain stay pays
    // (8,800.00 - 2,000.00) x 80% = 5,440.00 under both
    String relative = """
        policy "relative" version 1
        let loss = max(0, claim.cash_paid - max(2000.00, claim.other_insurer_paid))
        output payout = loss * 80% to insurer, data_holder
        """;
    String plain = OUT_OF_AREA.replace("\"settlement_route\":\"OUT_OF_AREA\"", "\"settlement_route\":\"LOCAL\"");
    assertArrayEquals(new long[] {3_040_00, 5_440_00}, payouts(absolute, OTHER_INSURER, plain));
    assertArrayEquals(new long[] {4_640_00, 5_440_00}, payouts(relative, OTHER_INSURER, plain));
  }
}
