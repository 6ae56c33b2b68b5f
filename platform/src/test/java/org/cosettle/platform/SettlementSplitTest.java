package org.cosettle.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.InsuredRecord;
import org.cosettle.core.Sex;
import org.cosettle.core.VisitType;
import org.cosettle.policy.BatchResult;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Evaluator;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;

class SettlementSplitTest {
  static final LocalDate DAY = LocalDate.of(2026, 3, 10);

  /** A claim with no items whose payers are given in fen; total is their sum. */
  static Claim claim(String id, long fund, long critical, long assistance, long account, long cash) {
    long total = fund + critical + assistance + account + cash;
    return new Claim(id, "P1", "H1", VisitType.INPATIENT, 3, 20_000, 20_005, "C34.9", 60, Sex.FEMALE,
        total, 0, 0, 0, total, fund, critical, assistance, account, cash, List.of(), 1);
  }

  @Test
  void ordinaryClaimSplitsIntoBasicAccountCommercialAndCash() {
    SettlementRecord r = SettlementSplit.split(claim("C1", 50_000_00, 3_000_00, 1_000_00, 200_00, 31_432_10),
        20_000_00, "INS01", "INS01-C1", DAY);
    assertEquals(85_632_10, r.total());
    assertEquals(54_000_00, r.basicInsurance());
    assertEquals(200_00, r.personalAccount());
    assertEquals(20_000_00, r.commercialPayout());
    assertEquals(11_432_10, r.patientCash());
    assertEquals(SplitFlag.NONE, r.flag());
    assertEquals(0, r.payoutExcess());
    assertEquals(SettlementStatus.SETTLED, r.status());
    assertEquals("", r.reverses());
    assertEquals("H1", r.hospitalId());
    assertEquals("P1", r.insuredId());
  }

  @Test
  void payoutEqualToTheCashShareLeavesThePatientNothingToPay() {
    SettlementRecord r = SettlementSplit.split(claim("C1", 100_00, 0, 0, 0, 900_00), 900_00, "I", "S", DAY);
    assertEquals(900_00, r.commercialPayout());
    assertEquals(0, r.patientCash());
    assertEquals(SplitFlag.NONE, r.flag());
  }

  @Test
  void payoutAboveTheCashShareIsCappedAndReportedNeverANegativePatientShare() {
    SettlementRecord r = SettlementSplit.split(claim("C1", 100_00, 0, 0, 0, 900_00), 1_000_01, "I", "S", DAY);
    assertEquals(900_00, r.commercialPayout());
    assertEquals(0, r.patientCash());
    assertEquals(SplitFlag.PAYOUT_EXCEEDS_CASH, r.flag());
    assertEquals(100_01, r.payoutExcess());
    assertTrue(SettlementSplit.describeFlag(r).contains("payout 1000.01 exceeds the patient's cash share 900.00"),
        SettlementSplit.describeFlag(r));
    assertTrue(r.canonicalJson().endsWith("\"payout_excess\":\"100.01\",\"flag\":\"PAYOUT_EXCEEDS_CASH\"}"));
  }

  @Test
  void anyPositivePayoutOnAClaimWithoutCashIsReported() {
    SettlementRecord r = SettlementSplit.split(claim("C1", 100_00, 0, 0, 50_00, 0), 1, "I", "S", DAY);
    assertEquals(0, r.commercialPayout());
    assertEquals(0, r.patientCash());
    assertEquals(SplitFlag.PAYOUT_EXCEEDS_CASH, r.flag());
    assertEquals(1, r.payoutExcess());
  }

  @Test
  void negativePayoutOnAnOrdinaryClaimIsNotChargedToThePatient() {
    SettlementRecord r = SettlementSplit.split(claim("C1", 100_00, 0, 0, 0, 900_00), -5_00, "I", "S", DAY);
    assertEquals(0, r.commercialPayout());
    assertEquals(900_00, r.patientCash());
    assertEquals(SplitFlag.NEGATIVE_PAYOUT, r.flag());
    assertEquals(-5_00, r.payoutExcess());
  }

  @Test
  void refundCarriesEverySignThroughUnflagged() {
    SettlementRecord r = SettlementSplit.split(claim("C1", -600_00, -10_00, 0, -20_00, -370_00), -500_00, "I", "S", DAY);
    assertEquals(-1000_00, r.total());
    assertEquals(-610_00, r.basicInsurance());
    assertEquals(-20_00, r.personalAccount());
    assertEquals(-500_00, r.commercialPayout());
    assertEquals(130_00, r.patientCash());
    assertEquals(SplitFlag.NONE, r.flag());
  }

  @Test
  void reversalNegatesEveryAmountAndNamesTheOriginal() {
    SettlementRecord r = SettlementSplit.split(claim("C1", 100_00, 0, 0, 0, 900_00), 1_000_00, "I", "S1", DAY);
    SettlementRecord back = r.reversal("S1-R", DAY.plusDays(2));
    assertEquals(SettlementStatus.REVERSED, back.status());
    assertEquals("S1", back.reverses());
    assertEquals("S1", back.rootId());
    assertEquals(-r.total(), back.total());
    assertEquals(-r.commercialPayout(), back.commercialPayout());
    assertEquals(-r.payoutExcess(), back.payoutExcess());
    assertEquals(r.flag(), back.flag());
    assertThrows(IllegalStateException.class, () -> back.reversal("S1-RR", DAY));
  }

  @Test
  void canonicalJsonHasTheFieldsInTheDocumentedOrder() {
    SettlementRecord r = SettlementSplit.split(claim("C\"1", 1_00, 2_00, 3_00, 4_00, 5_00), 2_50, "INS01", "INS01-C1", DAY);
    assertEquals("{\"settlement_id\":\"INS01-C1\",\"settlement_date\":\"2026-03-10\",\"status\":\"SETTLED\","
        + "\"reverses\":\"\",\"hospital_id\":\"H1\",\"insurer_id\":\"INS01\",\"insured_id\":\"P1\","
        + "\"claim_id\":\"C\\\"1\",\"total\":\"15.00\",\"basic_insurance\":\"6.00\",\"personal_account\":\"4.00\","
        + "\"commercial_payout\":\"2.50\",\"patient_cash\":\"2.50\",\"payout_excess\":\"0.00\",\"flag\":\"\"}",
        r.canonicalJson());
  }

  @Test
  void aRecordWhosePartsDoNotAddUpCannotBeBuilt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SettlementRecord("S", DAY,
        SettlementStatus.SETTLED, "", "H", "I", "P", "C", 100, 50, 0, 10, 39, 0, SplitFlag.NONE));
    assertTrue(e.getMessage().startsWith("total: "), e.getMessage());
  }

  private static CompiledPolicy compile(String text) {
    Policies.Result r = Policies.compile(new Source("t.cpl", text));
    assertTrue(r.ok(), r.diagnostics().toString());
    return r.policy();
  }

  @Test
  void batchTakesTheSelectedMoneyOutputOfEachClaimInOrder() throws Exception {
    CompiledPolicy policy = compile("policy \"t\" version 1\n"
        + "output payout = claim.cash_paid * 50% to insurer\n"
        + "output top_up = claim.cash_paid + 1.00 to insurer\n"
        + "output big = claim.total > 1000.00 to insurer\n");
    List<Claim> claims = List.of(claim("C1", 100_00, 0, 0, 0, 900_00), claim("C2", 0, 0, 0, 0, 300_00));
    InsuredFile insured = InsuredFile.of(List.of(), List.of(new InsuredRecord("P1", false, 19_000, new long[0])));
    BatchResult result = Evaluator.evaluate(policy, claims, insured, new long[0]);

    SettlementSplit.Batch plain = SettlementSplit.ofBatch(policy, claims, result,
        new SettlementSplit.Options("payout", "INS01", DAY));
    assertEquals(List.of("INS01-C1", "INS01-C2"), plain.records().stream().map(SettlementRecord::settlementId).toList());
    assertEquals(450_00, plain.records().get(0).commercialPayout());
    assertEquals(150_00, plain.records().get(1).commercialPayout());
    assertTrue(plain.flagged().isEmpty());

    SettlementSplit.Batch topUp = SettlementSplit.ofBatch(policy, claims, result,
        new SettlementSplit.Options("top_up", "", DAY));
    assertEquals("C1", topUp.records().get(0).settlementId());
    assertEquals(2, topUp.flagged().size());
    assertEquals(1_00, topUp.flagged().get(1).payoutExcess());
    assertEquals(2, topUp.jsonLines().split("\n").length);

    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () ->
        SettlementSplit.ofBatch(policy, claims, result, new SettlementSplit.Options("paid", "I", DAY)));
    assertEquals("policy t has no output 'paid' (its outputs: payout, top_up, big)", missing.getMessage());
    IllegalArgumentException notMoney = assertThrows(IllegalArgumentException.class, () ->
        SettlementSplit.ofBatch(policy, claims, result, new SettlementSplit.Options("big", "I", DAY)));
    assertEquals("output 'big' of policy t is bool, not money", notMoney.getMessage());
  }
}
