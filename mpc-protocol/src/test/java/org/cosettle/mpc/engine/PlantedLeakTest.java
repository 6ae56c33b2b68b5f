package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.cosettle.core.Party;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.ir.Ir.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Positive controls of the leak check: a leak planted through the test hooks of {@link
 * Disclosures} (at both parties, as a bug in the engine would be) must be reported, by the check
 * against the manifest when the record shows it and by the check against the wire when it does
 * not. Each test also confirms the leak really happened (a result where it must not be), so a
 * hook that stopped working would fail here instead of proving nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PlantedLeakTest {
  private static final Set<Party> BOTH = EnumSet.allOf(Party.class);

  /** Logs that route one result of {@code kind} and {@code name} to both parties, recorded as such. */
  private static Function<Party, DisclosureLog> toBoth(Disclosure.Kind kind, String name) {
    return party -> new DisclosureLog(party) {
      @Override
      Set<Party> recipients(Disclosure.Kind k, String n, Set<Party> declared) {
        return k == kind && n.equals(name) ? BOTH : declared;
      }
    };
  }

  @Test
  void aStateOpenedToBothInsteadOfTheInsurerIsReportedAtBothParties() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.load("inclusive");
    DisclosureLog[] logs = new DisclosureLog[2];
    DisclosureCheck.Report report = DisclosureCheck.run(c.policy(), c.claims(), c.insured(), c.params(),
        party -> logs[party.ordinal()] = toBoth(Disclosure.Kind.STATE, "paid_ytd").apply(party));
    assertEquals("settled", report.outcome());
    String leak = "not allowed by the manifest: state paid_ytd opened to data_holder and insurer";
    assertEquals(List.of("at the data holder: " + leak,
        "at the data holder: allowed but never disclosed: state paid_ytd opened to insurer",
        "at the insurer: " + leak,
        "at the insurer: allowed but never disclosed: state paid_ytd opened to insurer"), report.findings());
    // the leak is real: the data holder received the insurer's share of the state
    assertTrue(receivedDuring(logs[Party.DATA_HOLDER.ordinal()], Disclosure.Kind.STATE, "paid_ytd") > 0);
  }

  @Test
  void anOutputSentInPlaintextToAPartyItIsNotForIsReportedAtBothParties() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.load("hospital-totals");
    CompiledPolicy policy = c.policy();
    CompiledPolicy.Output payout = policy.outputs().get(0);
    assertEquals(Set.of(Party.DATA_HOLDER), payout.recipients());
    assertEquals(Label.DATA_HOLDER, Planner.plan(policy).site(payout.op()), "the data holder computes payout alone");
    DisclosureLog[] logs = new DisclosureLog[2];
    DisclosureCheck.Report report = DisclosureCheck.run(policy, c.claims(), c.insured(), c.params(),
        party -> logs[party.ordinal()] = toBoth(Disclosure.Kind.OUTPUT, "payout").apply(party));
    assertEquals("settled", report.outcome());
    String leak = "not allowed by the manifest: output payout sent by the data holder to insurer";
    assertEquals(List.of("at the data holder: " + leak, "at the insurer: " + leak), report.findings());
    assertTrue(receivedDuring(logs[Party.INSURER.ordinal()], Disclosure.Kind.OUTPUT, "payout") > 0,
        "the insurer received the data holder's payouts");
  }

  @Test
  void anOpeningToBothThatTheRecordShowsAsToTheInsurerIsCaughtOnTheWire() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.load("inclusive");
    DisclosureCheck.Report report = DisclosureCheck.run(c.policy(), c.claims(), c.insured(), c.params(),
        party -> new DisclosureLog(party) {
          @Override
          Set<Party> onWire(Disclosure.Kind kind, String name, Set<Party> recorded) {
            return kind == Disclosure.Kind.STATE && name.equals("paid_ytd") ? BOTH : recorded;
          }
        });
    assertEquals("settled", report.outcome());
    List<String> findings = report.findings();
    assertEquals(2, findings.size(), findings.toString());
    // the record looks right (no finding against the manifest); each party's wire shows one message too many
    assertTrue(findings.get(0).startsWith("at the data holder: state paid_ytd opened to insurer: the data holder"
        + " sent 1 and received 1 message(s) where it accounts for 1 and 0"), findings.get(0));
    assertTrue(findings.get(1).startsWith("at the insurer: state paid_ytd opened to insurer: the insurer"
        + " sent 1 and received 1 message(s) where it accounts for 0 and 1"), findings.get(1));
  }

  /** The messages {@code log}'s party received in the disclosure of {@code kind} {@code name}. */
  static int receivedDuring(DisclosureLog log, Disclosure.Kind kind, String name) {
    int received = 0;
    boolean in = false;
    for (DisclosureLog.Event e : log.events()) {
      if (e instanceof DisclosureLog.Disclosed d) {
        in = d.disclosure().kind() == kind && d.disclosure().name().equals(name);
      } else if (in && e instanceof DisclosureLog.Message m && !m.sent()) {
        received++;
      }
    }
    return received;
  }
}
