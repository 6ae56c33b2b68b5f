package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.cosettle.core.Claim;
import org.cosettle.core.Party;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.YearlyReversalsHandshakeTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What each party learns of a batch holding reversals is what the manifest says, nothing more: the
 * reversal's outputs and its state step (the reversed claim's increment, negated) stay on shares
 * until the outputs and states are opened to their recipients, checked against the manifest and
 * the wire ({@link DisclosureCheck}). The positive control plants an opening of the state the
 * reversal lowers (so of the increments) to the data holder, and the check reports it. The same
 * for a state per policy year across an anniversary, whose reversals test the recorded year on
 * shares (the test's bit is never opened).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReversalViewTest {
  /** The conformance case's claims with a reversal of its first claim after it, and of its last at the end. */
  private static List<Claim> withReversals(List<Claim> claims) {
    List<Claim> out = new ArrayList<>(claims);
    out.add(1, reversal(claims.get(0), "R-FIRST"));
    out.add(reversal(claims.get(claims.size() - 1), "R-LAST"));
    return out;
  }

  /** A reversal {@code id} of {@code c}: its amounts negated, as a reversal's file line has them. */
  static Claim reversal(Claim c, String id) {
    return new Claim(id, c.insuredId(), c.hospitalId(), c.visitType(), c.hospitalLevel(), c.admissionDate(),
        c.dischargeDate(), c.diagnosis(), c.age(), c.sex(), -c.total(), -c.fullSelfPay(), -c.overLimit(),
        -c.preSelfPay(), -c.inScope(), -c.fundPaid(), -c.criticalPaid(), -c.assistancePaid(), -c.accountPaid(),
        -c.cashPaid(), List.of(), c.route(), c.thresholdApplied(), c.otherInsurerPaid(), c.diagnosisDate(), c.id(),
        c.line());
  }

  /**
   * {@code party}'s log, which opens state {@code state} to both parties, not only to those the
   * manifest names: the planted leak.
   */
  static DisclosureLog openingToBoth(Party party, String state) {
    Set<Party> both = EnumSet.allOf(Party.class);
    return new DisclosureLog(party) {
      @Override
      Set<Party> recipients(Disclosure.Kind k, String n, Set<Party> declared) {
        return k == Disclosure.Kind.STATE && n.equals(state) ? both : declared;
      }
    };
  }

  @Test
  void aBatchWithReversalsOfAPerYearStateDisclosesOnlyWhatTheManifestAllows() throws Exception {
    CompiledPolicy policy = YearlyReversalsHandshakeTest.policy();
    DisclosureCheck.Report report = DisclosureCheck.run(policy, YearlyReversalsHandshakeTest.batch(),
        YearlyReversalsHandshakeTest.insured(policy), new long[0]);
    assertEquals("settled", report.outcome());
    assertEquals(List.of(), report.findings());
  }

  @Test
  void anOpeningOfTheReversedPerYearStateToTheDataHolderIsReported() throws Exception {
    CompiledPolicy policy = YearlyReversalsHandshakeTest.policy();
    DisclosureCheck.Report report = DisclosureCheck.run(policy, YearlyReversalsHandshakeTest.batch(),
        YearlyReversalsHandshakeTest.insured(policy), new long[0], party -> openingToBoth(party, "paid"));
    assertEquals("settled", report.outcome());
    assertTrue(report.findings().contains("at the data holder: not allowed by the manifest: state paid opened to"
        + " data_holder and insurer"), report.findings().toString());
  }

  @Test
  void aBatchWithReversalsDisclosesOnlyWhatTheManifestAllows() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.load("inclusive");
    DisclosureCheck.Report report = DisclosureCheck.run(c.policy(), withReversals(c.claims()), c.insured(), c.params());
    assertEquals("settled", report.outcome());
    assertEquals(List.of(), report.findings());
    assertTrue(report.ways().contains("state opened"), report.ways().toString());
  }

  @Test
  void anOpeningOfTheReversedStateToTheDataHolderIsReported() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.load("inclusive");
    DisclosureLog[] logs = new DisclosureLog[2];
    DisclosureCheck.Report report = DisclosureCheck.run(c.policy(), withReversals(c.claims()), c.insured(), c.params(),
        party -> logs[party.ordinal()] = openingToBoth(party, "paid_ytd"));
    assertEquals("settled", report.outcome());
    assertTrue(report.findings().contains("at the data holder: not allowed by the manifest: state paid_ytd opened to"
        + " data_holder and insurer"), report.findings().toString());
    assertTrue(PlantedLeakTest.receivedDuring(logs[Party.DATA_HOLDER.ordinal()], Disclosure.Kind.STATE, "paid_ytd") > 0,
        "the data holder received the insurer's share of paid_ytd");
  }
}
