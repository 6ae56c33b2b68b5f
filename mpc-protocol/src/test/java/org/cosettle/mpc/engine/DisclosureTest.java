package org.cosettle.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.cosettle.core.Party;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.Policies;
import org.cosettle.policy.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Handshake mode discloses exactly what the manifest allows, at the data holder and at the insurer:
 * the record of each party's result gate equals the manifest's list, and every message after the
 * secure evaluation is accounted for by it ({@link DisclosureCheck}). {@link PlantedLeakTest}
 * shows the same check failing on planted leaks.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DisclosureTest {
  /** Every folder of {@code testdata/conformance}, so a new example is checked without listing it here. */
  static Stream<String> conformanceExamples() throws IOException {
    try (Stream<Path> dirs = Files.list(Path.of("..", "testdata", "conformance"))) {
      return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
    }
  }

  static DisclosureCheck.Report check(HandshakeSettlementTest.Case c) throws InterruptedException {
    return DisclosureCheck.run(c.policy(), c.claims(), c.insured(), c.params());
  }

  @ParameterizedTest
  @MethodSource("conformanceExamples")
  void eachPartyDisclosesExactlyWhatTheManifestAllowsOnEveryConformanceExample(String name) throws Exception {
    DisclosureCheck.Report report = check(HandshakeSettlementTest.load(name));
    assertEquals("settled", report.outcome());
    assertEquals(List.of(), report.findings());
  }

  @Test
  void aggregatesOnSharesAreOpenedOnlyToTheirRecipients() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.withSharedAggregates("inclusive");
    List<Disclosure> allowed = DisclosureCheck.allowed(c.policy());
    assertTrue(allowed.contains(Disclosure.opened(Disclosure.Kind.AGGREGATE, "by_band", EnumSet.of(Party.DATA_HOLDER))),
        "an aggregate on shares for the data holder alone: " + allowed);
    assertTrue(allowed.contains(Disclosure.opened(Disclosure.Kind.AGGREGATE, "everything", EnumSet.of(Party.INSURER))),
        "an aggregate on shares for the insurer alone: " + allowed);
    DisclosureCheck.Report report = check(c);
    assertEquals("settled", report.outcome());
    assertEquals(List.of(), report.findings());
  }

  @Test
  void whatTheManifestAllowsFollowsItsLearnsSectionsAndThePlan() {
    CompiledPolicy policy = Policies.compile(new Source("mixed.cpl", """
        policy "mixed" version 1
        state paid_ytd: money
        state visits: money
        output mine = claim.total to data_holder
        output told = claim.total to insurer, data_holder
        output joint = claim.total - paid_ytd to data_holder
        update paid_ytd = paid_ytd + claim.total
        update visits = visits + 1.00
        """)).policy();
    assertEquals(List.of(
        Disclosure.opened(Disclosure.Kind.BOUND_VIOLATIONS, "", EnumSet.allOf(Party.class)),
        Disclosure.sent(Disclosure.Kind.OUTPUT, "told", Party.DATA_HOLDER),
        Disclosure.opened(Disclosure.Kind.OUTPUT, "joint", EnumSet.of(Party.DATA_HOLDER)),
        Disclosure.opened(Disclosure.Kind.STATE, "paid_ytd", EnumSet.of(Party.INSURER))),
        DisclosureCheck.allowed(policy), "mine stays at the data holder, visits is the insurer's own");
  }

  @Test
  void aBatchRefusedAtTheStateBoundDisclosesOnlyWhetherAnyStateLeftIt() throws Exception {
    HandshakeSettlementTest.Case c = HandshakeSettlementTest.paidYtdOnShares("inclusive", 99_999_999_999L);
    DisclosureLog[] logs = new DisclosureLog[2];
    DisclosureCheck.Report report = DisclosureCheck.run(c.policy(), c.claims(), c.insured(), c.params(),
        party -> logs[party.ordinal()] = new DisclosureLog(party));
    assertEquals("refused: STATE_OUT_OF_BOUNDS", report.outcome());
    assertEquals(List.of(), report.findings());
    for (DisclosureLog log : logs) {
      assertEquals(List.of(Disclosure.opened(Disclosure.Kind.BOUND_VIOLATIONS, "", EnumSet.allOf(Party.class))),
          log.disclosures(), log.party.cplName());
    }
  }
}
